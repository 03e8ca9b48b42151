// The exercise manifest, exercise.yaml (documented in docs/EXERCISE_FORMAT.md).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "verdict.h"

namespace threadlings {

/// One entry of `checks:`: a GoogleTest test run in its own process.
struct CheckSpec {
  std::string test;                                  ///< "Suite.Test", passed as --gtest_filter
  std::chrono::milliseconds timeout{10'000};         ///< wall-clock limit for the process
};

/// One entry of `mutants:`: a tempting wrong fix under tests/mutants/<folder>/<name>/.
struct MutantSpec {
  std::string name;  ///< folder name under tests/mutants/<exercise folder>/
  std::string why;   ///< why it is tempting and why it is wrong
  Verdict verdict = Verdict::kError;  ///< the verdict this wrong fix must get
};

/// One entry of `contract:`: a rule the README promises of a correct fix, and the checks
/// that prove it. The README lists the same rules, in the same order, under
/// "## What your fix must guarantee" (`dev check` compares them).
struct ContractRule {
  std::string rule;                 ///< one sentence, as in the README
  std::vector<std::string> checks;  ///< names from `checks:` ("Suite.Test")
};

/// exercise.yaml, format 1.
struct Manifest {
  int format = 1;                   ///< manifest format version
  std::string name;                 ///< the folder name without its NN_ prefix
  std::string title;                ///< one line, shown in lists
  std::vector<std::string> topics;  ///< topic-map slugs (topics.h)
  int difficulty = 1;               ///< 1 (first steps) to 5 (hard)
  int points = 0;                   ///< what the exercise is worth when graded
  std::vector<std::string> edit;    ///< files the learner edits, relative to the folder
  Verdict verdict = Verdict::kError;  ///< what the shipped version must get
  std::string fixed;                ///< shown after a pass: what the learner fixed
  std::vector<std::string> hints;   ///< exactly three, escalating
  std::vector<CheckSpec> checks;    ///< run in order, one process each
  std::vector<MutantSpec> mutants;  ///< wrong fixes that must fail
  std::vector<ContractRule> contract;  ///< what a correct fix guarantees, rule by rule
  /// `lock_order: gate-aware`: lock-order inversions are found by the checker that knows gate
  /// locks (support/threadlings/lock_order.cpp) instead of ThreadSanitizer's, which reports a
  /// cycle even when one common mutex guards every edge of it. Default `tsan`.
  bool gate_aware_lock_order = false;
  std::vector<std::string> static_rules_off;  ///< static rules (static_rules.h) this exercise turns off
};

/// The manifest format this grader reads.
inline constexpr int kManifestFormat = 1;

/// Parses and validates a manifest. `path` is used in error messages, which have the form
/// "path:line:col: error: ..." followed by the offending line and a caret.
bool ParseManifest(const std::string& path, const std::string& text, Manifest* out,
                   std::string* err);

/// Reads the file at `path` and parses it.
bool LoadManifest(const std::string& path, Manifest* out, std::string* err);

}  // namespace threadlings
