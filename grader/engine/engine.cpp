#include "engine.h"

#include <fmt/core.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "build_lock.h"
#include "compile_errors.h"
#include "include_policy.h"
#include "sanitizer_probe.h"
#include "stacks.h"
#include "term.h"
#include "tsan_report.h"
#include "tsan_symbolize.h"

namespace threadlings {
namespace {

using Clock = std::chrono::steady_clock;

// GoogleTest reads these from the environment; a learner's shell must not change the run.
const std::vector<std::string> kUnsetEnv = {
    "GTEST_FILTER", "GTEST_REPEAT", "GTEST_SHUFFLE", "GTEST_RANDOM_SEED", "GTEST_OUTPUT",
    "GTEST_BREAK_ON_FAILURE", "GTEST_ALSO_RUN_DISABLED_TESTS", "GTEST_FAIL_FAST",
    "GTEST_TOTAL_SHARDS", "GTEST_SHARD_INDEX", "LD_PRELOAD", "TSAN_SYMBOLIZER_PATH", "THREADLINGS_LOCK_ORDER"};

bool HaveGdb() {
  static const bool have = [] {
    ProcessSpec spec;
    spec.argv = {"gdb", "--version"};
    spec.timeout = std::chrono::seconds(10);
    return RunProcess(spec).exit_code == 0;
  }();
  return have;
}

}  // namespace

std::string ReadTsanLogs(const fs::path& dir) {
  std::string all;
  std::error_code ec;
  std::vector<fs::path> logs;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().filename().string().rfind("tsan.", 0) == 0) logs.push_back(entry.path());
  std::sort(logs.begin(), logs.end());
  for (const auto& log : logs) {
    std::string text;
    if (ReadFile(log, &text)) all += text;
  }
  return all;
}

std::string TsanOptions(const fs::path& log_dir, bool tsan_lock_order) {
  return std::string("halt_on_error=1 exitcode=66 detect_deadlocks=") + (tsan_lock_order ? "1" : "0") +
         " second_deadlock_stack=1 "
         "report_thread_leaks=1 report_signal_unsafe=1 atexit_sleep_ms=0 history_size=7 "
         "log_path=" + (log_dir / "tsan").string();
}

void ExplainSandboxLimits(const ProcessResult& p, const SandboxLimits& limits, Outcome* o) {
  if (!limits.enabled) return;
  if (p.memory_limit_hit) {
    o->verdict = Verdict::kCrash;
    o->summary = "the check ran out of memory: it needed more than the sandbox's " +
                 FormatBytes(limits.memory_bytes) + " (memory allocated without end?)";
  } else if (p.signal == SIGXCPU) {
    o->verdict = Verdict::kTimeout;
    o->summary = "the check used up its CPU time (busy threads that never finish?)";
  }
  if (p.pids_limit_hit)
    o->details.insert(o->details.begin(),
                      "it hit the sandbox's cap of " + std::to_string(limits.pids) +
                          " processes and threads: something starts threads or processes without end");
}

Engine::Engine(const Kit& kit, Toolchain toolchain, EngineOptions options)
    : kit_(kit), options_(std::move(options)), tree_(kit, std::move(toolchain)) {
  if (options_.static_checks) static_tools_ = FindStaticTools();
  symbolizer_ = FindSymbolizer();
  if (options_.sandbox.enabled) tree_.ConfineCompiles(options_.sandbox, CompileLimits{});
}

LearnerFiles Engine::LearnerFilesOf(const Target& t) {
  LearnerFiles lf;
  lf.exercise_dir = t.exercise->dir;
  for (const auto& f : t.exercise->manifest.edit) {
    const fs::path p = t.variant.files / f;
    lf.files.push_back(p);
    if (lf.todo.empty()) {
      const int line = FindTodoLine(p);
      if (line > 0) lf.todo = {p.string(), line};
    }
  }
  if (lf.todo.empty() && !lf.files.empty()) lf.todo = {lf.files.front().string(), 0};
  return lf;
}

