// The learner's progress: which exercises passed and how many hints each has shown.
// Kept in <kit>/.threadlings/progress.json (or $THREADLINGS_HOME), written atomically under
// a lock, so Ctrl-C or two threadlings at once never leave a half-written file.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "kit.h"

namespace threadlings {

/// The last failed attempt at an exercise, to tell the learner when a new attempt fails
/// exactly as it did.
struct FailedAttempt {
  std::string fingerprint;  ///< the inputs it was made of (see Fingerprint)
  std::string verdict;      ///< the verdict's machine name; empty: no failed attempt
  std::string where;        ///< the learner's line it pointed at ("path:line"), if any
  std::string summary;      ///< its one-line summary

  /// Same verdict, same line, same summary (whatever the files).
  bool FailsLike(const FailedAttempt& other) const {
    return verdict == other.verdict && where == other.where && summary == other.summary;
  }
};

/// Progress of one exercise.
struct ExerciseProgress {
  std::string status;       ///< "" (not started), "failing" or "passed"
  std::string verdict;      ///< the last verdict's machine name
  std::string fingerprint;  ///< inputs of the last pass (see Fingerprint); empty otherwise
  int hints_shown = 0;      ///< how many hints the learner has seen (0..3)
  FailedAttempt last_failure;  ///< the last attempt that failed, since the last pass
};

/// progress.json, format 1.
struct Progress {
  std::map<std::string, ExerciseProgress> exercises;  ///< by exercise name
  std::string current;  ///< the exercise the watch loop is on (set by n and l); empty: the first not passed
};

/// Reads and writes progress.json.
class ProgressStore {
 public:
  /// `program`: how the user runs threadlings, for the way out of a damaged file.
  explicit ProgressStore(fs::path dir, std::string program = "threadlings")
      : dir_(std::move(dir)), program_(std::move(program)) {}

  /// Reads the progress; a missing file is an empty progress. A file that cannot be read or
  /// parsed is an error naming the file, what is kept and how to rebuild it: it is never
  /// silently replaced.
  bool Load(Progress* out, std::string* err) const;

  /// Re-reads, applies `change` and writes back, all under an exclusive lock.
  bool Update(const std::function<void(Progress&)>& change, std::string* err) const;

  fs::path path() const { return dir_ / "progress.json"; }

 private:
  fs::path dir_;
  std::string program_;
};

/// Serialises and parses progress (exposed for tests).
std::string ProgressToJson(const Progress& p);
bool ProgressFromJson(const std::string& text, Progress* out, std::string* err);

/// A stable hash of everything a verdict depends on: the toolchain, the grader version, the
/// manifest, every file of the exercise folder, the learner's files and the support code.
std::string Fingerprint(const Kit& kit, const Exercise& e, const std::string& toolchain_version);

}  // namespace threadlings
