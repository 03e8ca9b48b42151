// What a submission holds: its files listed from a folder or read from an archive, without
// following a link or extracting anything. Internal to staging (submission.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "submission.h"

namespace threadlings {

/// One file (or link, or special file) of a submission.
struct SubmissionEntry {
  enum class Kind { kFile, kSymlink, kOther };
  std::string path;  ///< relative, '/'-separated, normalised
  Kind kind = Kind::kFile;
  uint64_t size = 0;
  fs::path disk;                       ///< folder submissions: where to read it
  std::optional<std::string> content;  ///< archives: read while listing (if not too big)
};

/// The entries of a submission folder, but for the folders never part of a submission
/// (version control, threadlings' state, builds) and `skip`, by identity (the grading kit
/// and its state, when they sit inside the submission, as `grade --kit .grader .` has it).
/// Past `limits.max_entries` a line goes to `ignored` and the rest are not looked at.
bool ListFolder(const fs::path& root, const SubmissionLimits& limits, const std::vector<fs::path>& skip,
                std::vector<SubmissionEntry>* out, std::vector<std::string>* ignored, std::string* err);

/// The entries of an archive (tar or zip, compressed or not), each regular file's content
/// read within the limits; unsafe paths go to `ignored`. False when it is damaged.
bool ListArchive(const fs::path& file, const SubmissionLimits& limits, std::vector<SubmissionEntry>* out,
                 std::vector<std::string>* ignored, std::string* err);

/// The content of an entry, if it can be read and is not larger than `cap`.
std::optional<std::string> Content(const SubmissionEntry& e, size_t cap);

}  // namespace threadlings
