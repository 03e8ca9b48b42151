// Verdicts: the one outcome of verifying an exercise, with its stable name and exit code.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace threadlings {

/// Exit codes of the threadlings command (verify, grade and the rest).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;   ///< an exercise did not pass / a self-check failed
inline constexpr int kExitUsage = 2;    ///< bad command line
inline constexpr int kExitError = 3;    ///< threadlings itself could not do the job

/// Every run ends in exactly one verdict (see DESIGN.md, "Verdicts").
enum class Verdict {
  kPass,
  kCompileError,
  kDataRace,
  kLockOrderInversion,
  kDeadlock,
  kLivelock,
  kStarvation,
  kThreadLeak,
  kCrash,
  kWrongResult,
  kMisuse,
  kUnsafePattern,
  kTimeout,
  kError,
};

/// All verdicts, in the order of the table in DESIGN.md.
const std::vector<Verdict>& AllVerdicts();

/// The stable machine name, e.g. "lock-order-inversion".
std::string_view VerdictName(Verdict v);

/// Parses a machine name; nullopt if unknown.
std::optional<Verdict> ParseVerdict(std::string_view name);

/// The process exit code `threadlings verify` uses when this is the worst verdict.
int VerdictExitCode(Verdict v);

/// One sentence saying what the verdict means, for a learner.
std::string_view VerdictExplanation(Verdict v);

/// What to look at next, for a learner.
std::string_view VerdictNextStep(Verdict v);

/// A place in a file, for messages ("path:line").
struct Location {
  std::string file;  ///< as given (absolute or relative); empty when unknown
  int line = 0;      ///< 1-based; 0 when unknown
  int column = 0;    ///< 1-based; 0 when unknown (only the static stage knows it)
  bool empty() const { return file.empty(); }
};

/// The result of verifying one exercise (or one variant of it).
struct Outcome {
  Verdict verdict = Verdict::kError;
  std::string summary;             ///< one line: what was found ("writer waited 1.2 s, bound 200 ms")
  Location where;                  ///< the learner's line the verdict points at, if any
  std::vector<std::string> details;  ///< condensed report lines, shown under the summary
  std::string raw;                 ///< the full report or output, shown with --verbose
  std::string check;               ///< the check (GoogleTest name) that failed, if any
  std::string seed;                ///< the perturbation seed of the failing run (THREADLINGS_SEED repeats it)
  bool cached = false;             ///< a pass remembered from an earlier run of the same inputs
  double seconds = 0;              ///< wall time spent building and running
};

}  // namespace threadlings