bool Engine::Prepare(const std::vector<Target>& targets, std::string* err) {
  if (prepared_) {
    *err = prepare_error_;
    return prepare_error_.empty();
  }
  prepared_ = true;
  std::vector<std::pair<const Exercise*, Variant>> all;
  for (const auto& e : kit_.exercises())
    if (e.load_error.empty())
      for (auto& v : KitVariants(kit_, e)) all.emplace_back(&e, v);
  // Variants that are not the kit's own (a graded submission's staged files).
  for (const auto& t : targets) {
    if (!t.exercise->load_error.empty()) continue;
    const bool known = std::any_of(all.begin(), all.end(), [&](const auto& p) {
      return p.first == t.exercise && p.second.tag == t.variant.tag;
    });
    if (!known) all.emplace_back(t.exercise, t.variant);
  }
  // The learner's copy is being built: give their editor the same flags (best effort: a
  // read-only kit only goes without).
  if (std::any_of(targets.begin(), targets.end(), [](const Target& t) { return t.variant.tag == "work"; })) {
    std::string ignored;
    tree_.WriteCompileCommands(kit_.root() / "exercises" / "compile_commands.json", &ignored);
  }
  if (!tree_.Generate(all, &prepare_error_)) {
    *err = prepare_error_;
    return false;
  }
  if (!tree_.SupportIsBuilt())
    Say("building GoogleTest and the precompiled header with ThreadSanitizer (once per compiler; "
        "about a minute)");
  const BuildOutcome support = tree_.BuildSupport();
  if (!support.ok) {
    prepare_error_ = "cannot build the grader's support code (GoogleTest, the check main) with '" +
                     tree_.toolchain().cxx + "':\n" + support.output;
    *err = prepare_error_;
    return false;
  }
  return true;
}

void Engine::Say(const std::string& what) const {
  if (options_.on_progress) options_.on_progress(what);
}

bool Engine::CheckSanitizer(std::string* err) {
  if (!probe_) {
    probe_ = ProbeSanitizerOnce(tree_.Canary(), tree_.dir() / "run" / "canary", tree_.toolchain().cxx,
                                RunProcess);
    if (probe_->no_aslr) {
      no_aslr_ = true;
      std::lock_guard lock(notes_mutex_);
      notes_.push_back(probe_->note);
    }
  }
  *err = probe_->error;
  return probe_->ok;
}

Outcome Engine::BuildOne(const Target& t) {
  Outcome o;
  BuildOutcome b;
  {
    std::lock_guard lock(build_mutex_);
    b = tree_.Build({{t.exercise, t.variant}});
  }
  if (b.ok) {
    o.verdict = Verdict::kPass;
    return o;
  }
  const LearnerFiles lf = LearnerFilesOf(t);
  o.verdict = b.infrastructure ? Verdict::kError : Verdict::kCompileError;
  o.summary = b.infrastructure      ? "the build could not run"
              : !b.limit.empty() ? "the compile was stopped: it went past " + b.limit
                                 : "the code does not compile";
  o.details = CondenseCompilerErrors(b.output, lf.files);
  if (o.details.empty() || !ErrorSite(o.details.front(), &o.where)) o.where = lf.todo;
  if (o.details.empty()) o.details.push_back(b.output.substr(0, 4000));
  o.raw = b.output;
  return o;
}

// A graded submission's targets whose sources open a file the include rule refuses
// (include_policy.h): their outcome, decided before anything of theirs is compiled.
std::vector<std::optional<Outcome>> Engine::RefuseIncludes(const std::vector<Target>& targets) {
  std::vector<std::optional<Outcome>> refused(targets.size());
  if (!options_.sandbox.enabled) return refused;
  for (size_t i = 0; i < targets.size(); ++i) {
    const Target& t = targets[i];
    if (!t.exercise->load_error.empty()) continue;
    Say("checking the includes of " + t.exercise->dir_name);
    IncludeRefusal r = CheckIncludes(tree_, *t.exercise, t.variant, options_.sandbox,
                                     tree_.RunDir(*t.exercise, t.variant) / "includes");
    if (!r.refused) continue;
    Outcome o;
    o.verdict = Verdict::kCompileError;
    o.summary = std::move(r.summary);
    o.details = std::move(r.details);
    o.where = LearnerFilesOf(t).todo;
    refused[i] = std::move(o);
  }
  return refused;
}

StaticInput Engine::StaticInputOf(const Target& t) const {
  StaticInput in;
  in.files = LearnerFilesOf(t).files;
  in.include_dirs = {t.variant.files, t.exercise->dir};
  in.query_file = kit_.SupportDir() / "static" / "threadlings.query";
  in.rules_off = t.exercise->manifest.static_rules_off;
  in.stop_file = tree_.RunDir(*t.exercise, t.variant) / "static" / "stop";
  return in;
}

void Engine::ApplyStatic(StaticResult result, Outcome* o) {
  {
    std::lock_guard lock(notes_mutex_);
    for (auto& note : result.notes)
      if (std::find(notes_.begin(), notes_.end(), note) == notes_.end()) notes_.push_back(std::move(note));
  }
  if (result.findings.empty()) return;
  *o = StaticOutcome(result.findings);
  o->raw = std::move(result.raw);
}

