// Turning what one check run left behind into a verdict.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kit.h"
#include "process.h"
#include "verdict.h"

namespace threadlings {

/// A verdict record written by a check through tl::write_record (support/threadlings/check.h).
struct CheckRecord {
  std::string verdict;
  std::string message;
  std::string file;
  int line = 0;
};

/// One failed GoogleTest assertion.
struct TestFailure {
  std::string file;
  int line = 0;
  std::string message;
};

/// Everything one check process left behind.
struct CheckFacts {
  std::string test;                  ///< the GoogleTest name that ran
  ProcessResult process;
  std::string tsan_log;              ///< ThreadSanitizer's log files, concatenated
  std::vector<CheckRecord> records;  ///< from $THREADLINGS_RESULT
  bool gtest_finished = false;       ///< GoogleTest wrote its JSON result (the run got to its end)
  int tests_run = 0;                 ///< tests GoogleTest ran (0: the filter matched nothing)
  std::vector<TestFailure> failures;
};

/// Parses the JSON lines of a result file; malformed lines are skipped.
std::vector<CheckRecord> ParseRecords(const std::string& text);

/// Reads GoogleTest's JSON output (--gtest_output=json:FILE) into `facts`; false if unreadable.
bool ParseGtestJson(const std::string& text, CheckFacts* facts);

/// Where a verdict without a better location points: the first TODO of the learner's files.
struct LearnerFiles {
  std::vector<fs::path> files;  ///< absolute paths of the learner's versions of the edited files
  Location todo;                ///< first "TODO:" line among them (or the first file, line 0)
  fs::path exercise_dir;        ///< the exercise's folder (its check); empty if unknown
  bool Contains(const std::string& file) const;
};

/// The perturbation seed the check harness printed ("threadlings-check: seed N"), or "" if
/// none. A number of more than 20 digits is not the harness's (a %llu) and is passed over.
std::string SeedOf(std::string_view output);

/// The verdict for one check run. Precedence: a ThreadSanitizer report; a check's record;
/// the watchdog; a signal; an unfinished run; a failed assertion; a clean pass.
Outcome Classify(const CheckFacts& facts, const LearnerFiles& learner);

}  // namespace threadlings
