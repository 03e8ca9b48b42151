// Taking a submission apart safely: from a student's folder or archive, only the files each
// exercise's manifest lists as edited are copied into a staging folder; everything else that
// differs from the kit is listed as ignored. Nothing in the submission is executed, followed
// (symbolic links) or extracted beyond those files.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "kit.h"

namespace threadlings {

/// Caps that keep a hostile submission from filling the disk or the grader's memory.
struct SubmissionLimits {
  size_t max_file_bytes = 1 << 20;    ///< an edited file larger than this is not taken
  size_t max_entries = 20000;         ///< files and folders looked at in the submission
  size_t max_total_bytes = 256 << 20; ///< bytes read from an archive in all
  size_t max_ignored_listed = 200;    ///< ignored files named in the report; the rest are counted
  /// Bytes of a compressed archive's content decompressed in all: a member is skipped by
  /// decompressing it, so reading stops before a member that would pass this.
  uint64_t max_stream_bytes = uint64_t(1) << 30;
};

/// What was taken from a submission.
struct StagedSubmission {
  fs::path root;  ///< the staging folder: <root>/exercises/<dir>/<file>
  std::map<std::string, std::vector<std::string>> taken;    ///< dir_name -> paths taken (relative)
  std::map<std::string, std::vector<std::string>> missing;  ///< dir_name -> "path: why not taken"
  std::vector<std::string> ignored;  ///< "path (why)", relative to the submission
  size_t ignored_more = 0;
  std::string layout;  ///< how the submission was read, for the report: "folder", "archive (tar.gz)"...
  /// For an upload with the edited files at the top (one exercise): where they sit in it
  /// ("./" or "upload-folder/"), so reports point there rather than at exercises/<dir>/.
  std::string flat_prefix;
  /// Set when StageSubmission failed because of the submission itself (missing, not an
  /// archive, damaged), not because of the grader (its staging folder).
  bool unreadable = false;

  /// The folder holding an exercise's staged files (a Variant's files).
  fs::path ExerciseDir(const Exercise& e) const { return root / "exercises" / e.dir_name; }
};

/// True when `path` names an archive threadlings can read (.zip, .tar, .tar.gz, .tgz, .tar.xz...).
bool IsArchive(const fs::path& path);
/// The archive's name without its extension ("alice" for alice.tar.gz); "" if not an archive.
std::string ArchiveStem(const fs::path& path);

/// Stages `submission` (a folder or an archive) for `exercises` into `stage_dir` (emptied
/// first). A submission whose layout is a kit checkout has exercises/<dir>/<file>; a folder or
/// archive holding one top folder with that layout is read through it; with one exercise
/// graded, the edited files may also sit at the top (an Exercism-style upload). False with a
/// message only when the submission cannot be read at all (the grader's or the caller's
/// problem); missing files are recorded per exercise instead.
bool StageSubmission(const Kit& kit, const fs::path& submission,
                     const std::vector<const Exercise*>& exercises, const fs::path& stage_dir,
                     const SubmissionLimits& limits, StagedSubmission* out, std::string* err);

}  // namespace threadlings