Outcome Engine::BuildAndRun(const Target& t, bool prebuilt, std::mutex* probe_mutex) {
  // The static stage runs beside the one compile of the learner's own code (it keeps one core
  // busy; the tools use the other), beside the checks of a graded submission once it has
  // built (the sandbox's include rules allow it), and after the checks of a target built with
  // many others (most of a kit's variants fail, and the tools would only be stopped).
  std::optional<StaticRun> statics;
  if (options_.static_checks && !options_.sandbox.enabled && !prebuilt) statics.emplace(static_tools_, StaticInputOf(t));
  Say("compiling " + t.exercise->dir_name);
  Outcome o = BuildOne(t);
  if (o.verdict != Verdict::kPass) return o;  // a running static stage is stopped
  if (options_.static_checks && options_.sandbox.enabled) statics.emplace(static_tools_, StaticInputOf(t));
  std::string tsan_err;
  bool tsan_ok;
  {
    std::lock_guard lock(*probe_mutex);  // the sanitizer is probed once, by the first to get here
    tsan_ok = CheckSanitizer(&tsan_err);
  }
  if (!tsan_ok) {
    o.verdict = Verdict::kError;
    o.summary = tsan_err;
    return o;
  }
  o = RunChecks(t);
  if (o.verdict != Verdict::kPass || !options_.static_checks) return o;
  if (!statics) statics.emplace(static_tools_, StaticInputOf(t));
  Say(t.exercise->dir_name + ": static rules");
  ApplyStatic(statics->Wait(), &o);
  return o;
}

CheckFacts Engine::RunCheck(const Target& t, const CheckSpec& check, size_t index) {
  const fs::path dir = tree_.RunDir(*t.exercise, t.variant) / std::to_string(index);
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  ProcessSpec spec;
  spec.argv = {tree_.Binary(*t.exercise, t.variant).string(), "--gtest_filter=" + check.test,
               "--gtest_output=json:" + (dir / "gtest.json").string(), "--gtest_color=no"};
  const bool gate_aware = t.exercise->manifest.gate_aware_lock_order;
  spec.env["TSAN_OPTIONS"] = TsanOptions(dir, !gate_aware);
  if (gate_aware) spec.env["THREADLINGS_LOCK_ORDER"] = "1";
  spec.env["THREADLINGS_RESULT"] = (dir / "result.jsonl").string();
  if (!options_.seed.empty()) spec.env["THREADLINGS_SEED"] = options_.seed;
  spec.unset_env = kUnsetEnv;
  spec.cwd = dir.string();
  spec.timeout = check.timeout;
  spec.no_aslr = no_aslr_;
  spec.hide_system_debug_info = true;
  spec.stacks_on_hang = options_.stacks && HaveGdb();
  if (spec.stacks_on_hang) {
    spec.stop_file = (dir / "stop").string();
    spec.env["THREADLINGS_STOP_FILE"] = spec.stop_file;
  }
  if (options_.sandbox.enabled) {
    spec.sandbox = options_.sandbox;
    spec.sandbox.writable = {dir.string()};
    if (spec.sandbox.cpu_seconds <= 0)
      spec.sandbox.cpu_seconds = SandboxCpuSeconds(std::chrono::duration<double>(check.timeout).count());
    spec.env["TMPDIR"] = dir.string();
  }
  CheckFacts facts;
  facts.test = check.test;
  facts.process = RunProcess(spec);
  facts.tsan_log = SymbolizeMissingFrames(ReadTsanLogs(dir), tree_.Binary(*t.exercise, t.variant), symbolizer_,
                                         options_.sandbox.enabled ? options_.sandbox : SandboxLimits{});
  std::string text;
  if (ReadFile(dir / "result.jsonl", &text)) facts.records = ParseRecords(text);
  if (ReadFile(dir / "gtest.json", &text)) ParseGtestJson(text, &facts);
  return facts;
}

