// The grading engine: build variants of exercises, make sure ThreadSanitizer works, run each
// check in its own watched process, and turn the results into verdicts.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "build.h"
#include "classify.h"
#include "kit.h"
#include "sanitizer_probe.h"
#include "static_check.h"

namespace threadlings {

/// One thing to verify: an exercise with the files of one variant.
struct Target {
  const Exercise* exercise;
  Variant variant;
};

/// Options of a verification run.
struct EngineOptions {
  std::string seed;  ///< THREADLINGS_SEED for the checks; empty: each run draws one
  bool stacks = true;  ///< take every thread's stack with gdb when a check hangs (dev check needs only the verdict)
  /// Run each check in the sandbox (untrusted code: `threadlings grade`). Its `writable` is
  /// set per check (the check's run folder); a zero cpu_seconds becomes SandboxCpuSeconds of
  /// the check's timeout.
  SandboxLimits sandbox;
  int jobs = 1;  ///< targets whose checks run at the same time (builds use every core anyway)
  /// Told when another process holds the build folder and this one waits for it (see
  /// BuildFolderLock); empty: a note on stderr.
  std::function<void(const std::string&)> on_wait;
  /// Told what the engine is doing, one short line at a time ("compiling 01_race_hit_counter",
  /// "01_race_hit_counter: check 2/3 ... (watchdog 20 s)"), for a progress line on a
  /// terminal; called from the thread doing the work. Empty: nothing is said.
  std::function<void(const std::string&)> on_progress;
  /// Run the static stage (static_check.h) on the learner's files: beside the build of one
  /// target, beside the checks in the sandbox (after a successful build), after the checks of
  /// many targets built at once; its findings decide the verdict (unsafe-pattern) only when
  /// every check passed.
  bool static_checks = true;
};

class Engine {
 public:
  Engine(const Kit& kit, Toolchain toolchain, EngineOptions options = {});

  /// Builds all targets (in parallel where ninja can), then runs each one's checks in
  /// order (`jobs` targets at a time). `on_done` is called after each target with its
  /// outcome, from one thread at a time; outcomes come back in the order of `targets`.
  std::vector<Outcome> Verify(const std::vector<Target>& targets,
                              const std::function<void(const Target&, const Outcome&)>& on_done = {});

  /// Notes for the user gathered while running (e.g. ASLR turned off); printed by the caller.
  const std::vector<std::string>& notes() const { return notes_; }

  /// The learner's files of a variant, and where their first TODO is.
  static LearnerFiles LearnerFilesOf(const Target& t);

 private:
  bool Prepare(const std::vector<Target>& targets, std::string* err);
  void Say(const std::string& what) const;
  bool CheckSanitizer(std::string* err);
  Outcome BuildOne(const Target& t);
  std::vector<std::optional<Outcome>> RefuseIncludes(const std::vector<Target>& targets);
  Outcome BuildAndRun(const Target& t, bool prebuilt, std::mutex* probe_mutex);
  StaticInput StaticInputOf(const Target& t) const;
  void ApplyStatic(StaticResult result, Outcome* o);
  Outcome RunChecks(const Target& t);
  CheckFacts RunCheck(const Target& t, const CheckSpec& check, size_t index);

  const Kit& kit_;
  EngineOptions options_;
  BuildTree tree_;
  bool prepared_ = false;
  std::string prepare_error_;
  std::optional<ProbeResult> probe_;
  bool no_aslr_ = false;
  std::vector<std::string> notes_;
  std::mutex build_mutex_;  ///< one ninja at a time in the build folder
  StaticTools static_tools_;
  std::string symbolizer_;  ///< llvm-symbolizer, for frames ThreadSanitizer left without a file
  std::mutex notes_mutex_;  ///< the static stage's notes come from the targets' threads
};

/// A check stopped by the sandbox: says which limit (memory, CPU time, the process cap) in
/// `o`, rather than "killed by SIGKILL". Nothing when the sandbox was off.
void ExplainSandboxLimits(const ProcessResult& p, const SandboxLimits& limits, Outcome* o);

/// The ThreadSanitizer log files (tsan.<pid>) in `dir`, concatenated in name order.
std::string ReadTsanLogs(const fs::path& dir);

/// The ThreadSanitizer options the grader sets for every check (never the environment's);
/// `tsan_lock_order` false turns its deadlock detector off (the exercise uses the gate-aware one).
std::string TsanOptions(const fs::path& log_dir, bool tsan_lock_order = true);

}  // namespace threadlings
