// The blind attempt corpus: wrong and right fixes written from an exercise's README and the
// learner's file alone, by people who never saw its checks. Each lives in
// tests/attempts/<exercise folder>/<name>/ with the edited files and attempt.yaml:
//   expect: data-race          # the verdict it must get (pass for a right fix)
//   why: "one line: what the attempt does and why that is right or wrong"
//   known_gap: "why no check can force it yet"   # optional, wrong attempts only
#pragma once

#include <string>
#include <vector>

#include "kit.h"
#include "verdict.h"

namespace threadlings {

/// One attempt at an exercise.
struct Attempt {
  std::string name;  ///< its folder's name
  fs::path dir;      ///< the folder holding its edited files
  Verdict expect = Verdict::kError;  ///< the verdict it must get; kPass for a right fix
  std::string why;   ///< one line: what it does, why it is right or wrong
  /// Set for a real bug that no run of the checks can show yet (`known_gap:` says why): dev
  /// check lists it as a gap instead of failing, and the tally counts it as missed.
  std::string known_gap;
};

/// tests/attempts/<exercise folder>/ of `e` (it may not exist).
fs::path AttemptsDir(const Kit& kit, const Exercise& e);

/// Every attempt of `e`, sorted by name. A folder whose attempt.yaml is missing or broken,
/// or that lacks one of the edited files, is left out and described in `problems`.
std::vector<Attempt> LoadAttempts(const Kit& kit, const Exercise& e, std::vector<std::string>* problems);

/// Parses an attempt.yaml; false with a "path:line:col: error: ..." message.
bool ParseAttempt(const std::string& path, const std::string& text, Attempt* out, std::string* err);

}  // namespace threadlings