Outcome Engine::RunChecks(const Target& t) {
  const LearnerFiles lf = LearnerFilesOf(t);
  const auto& checks = t.exercise->manifest.checks;
  for (size_t i = 0; i < checks.size(); ++i) {
    Say(fmt::format("{}: check {}/{} {} (watchdog {:.0f} s)", t.exercise->dir_name, i + 1, checks.size(),
                    checks[i].test, std::chrono::duration<double>(checks[i].timeout).count()));
    const CheckFacts facts = RunCheck(t, checks[i], i);
    if (!facts.process.started) {
      Outcome o;
      o.verdict = Verdict::kError;
      o.summary = "cannot run the check: " + facts.process.error;
      return o;
    }
    if (IsTsanFatal(facts.process.output + facts.tsan_log)) {
      Outcome o;
      o.verdict = Verdict::kError;
      o.summary = "ThreadSanitizer failed by itself while running " + checks[i].test +
                  " (not your fault)";
      o.raw = facts.process.output + facts.tsan_log;
      return o;
    }
    Outcome o = Classify(facts, lf);
    if (o.verdict == Verdict::kPass && !facts.process.memory_limit_hit) continue;
    ExplainSandboxLimits(facts.process, options_.sandbox, &o);
    o.seed = SeedOf(facts.process.output);
    if ((o.verdict == Verdict::kDeadlock || o.verdict == Verdict::kTimeout || o.verdict == Verdict::kLivelock) &&
        options_.stacks) {
      const fs::path ex_dir = t.exercise->dir;
      auto keep = [&](const std::string& file) {
        return lf.Contains(file) || fs::path(file).lexically_normal().string().rfind(ex_dir.string(), 0) == 0;
      };
      if (HaveGdb()) {
        Location stuck;
        for (auto& line : CondenseStacks(facts.process.stacks, keep,
                                         [&](const std::string& f) { return lf.Contains(f); }, &stuck))
          o.details.push_back(line);
        // The learner's line where a thread is stuck says more than the TODO line.
        if (!stuck.empty()) o.where = stuck;
      } else {
        o.details.push_back("install gdb to see where each thread was (sudo apt-get install gdb)");
      }
    }
    const std::string tail = facts.process.output.size() > 8000
                                 ? facts.process.output.substr(facts.process.output.size() - 8000)
                                 : facts.process.output;
    if (o.raw.empty()) o.raw = tail;
    if (!facts.process.stacks.empty()) o.raw += "\n" + facts.process.stacks;
    if (facts.process.output_dropped)
      o.details.push_back("(the check printed " + std::to_string(facts.process.output_dropped) +
                          " more bytes than the grader keeps)");
    return o;
  }
  Outcome pass;
  pass.verdict = Verdict::kPass;
  pass.summary = checks.size() == 1 ? "the check passed" : "all " + std::to_string(checks.size()) + " checks passed";
  return pass;
}

std::vector<Outcome> Engine::Verify(const std::vector<Target>& targets,
                                    const std::function<void(const Target&, const Outcome&)>& on_done) {
  std::vector<Outcome> outcomes(targets.size());
  std::string err;
  // Another threadlings on this kit waits until this one's builds and checks are done.
  const BuildFolderLock lock(tree_.dir(), options_.on_wait ? options_.on_wait : PrintNote);
  bool ready = lock.held();
  if (ready) ready = Prepare(targets, &err);
  else err = lock.error();
  const std::vector<std::optional<Outcome>> refused =
      ready ? RefuseIncludes(targets) : std::vector<std::optional<Outcome>>(targets.size());
  if (ready && targets.size() > 1) {
    std::vector<std::pair<const Exercise*, Variant>> all;
    for (size_t i = 0; i < targets.size(); ++i)
      if (targets[i].exercise->load_error.empty() && !refused[i]) all.emplace_back(targets[i].exercise, targets[i].variant);
    Say(fmt::format("compiling {} exercises", all.size()));
    tree_.Build(all, /*keep_going=*/true);  // parallel; failures are reported per target below
  }
  std::mutex done_mutex, probe_mutex;
  auto one = [&](size_t i) {
    const Target& t = targets[i];
    const auto start = Clock::now();
    Outcome o;
    if (!t.exercise->load_error.empty()) {
      o.verdict = Verdict::kError;
      o.summary = "the exercise's manifest is broken (a kit error, not yours)";
      o.details = {t.exercise->load_error};
    } else if (!ready) {
      o.verdict = Verdict::kError;
      o.summary = err;
    } else if (refused[i]) {
      o = *refused[i];
    } else {
      o = BuildAndRun(t, /*prebuilt=*/targets.size() > 1, &probe_mutex);
    }
    o.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::lock_guard lock(done_mutex);
    if (on_done) on_done(t, o);
    outcomes[i] = std::move(o);
  };
  const size_t jobs = std::min(targets.size(), size_t(std::max(1, options_.jobs)));
  if (jobs <= 1) {
    for (size_t i = 0; i < targets.size(); ++i) one(i);
    return outcomes;
  }
  std::atomic<size_t> next{0};
  std::vector<std::thread> workers;
  for (size_t w = 0; w < jobs; ++w)
    workers.emplace_back([&] {
      for (size_t i; (i = next.fetch_add(1)) < targets.size();) one(i);
    });
  for (auto& w : workers) w.join();
  return outcomes;
}

}  // namespace threadlings
