// The learner's progress: which exercises passed and how many hints each has shown.
// Kept in <kit>/.threadlings/progress.json (or $THREADLINGS_HOME), written atomically under
// a lock, so Ctrl-C or two threadlings at once never leave a half-written file.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "kit.h"

namespace threadlings {

/// Progress of one exercise.
struct ExerciseProgress {
  std::string status;       ///< "" (not started), "failing" or "passed"
  std::string verdict;      ///< the last verdict's machine name
  std::string fingerprint;  ///< inputs of the last pass (see Fingerprint); empty otherwise
  int hints_shown = 0;      ///< how many hints the learner has seen (0..3)
};

/// progress.json, format 1.
struct Progress {
  std::map<std::string, ExerciseProgress> exercises;  ///< by exercise name
  std::string current;  ///< the exercise the watch loop is on (set by n and l); empty: the first not passed
};

/// Reads and writes progress.json.
class ProgressStore {
 public:
  explicit ProgressStore(fs::path dir) : dir_(std::move(dir)) {}

  /// Reads the progress; a missing file is an empty progress. A file that cannot be read or
  /// parsed is an error naming the file and what to do: it is never silently replaced.
  bool Load(Progress* out, std::string* err) const;

  /// Re-reads, applies `change` and writes back, all under an exclusive lock.
  bool Update(const std::function<void(Progress&)>& change, std::string* err) const;

  fs::path path() const { return dir_ / "progress.json"; }

 private:
  fs::path dir_;
};

/// Serialises and parses progress (exposed for tests).
std::string ProgressToJson(const Progress& p);
bool ProgressFromJson(const std::string& text, Progress* out, std::string* err);

/// A stable hash of everything a verdict depends on: the toolchain, the grader version, the
/// manifest, every file of the exercise folder, the learner's files and the support code.
std::string Fingerprint(const Kit& kit, const Exercise& e, const std::string& toolchain_version);

}  // namespace threadlings
