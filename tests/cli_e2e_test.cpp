// End-to-end tests: the real threadlings binary on a fixture kit (tests/fixtures/kit), whose
// exercises are built with ThreadSanitizer by the compiler this project was built with.
// The fixture kit is copied to one work folder that the tests share (so GoogleTest is
// built once); CTest runs them one at a time (RESOURCE_LOCK).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>

#include <cctype>
#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <thread>

#include "build.h"
#include "build_lock.h"
#include "kit.h"
#include "process.h"

namespace threadlings {
namespace {

const fs::path kFixture = fs::path(THREADLINGS_TEST_DATA_DIR) / "fixtures" / "kit";
const fs::path kWork = fs::path(THREADLINGS_E2E_WORK_DIR) / "kit";

struct CliRun {
  int code = -1;
  std::string out;
  double seconds = 0;
};

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    // Fresh copies of the fixture files (the build cache in .threadlings/build is kept).
    fs::create_directories(kWork);
    for (const char* dir : {"exercises", "solutions", "tests"}) fs::remove_all(kWork / dir);
    fs::copy(kFixture, kWork, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    if (!fs::exists(kWork / "support"))
      fs::create_directory_symlink(fs::path(THREADLINGS_TEST_DATA_DIR).parent_path() / "support",
                                   kWork / "support");
    fs::remove(kWork / ".threadlings" / "progress.json");
    fs::remove_all(kWork / ".threadlings" / "backup");
  }

  CliRun Threadlings(std::vector<std::string> args, const std::string& cwd = "",
                     const std::map<std::string, std::string>& env = {}) {
    ProcessSpec spec;
    spec.argv = {THREADLINGS_BINARY, "--kit", kWork.string(), "--color", "never"};
    spec.argv.insert(spec.argv.end(), args.begin(), args.end());
    spec.timeout = std::chrono::minutes(5);
    spec.cwd = cwd.empty() ? kWork.string() : cwd;
    spec.unset_env = {"THREADLINGS_HOME", "THREADLINGS_CXX", "THREADLINGS_KIT", "NO_COLOR"};
    spec.env = env;
    const ProcessResult r = RunProcess(spec);
    return {r.timed_out ? -2 : r.exit_code, r.output, r.seconds};
  }

  static void Write(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  }
  static std::string Read(const fs::path& path) {
    std::string text;
    ReadFile(path, &text);
    return text;
  }
  static void UseSolution() {
    fs::copy_file(kWork / "solutions/01_fx_counter/counter.h",
                  kWork / "exercises/01_fx_counter/counter.h", fs::copy_options::overwrite_existing);
  }
};

#define EXPECT_HAS(haystack, needle) \
  EXPECT_NE((haystack).find(needle), std::string::npos) << "missing: " << (needle) << "\nin:\n" << (haystack)
#define EXPECT_LACKS(haystack, needle) \
  EXPECT_EQ((haystack).find(needle), std::string::npos) << "unexpected: " << (needle) << "\n" << (haystack)

TEST_F(Cli, HelpOnEveryCommand) {
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"--help"}, {"list", "--help"}, {"verify", "--help"}, {"hint", "--help"},
           {"reset", "--help"}, {"solution", "--help"}, {"dev", "check", "--help"},
           {"dev", "pristine", "--help"}, {"dev", "cards", "--help"}, {"quiz", "--help"},
           {"interview", "--help"}, {"stats", "--help"}, {"export", "--help"}, {"config", "--help"}}) {
    const CliRun r = Threadlings(args);
    EXPECT_EQ(r.code, 0) << args[0];
    EXPECT_HAS(r.out, "Usage:");
  }
}

TEST_F(Cli, UnknownCommandGetsASuggestion) {
  const CliRun r = Threadlings({"lst"});
  EXPECT_EQ(r.code, 2);
  EXPECT_HAS(r.out, "threadlings: error: unknown command 'lst' (did you mean 'list'?)");
}

TEST_F(Cli, UnknownExerciseGetsASuggestion) {
  const CliRun r = Threadlings({"verify", "fx_countr"});
  EXPECT_EQ(r.code, 2);
  EXPECT_HAS(r.out, "threadlings: error: unknown exercise 'fx_countr' (did you mean 'fx_counter'?)");
}

TEST_F(Cli, ExercisesCanBeNamedByTheirNumber) {
  EXPECT_HAS(Threadlings({"hint", "1"}).out, "Hint 1/3 (a nudge): 01_fx_counter");
  EXPECT_HAS(Threadlings({"hint", "01"}).out, "Hint 2/3 (a question): 01_fx_counter");
  const CliRun r = Threadlings({"hint", "9"});
  EXPECT_EQ(r.code, 2);
  EXPECT_HAS(r.out, "threadlings: error: unknown exercise '9'");
  const CliRun w = Threadlings({"watch", "fx_nope"});
  EXPECT_EQ(w.code, 2);
  EXPECT_HAS(w.out, "threadlings: error: unknown exercise 'fx_nope'");
}

TEST_F(Cli, StatusShowsTheCurrentExercise) {
  const CliRun r = Threadlings({"status"});
  EXPECT_EQ(r.code, 0);
  EXPECT_HAS(r.out, "0/6 exercises passed");
  EXPECT_HAS(r.out, "Current: 01_fx_counter");
  EXPECT_HAS(r.out, "Edit:    exercises/01_fx_counter/counter.h:4");
}

TEST_F(Cli, ListShowsStatusAndBrokenManifests) {
  const CliRun r = Threadlings({"list"});
  EXPECT_EQ(r.code, 0);
  EXPECT_HAS(r.out, "01_fx_counter");
  EXPECT_HAS(r.out, "not started");
  EXPECT_HAS(r.out, "broken manifest");
}

TEST_F(Cli, DataRaceThenFixThenCachedPass) {
  CliRun r = Threadlings({"verify", "fx_counter"});
  EXPECT_EQ(r.code, 1);
  EXPECT_HAS(r.out, "data-race 01_fx_counter");
  EXPECT_HAS(r.out, "exercises/01_fx_counter/counter.h:5: ThreadSanitizer: data race");
  EXPECT_HAS(r.out, "exercises/01_fx_counter/counter.h:5 in Counter::add, holding no mutex");
  EXPECT_HAS(r.out, "Next:");
  EXPECT_HAS(Threadlings({"list"}).out, "failing (data-race)");

  UseSolution();
  r = Threadlings({"verify", "fx_counter"});
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_HAS(r.out, "pass 01_fx_counter");
  EXPECT_HAS(r.out, "What you fixed: The counter is atomic.");

  r = Threadlings({"verify", "fx_counter"});
  EXPECT_EQ(r.code, 0);
  EXPECT_HAS(r.out, "unchanged since it passed");
  EXPECT_HAS(Threadlings({"list"}).out, "passed");
  EXPECT_HAS(Threadlings({"status"}).out, "1/6 exercises passed");
}

TEST_F(Cli, LostWakeupIsADeadlockWithStacks) {
  const CliRun r = Threadlings({"verify", "fx_hang"});
  EXPECT_EQ(r.code, 1);
  EXPECT_HAS(r.out, "deadlock 02_fx_hang");
  // The verdict points at the learner's line where the thread is stuck, and says on what.
  EXPECT_HAS(r.out, "exercises/02_fx_hang/waiter.h:10: the check did not finish in time and its threads were blocked (no CPU used)");
  EXPECT_HAS(r.out, "waits on a condition variable at exercises/02_fx_hang/waiter.h:10 in Waiter::wait");
}

TEST_F(Cli, CtrlCLeavesNoCheckRunning) {
  Threadlings({"verify", "fx_hang"});  // builds it, so the next run starts the check at once
  const std::string script =
      "\"$0\" --kit \"$1\" verify fx_hang >/dev/null 2>&1 & pid=$!\n"
      "for i in $(seq 600); do pgrep -f 02_fx_hang/work/chec[k] >/dev/null && break; sleep 0.05; done\n"
      "kill -INT $pid; wait $pid; echo \"rc=$?\"\n"
      "sleep 0.5; if pgrep -f 02_fx_hang/work/chec[k] >/dev/null; then echo LEFT; else echo CLEAN; fi\n";
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", script, THREADLINGS_BINARY, kWork.string()};
  spec.timeout = std::chrono::seconds(120);
  const ProcessResult r = RunProcess(spec);
  EXPECT_HAS(r.output, "rc=130");  // killed by SIGINT, as a shell reports it
  EXPECT_HAS(r.output, "CLEAN");
}

TEST_F(Cli, BusyWaitIsATimeout) {
  const CliRun r = Threadlings({"verify", "fx_spin"});
  EXPECT_EQ(r.code, 1);
  EXPECT_HAS(r.out, "timeout 03_fx_spin");
  EXPECT_HAS(r.out, "busy on the CPU");
}

TEST_F(Cli, StalledProgressIsALivelock) {
  const CliRun r = Threadlings({"verify", "fx_livelock"});
  EXPECT_EQ(r.code, 1);
  EXPECT_HAS(r.out, "livelock 06_fx_livelock");
  EXPECT_HAS(r.out, "exercises/06_fx_livelock/retry.h:7: the polite worker: no progress for");
  EXPECT_HAS(r.out, "(counter stuck at 0)");
  // The grader stops the livelocked check itself to show where the threads spin (gdb is
  // installed by scripts/install-deps.sh).
  EXPECT_HAS(r.out, "is running (inside ");
  EXPECT_HAS(r.out, "at exercises/06_fx_livelock/retry.h:7 in Polite::run");
}

TEST_F(Cli, CompileErrorPointsAtTheLearnersLine) {
  const CliRun r = Threadlings({"verify", "fx_compile"});
  EXPECT_EQ(r.code, 1);
  EXPECT_HAS(r.out, "compile-error 04_fx_compile");
  EXPECT_HAS(r.out, "exercises/04_fx_compile/broken.h:4:");
  EXPECT_HAS(r.out, "undeclared_name");
}

TEST_F(Cli, BrokenManifestIsTheGradersError) {
  const CliRun r = Threadlings({"verify", "fx_broken"});
  EXPECT_EQ(r.code, 3);
  EXPECT_HAS(r.out, "error 05_fx_broken");
  EXPECT_HAS(r.out, "exercises/05_fx_broken/exercise.yaml:8:10: error: unknown verdict 'data_race' "
                    "(did you mean 'data-race'?)");
  EXPECT_HAS(r.out, "not your fault");
}

TEST_F(Cli, VerifyAllGivesOneVerdictEach) {
  const CliRun r = Threadlings({"verify", "--all"});
  EXPECT_EQ(r.code, 3);  // the broken manifest is the worst: the grader's own error
  for (const char* v : {"data-race 01_fx_counter", "deadlock 02_fx_hang", "timeout 03_fx_spin",
                        "compile-error 04_fx_compile", "error 05_fx_broken",
                        "livelock 06_fx_livelock", "0/6 passed."})
    EXPECT_HAS(r.out, v);
}

TEST_F(Cli, EditingOneExerciseRebuildsOnlyThatOne) {
  Threadlings({"verify", "--all"});
  const auto build = [] {
    for (const auto& d : fs::directory_iterator(kWork / ".threadlings" / "build"))
      return d.path();
    return fs::path();
  }();
  const fs::path counter = build / "ex/01_fx_counter/work/check";
  const fs::path hang = build / "ex/02_fx_hang/work/check";
  ASSERT_TRUE(fs::exists(counter) && fs::exists(hang));
  const auto counter_before = fs::last_write_time(counter);
  const auto hang_before = fs::last_write_time(hang);
  Write(kWork / "exercises/01_fx_counter/counter.h",
        Read(kWork / "exercises/01_fx_counter/counter.h") + "// an edit\n");
  Threadlings({"verify", "--all"});
  EXPECT_NE(fs::last_write_time(counter), counter_before);
  EXPECT_EQ(fs::last_write_time(hang), hang_before);
}

// A verdict is for the bytes on disk, whatever their mtime: `cp -a`, `tar x` and editors'
// restores put back an older one, which ninja alone takes for "nothing changed".
TEST_F(Cli, RestoreWithAnOlderMtimeIsRebuilt) {
  CliRun r = Threadlings({"verify", "fx_counter"});
  EXPECT_HAS(r.out, "data-race 01_fx_counter");
  const fs::path learner = kWork / "exercises/01_fx_counter/counter.h";
  UseSolution();
  fs::last_write_time(learner, fs::file_time_type::clock::now() - std::chrono::hours(24 * 365));
  r = Threadlings({"verify", "fx_counter", "--force"});
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_HAS(r.out, "pass 01_fx_counter");
}

// The learner saves while the compiler runs: the compiler has read the old bytes, and the
// verdict must be for the new ones. A compiler wrapper makes the save land right after the
// exercise's compile, every run. (Its own state folder: a new compiler command rebuilds
// GoogleTest, which the shared one should not pay.)
TEST_F(Cli, SaveDuringTheCompileIsBuiltAgain) {
  const fs::path dir = fs::path(THREADLINGS_E2E_WORK_DIR) / "save-during-compile";
  fs::remove_all(dir / "marker");
  fs::remove(dir / "home" / "progress.json");  // an earlier run's pass must not stand in for this one
  fs::create_directories(dir);
  const fs::path wrapper = dir / "cxx";
  Write(wrapper, std::string("#!/bin/sh\n\"") + THREADLINGS_DEFAULT_CXX + "\" \"$@\"; rc=$?\n" +
                     "case \"$*\" in *01_fx_counter/*.cpp*)\n"
                     "  if [ ! -e '" + (dir / "marker").string() + "' ]; then\n"
                     "    : > '" + (dir / "marker").string() + "'\n"
                     "    cp '" + (kWork / "solutions/01_fx_counter/counter.h").string() + "' '" +
                     (kWork / "exercises/01_fx_counter/counter.h").string() + "'\n"
                     "  fi;;\nesac\nexit $rc\n");
  fs::permissions(wrapper, fs::perms::owner_all);
  const CliRun r = Threadlings({"--cxx", wrapper.string(), "verify", "fx_counter"}, "",
                               {{"THREADLINGS_HOME", (dir / "home").string()}});
  ASSERT_TRUE(fs::exists(dir / "marker")) << "the wrapper never saw the exercise's compile\n" << r.out;
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_HAS(r.out, "pass 01_fx_counter");
}

// Blocked flock requests on `file`, from /proc/locks ("N: -> FLOCK ... MAJ:MIN:INODE ...").
int WaitersOn(const fs::path& file) {
  struct stat st {};
  if (stat(file.c_str(), &st) != 0) return 0;
  std::ifstream locks("/proc/locks");
  int waiters = 0;
  for (std::string line; std::getline(locks, line);) {
    if (line.find("->") == std::string::npos) continue;
    const std::string inode = ":" + std::to_string(st.st_ino) + " ";
    if (line.find(inode) != std::string::npos) ++waiters;
  }
  return waiters;
}

// Two threadlings on one kit (watch in one terminal, verify in another; two `grade` runs):
// each waits for the build folder, says so, and gets its true verdict.
TEST_F(Cli, TwoThreadlingsOnOneKitWaitForEachOther) {
  UseSolution();
  Toolchain toolchain;
  std::string err;
  ASSERT_TRUE(DetectToolchain(THREADLINGS_DEFAULT_CXX, &toolchain, &err)) << err;
  const fs::path build = kWork / ".threadlings" / "build" / toolchain.id;
  std::optional<BuildFolderLock> held;
  held.emplace(build, nullptr);
  ASSERT_TRUE(held->held()) << held->error();
  CliRun a, b;
  std::thread first([&] { a = Threadlings({"verify", "fx_counter", "--force"}); });
  std::thread second([&] { b = Threadlings({"verify", "fx_counter", "--force"}); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (WaitersOn(build / "lock") < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(WaitersOn(build / "lock"), 2);
  held.reset();
  first.join();
  second.join();
  for (const CliRun* r : {&a, &b}) {
    EXPECT_EQ(r->code, 0) << r->out;
    EXPECT_HAS(r->out, "pass 01_fx_counter");
    EXPECT_HAS(r->out, "is using");
    EXPECT_HAS(r->out, "waiting for it to finish");
  }
}

// An editor opens an exercise as the grader compiles it: verify writes
// exercises/compile_commands.json, and clangd (where installed; CI installs it) parses the
// learner's file with it without an error.
TEST_F(Cli, EditorsGetTheChecksCompileCommands) {
  const fs::path db = kWork / "exercises" / "compile_commands.json";
  fs::remove(db);
  Threadlings({"verify", "fx_counter"});
  const std::string text = Read(db);
  EXPECT_HAS(text, "-fsanitize=thread");
  EXPECT_HAS(text, (kWork / "exercises/01_fx_counter/check.cpp").string());
  EXPECT_HAS(text, "tsan_config.h");
  const char* clangd = "/usr/lib/llvm-14/bin/clangd";
  if (!fs::exists(clangd)) GTEST_SKIP() << "clangd-14 is not installed (sudo apt-get install clangd-14)";
  ProcessSpec spec;
  spec.argv = {clangd, "--check=" + (kWork / "exercises/01_fx_counter/counter.h").string(),
               "--compile-commands-dir=" + db.parent_path().string(),
               "--check-lines=1"};  // diagnostics of the whole file; feature probes (tweaks) of line 1 only
  spec.timeout = std::chrono::minutes(2);
  const ProcessResult r = RunProcess(spec);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_HAS(r.output, "All checks completed, 0 errors");
}

TEST_F(Cli, HintsEscalate) {
  EXPECT_HAS(Threadlings({"hint", "fx_counter"}).out, "Hint 1/3 (a nudge): 01_fx_counter\n  Two threads write one variable.");
  EXPECT_HAS(Threadlings({"hint", "fx_counter"}).out, "Hint 2/3 (a question)");
  const CliRun third = Threadlings({"hint", "fx_counter"});
  EXPECT_HAS(third.out, "Hint 3/3 (nearly the answer)");
  EXPECT_HAS(third.out, "That was the last hint.");
  const CliRun all = Threadlings({"hint", "--all", "fx_counter"});
  EXPECT_HAS(all.out, "Hint 1/3");
  EXPECT_HAS(all.out, "Hint 3/3");
}

TEST_F(Cli, ResetAsksAndKeepsABackup) {
  const fs::path file = kWork / "exercises/01_fx_counter/counter.h";
  Write(file, "// my attempt\n");
  CliRun r = Threadlings({"reset", "fx_counter"});  // stdin is not a terminal here
  EXPECT_EQ(r.code, 2);
  EXPECT_HAS(r.out, "not overwriting your changes to 01_fx_counter without confirmation; add --yes");
  EXPECT_EQ(Read(file), "// my attempt\n");

  r = Threadlings({"reset", "--yes", "fx_counter"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(Read(file), Read(kWork / "exercises/01_fx_counter/.pristine/counter.h"));
  bool backed_up = false;
  for (const auto& e : fs::recursive_directory_iterator(kWork / ".threadlings/backup"))
    backed_up = backed_up || (e.is_regular_file() && Read(e.path()) == "// my attempt\n");
  EXPECT_TRUE(backed_up);
  EXPECT_HAS(Threadlings({"reset", "fx_counter"}).out, "already in its starting state");
}

TEST_F(Cli, SolutionOnlyAfterAPass) {
  CliRun r = Threadlings({"solution", "fx_counter"});
  EXPECT_EQ(r.code, 2);
  EXPECT_HAS(r.out, "'fx_counter' has not passed yet");
  r = Threadlings({"solution", "--force", "fx_counter"});
  EXPECT_EQ(r.code, 0);
  EXPECT_HAS(r.out, "+  std::atomic<long> value = 0;");
  EXPECT_HAS(r.out, "-  long value = 0;");
}

TEST_F(Cli, DevCheckCatchesAMutantThatDoesNotFailAsDeclared) {
  const CliRun r = Threadlings({"dev", "check", "fx_counter"});
  EXPECT_EQ(r.code, 1);
  EXPECT_HAS(r.out, "ok   01_fx_counter                  pristine");
  EXPECT_HAS(r.out, "ok   01_fx_counter                  solution");
  EXPECT_HAS(r.out, "ok   01_fx_counter                  mutant-volatile");
  EXPECT_HAS(r.out, "FAIL 01_fx_counter                  mutant-half_atomic     expected crash");
  EXPECT_HAS(r.out, "dev check: 1 problem(s)");
}

// The blind attempt corpus: each attempt gets its expected verdict, a known gap is listed but
// not counted; a README that states a contract the manifest lacks is a problem, an exercise
// with neither gets a note.
TEST_F(Cli, DevCheckRunsTheAttemptsAndComparesTheContract) {
  const fs::path attempts = kWork / "tests/attempts/01_fx_counter";
  auto attempt = [&](const std::string& name, const fs::path& from, const std::string& yaml) {
    fs::create_directories(attempts / name);
    fs::copy_file(from, attempts / name / "counter.h");
    Write(attempts / name / "attempt.yaml", yaml);
  };
  attempt("right_solution", kWork / "solutions/01_fx_counter/counter.h", "expect: pass\nwhy: the reference\n");
  attempt("wrong_volatile", kWork / "tests/mutants/01_fx_counter/volatile/counter.h",
          "expect: data-race\nwhy: volatile orders nothing\n");
  attempt("wrong_known_gap", kWork / "tests/mutants/01_fx_counter/volatile/counter.h",
          "expect: data-race\nwhy: x\nknown_gap: \"the check cannot show it yet\"\n");
  attempt("wrong_mislabelled", kWork / "tests/mutants/01_fx_counter/volatile/counter.h",
          "expect: deadlock\nwhy: labelled with the wrong verdict\n");
  fs::create_directories(attempts / "broken");
  Write(attempts / "broken/attempt.yaml", "expect: data-rase\nwhy: x\n");
  CliRun r = Threadlings({"dev", "check", "fx_counter"});
  EXPECT_EQ(r.code, 1);
  EXPECT_HAS(r.out, "note: 01_fx_counter states no contract yet");
  EXPECT_HAS(r.out, "'data-rase' is not a verdict an attempt can get");
  EXPECT_HAS(r.out, "ok   01_fx_counter                  attempt-right_solution");
  EXPECT_HAS(r.out, "ok   01_fx_counter                  attempt-wrong_volatile");
  EXPECT_HAS(r.out, "ok   01_fx_counter                  attempt-wrong_known_gap");
  EXPECT_HAS(r.out, "FAIL 01_fx_counter                  attempt-wrong_mislabelled expected deadlock");
  // The known gap is a real bug no run shows: here the check does show it, so it is "ok".
  EXPECT_HAS(r.out, "dev check: 3 problem(s)");  // the broken attempt, the mislabelled one, half_atomic
  r = Threadlings({"dev", "check", "--no-attempts", "fx_counter"});
  EXPECT_EQ(r.out.find("attempt-"), std::string::npos) << r.out;
  Write(kWork / "exercises/01_fx_counter/README.md",
        "# Counter\n\n## What your fix must guarantee\n\n1. Every add is counted.\n");
  r = Threadlings({"dev", "check", "--no-attempts", "fx_counter"});
  EXPECT_HAS(r.out, "01_fx_counter: exercise.yaml has no 'contract:'");
}

TEST_F(Cli, DevCheckReportsMissingPieces) {
  const CliRun r = Threadlings({"dev", "check", "fx_hang"});
  EXPECT_EQ(r.code, 1);
  EXPECT_HAS(r.out, "02_fx_hang: missing README.md");
  EXPECT_HAS(r.out, "02_fx_hang: missing the starting copy .pristine/waiter.h");
  EXPECT_HAS(r.out, "02_fx_hang: has 0 wrong-fix mutant(s); at least two are required");
}

TEST_F(Cli, CorruptProgressIsReportedNotReplaced) {
  fs::create_directories(kWork / ".threadlings");
  Write(kWork / ".threadlings/progress.json", "garbage");
  const CliRun r = Threadlings({"list"});
  EXPECT_EQ(r.code, 3);
  EXPECT_HAS(r.out, "threadlings: error: the progress file '.threadlings/progress.json' is damaged");
  // What is kept, and how to rebuild it.
  EXPECT_HAS(r.out, "It is left as it is, and your exercise files are not affected.");
  EXPECT_HAS(r.out, "mv .threadlings/progress.json .threadlings/progress.json.bad");
  EXPECT_HAS(r.out, "'threadlings verify --all' records again every exercise that passes");
  EXPECT_EQ(Read(kWork / ".threadlings/progress.json"), "garbage");
}

TEST_F(Cli, MissingCompilerNamesThePackage) {
  const CliRun r = Threadlings({"--cxx", "no-such-compiler", "verify", "fx_counter"});
  EXPECT_EQ(r.code, 3);
  EXPECT_HAS(r.out, "C++ compiler 'no-such-compiler' not found or not working");
  EXPECT_HAS(r.out, "sudo apt-get install g++");
}

TEST_F(Cli, NotAKit) {
  ProcessSpec spec;
  spec.argv = {THREADLINGS_BINARY, "--kit", "/nonexistent", "list"};
  const ProcessResult r = RunProcess(spec);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_HAS(r.output, "no kit at '/nonexistent'");
}

// After a pass on a terminal, one or two flashcards on the exercise's topics; not again when the
// passed exercise is re-run; never when stdin is not a terminal, when CI is set, or with
// --no-cards.
TEST_F(Cli, CardsAfterAPassOnlyOnATerminal) {
  UseSolution();
  const fs::path data = kWork / ".threadlings" / "quiz-data";
  fs::remove_all(data);
  auto on_terminal = [&](const std::string& extra_env, const std::string& flags) {
    // script(1) gives threadlings a pseudo-terminal; the answers come through it.
    const std::string cmd = "printf '1\\ns\\n' | " + extra_env + " script -qec '" +
                            std::string(THREADLINGS_BINARY) + " --kit " + kWork.string() +
                            " --color never --data-dir " + data.string() + " verify --force fx_counter" +
                            flags + "' /dev/null";
    ProcessSpec spec;
    spec.argv = {"sh", "-c", cmd};
    spec.timeout = std::chrono::minutes(5);
    spec.cwd = kWork.string();
    spec.unset_env = {"CI", "THREADLINGS_HOME", "THREADLINGS_CXX", "THREADLINGS_KIT", "NO_COLOR", "LC_ALL"};
    spec.env = {{"LANG", "C.UTF-8"}, {"THREADLINGS_SEED", "7"}};  // seed 7 shows 1) std::atomic<int> counter
    const ProcessResult r = RunProcess(spec);
    return r.output;
  };
  std::string out = on_terminal("", "");
  EXPECT_HAS(out, "pass 01_fx_counter");
  EXPECT_HAS(out, "While it is fresh: 2 question(s) on race-conditions");
  EXPECT_HAS(out, "Which makes ++counter safe from many threads?");  // the exercise's own card first
  EXPECT_HAS(out, "Right: 1) std::atomic<int> counter");
  EXPECT_HAS(out, "What is a data race?");
  EXPECT_LACKS(on_terminal("", ""), "While it is fresh");  // a re-run of the passed exercise

  fs::remove_all(data);
  EXPECT_LACKS(on_terminal("CI=true", ""), "While it is fresh");
  fs::remove_all(data);
  EXPECT_LACKS(on_terminal("", " --no-cards"), "While it is fresh");

  fs::remove_all(data);
  CliRun piped = Threadlings({"--data-dir", data.string(), "verify", "--force", "fx_counter"});
  EXPECT_EQ(piped.code, 0) << piped.out;
  EXPECT_LACKS(piped.out, "While it is fresh");
}

// Where the watch loop moved to (progress "current") is the exercise every command means by
// default, until it passes; then the next one not passed after it (an earlier one skipped with
// l comes when the end of the course is reached, not at the next start).
TEST_F(Cli, CurrentExerciseIsSharedByEveryCommand) {
  fs::create_directories(kWork / ".threadlings");
  Write(kWork / ".threadlings/progress.json",
        R"({"format": 1, "current": "fx_spin", "exercises": {}})");
  EXPECT_HAS(Threadlings({"status"}).out, "Current: 03_fx_spin");
  EXPECT_HAS(Threadlings({"hint"}).out, "03_fx_spin");
  Write(kWork / ".threadlings/progress.json",
        R"({"format": 1, "current": "fx_spin", "exercises": {"fx_spin": {"status": "passed"}}})");
  EXPECT_HAS(Threadlings({"status"}).out, "Current: 04_fx_compile");
  Write(kWork / ".threadlings/progress.json",
        R"({"format": 1, "current": "fx_livelock", "exercises": {"fx_livelock": {"status": "passed"}}})");
  EXPECT_HAS(Threadlings({"status"}).out, "Current: 01_fx_counter");  // round to the start
}

// The watch loop on a pseudo-terminal: keys work, a save re-verifies (by rename and in place).
// `columns`: the terminal's width (0: none set); `env`: set in the child.
class Pty {
 public:
  explicit Pty(const std::vector<std::string>& args, unsigned short columns = 0,
               const std::map<std::string, std::string>& env = {}) {
    struct winsize size {};
    size.ws_row = 50;
    size.ws_col = columns;
    pid_ = forkpty(&fd_, nullptr, nullptr, columns ? &size : nullptr);
    if (pid_ == 0) {
      if (chdir(kWork.c_str()) != 0) _exit(126);
      setenv("LANG", "C.UTF-8", 1);
      unsetenv("CI");
      unsetenv("NO_COLOR");
      unsetenv("THREADLINGS_HOME");
      unsetenv("COLUMNS");
      for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
      std::vector<char*> argv;
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
  }
  ~Pty() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) close(fd_);
  }
  // Reads until `text` appears after what was already consumed; false on timeout or EOF.
  bool Expect(const std::string& text, std::chrono::seconds within = std::chrono::seconds(120)) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    for (;;) {
      const size_t at = seen_.find(text, consumed_);
      if (at != std::string::npos) {
        consumed_ = at + text.size();
        return true;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      struct pollfd p {fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      char buf[4096];
      const ssize_t n = read(fd_, buf, sizeof buf);
      if (n <= 0) return false;
      seen_.append(buf, static_cast<size_t>(n));
    }
  }
  void Send(const std::string& keys) { (void)!write(fd_, keys.data(), keys.size()); }
  int Wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  const std::string& seen() const { return seen_; }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  std::string seen_;
  size_t consumed_ = 0;
};

TEST_F(Cli, WatchOnATerminalFixesBreaksAndQuits) {
  Pty w({THREADLINGS_BINARY, "--kit", kWork.string(), "--color", "never", "--data-dir",
         (kWork / ".threadlings" / "watch-data").string(), "watch", "--no-cards"});
  ASSERT_TRUE(w.Expect("01_fx_counter — ")) << w.seen();
  ASSERT_TRUE(w.Expect("edit exercises/01_fx_counter/counter.h:")) << w.seen();
  ASSERT_TRUE(w.Expect("data-race 01_fx_counter")) << w.seen();
  ASSERT_TRUE(w.Expect("h hint · l list · r re-run · c check all · x reset · q quit")) << w.seen();
  w.Send("n");  // not passed yet: n explains instead of moving on
  ASSERT_TRUE(w.Expect("n moves on once this exercise passes")) << w.seen();

  // An editor that saves by writing a new file and renaming it over the old one.
  const fs::path file = kWork / "exercises/01_fx_counter/counter.h";
  fs::copy_file(kWork / "solutions/01_fx_counter/counter.h", kWork / "exercises/01_fx_counter/.counter.h.swp",
                fs::copy_options::overwrite_existing);
  fs::rename(kWork / "exercises/01_fx_counter/.counter.h.swp", file);
  ASSERT_TRUE(w.Expect("pass 01_fx_counter")) << w.seen();
  ASSERT_TRUE(w.Expect("Progress [####")) << w.seen();
  ASSERT_TRUE(w.Expect("n next · s solution · ")) << w.seen();

  // Broken again, written in place.
  Write(file, Read(kFixture / "exercises/01_fx_counter/counter.h"));
  ASSERT_TRUE(w.Expect("data-race 01_fx_counter")) << w.seen();

  w.Send("h");
  ASSERT_TRUE(w.Expect("Hint 1")) << w.seen();
  w.Send("q");
  EXPECT_EQ(w.Wait(), 0) << w.seen();
}

TEST_F(Cli, WatchMovesOnWithNAndRemembersWhere) {
  UseSolution();
  {
    Pty w({THREADLINGS_BINARY, "--kit", kWork.string(), "--color", "never", "watch", "--no-cards"});
    ASSERT_TRUE(w.Expect("pass 01_fx_counter")) << w.seen();
    ASSERT_TRUE(w.Expect("q quit")) << w.seen();
    w.Send("n");
    ASSERT_TRUE(w.Expect("02_fx_hang — ")) << w.seen();
    ASSERT_TRUE(w.Expect("deadlock 02_fx_hang")) << w.seen();
    w.Send("q");
    EXPECT_EQ(w.Wait(), 0);
  }
  // The next run starts where the last one was, and status agrees.
  EXPECT_HAS(Read(kWork / ".threadlings/progress.json"), "\"current\": \"fx_hang\"");
  EXPECT_HAS(Threadlings({"status"}).out, "Current: 02_fx_hang");
}

// Stdin not a terminal: no keys, a save still re-verifies; SIGTERM ends it and its checks.
TEST_F(Cli, WatchWithoutATerminalRerunsOnSave) {
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    dup2(out[1], 1);
    dup2(out[1], 2);
    close(out[0]);
    unsetenv("THREADLINGS_HOME");
    execl(THREADLINGS_BINARY, THREADLINGS_BINARY, "--kit", kWork.c_str(), "--color", "never",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string seen;
  auto expect = [&](const std::string& text) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (seen.find(text) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      struct pollfd p {out[0], POLLIN, 0};
      if (poll(&p, 1, 1000) <= 0) continue;
      char buf[4096];
      const ssize_t n = read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      seen.append(buf, static_cast<size_t>(n));
    }
    return seen.find(text) != std::string::npos;
  };
  EXPECT_TRUE(expect("data-race 01_fx_counter")) << seen;
  EXPECT_TRUE(expect("(re-runs when you save; Ctrl-C ends)")) << seen;
  UseSolution();
  EXPECT_TRUE(expect("pass 01_fx_counter")) << seen;
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  close(out[0]);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) << status;
}

// What a terminal shows of pty output `out`, line by line: "\r\n" line ends dropped, a line
// rewritten after "\r" reduced to what is left, each cut into its columns (escapes removed).
std::vector<std::vector<std::string>> ScreenLines(const std::string& out) {
  std::vector<std::vector<std::string>> lines;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    std::string line = out.substr(start, end - start);
    while (!line.empty() && line.back() == '\r') line.pop_back();
    if (const size_t cr = line.rfind('\r'); cr != std::string::npos) line = line.substr(cr + 1);
    std::vector<std::string> columns;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\033') {
        while (i < line.size() && !std::isalpha(static_cast<unsigned char>(line[i]))) ++i;
        continue;
      }
      if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80 && !columns.empty()) columns.back() += line[i];
      else columns.push_back(std::string(1, line[i]));
    }
    lines.push_back(columns);
    start = end + 1;
  }
  return lines;
}

std::string Joined(const std::vector<std::string>& columns, size_t from = 0) {
  std::string s;
  for (size_t i = from; i < columns.size(); ++i) s += columns[i];
  return s;
}

// The first build on a terminal says what it does on one updating line, erased before the
// verdict; piped output (CI logs) gets only the verdicts.
TEST_F(Cli, ProgressShowsOnATerminalOnly) {
  const fs::path home = fs::path(THREADLINGS_E2E_WORK_DIR) / "first-build";
  fs::remove_all(home);
  {
    Pty v({THREADLINGS_BINARY, "--kit", kWork.string(), "--color", "never", "verify", "fx_counter"}, 0,
          {{"THREADLINGS_HOME", home.string()}});
    ASSERT_TRUE(v.Expect("\r\033[Kbuilding GoogleTest and the precompiled header", std::chrono::seconds(60))) << v.seen();
    ASSERT_TRUE(v.Expect("\r\033[Kcompiling 01_fx_counter", std::chrono::seconds(300))) << v.seen();
    ASSERT_TRUE(v.Expect("\r\033[K01_fx_counter: check 1/1 Counter.TwoThreads (watchdog 20 s)")) << v.seen();
    ASSERT_TRUE(v.Expect("\r\033[Kdata-race 01_fx_counter")) << v.seen();  // erased before the verdict
    EXPECT_EQ(v.Wait(), 1) << v.seen();
  }
  const CliRun piped = Threadlings({"verify", "--all", "--force"}, "", {{"THREADLINGS_HOME", home.string()}});
  EXPECT_HAS(piped.out, "data-race 01_fx_counter");
  EXPECT_LACKS(piped.out, "\033[K");
  EXPECT_LACKS(piped.out, "\r");
  EXPECT_LACKS(piped.out, "(watchdog");
  EXPECT_LACKS(piped.out, "compiling");
}

// In the watch loop, advice names keys; v shows the full report; a y/N question takes one key;
// check all shows its counter on the progress line.
TEST_F(Cli, WatchSpeaksInKeysAndCountsCheckAll) {
  EXPECT_HAS(Threadlings({"watch", "--help"}).out, "v full report of the last verdict");
  Pty w({THREADLINGS_BINARY, "--kit", kWork.string(), "--color", "never", "watch", "--no-cards"});
  ASSERT_TRUE(w.Expect("data-race 01_fx_counter")) << w.seen();
  ASSERT_TRUE(w.Expect("This is the bug the exercise ships with")) << w.seen();
  ASSERT_TRUE(w.Expect("Next: stuck? Hint 1/3 is a nudge: press h.")) << w.seen();
  ASSERT_TRUE(w.Expect("(press v for the full report)")) << w.seen();
  ASSERT_TRUE(w.Expect("v full report · h hint · ")) << w.seen();
  w.Send("h");
  ASSERT_TRUE(w.Expect("Hint 1/3 (a nudge)")) << w.seen();
  ASSERT_TRUE(w.Expect("Still stuck? Press h again.")) << w.seen();
  w.Send("v");
  ASSERT_TRUE(w.Expect("The full report behind data-race 01_fx_counter:")) << w.seen();
  ASSERT_TRUE(w.Expect("ThreadSanitizer: data race")) << w.seen();
  w.Send("x");
  ASSERT_TRUE(w.Expect("[y/N] ")) << w.seen();
  w.Send("n");  // one key, no Enter
  ASSERT_TRUE(w.Expect("Not reset.", std::chrono::seconds(10))) << w.seen();
  w.Send("c");
  ASSERT_TRUE(w.Expect("\r\033[Kcheck all 1/6 · ")) << w.seen();
  ASSERT_TRUE(w.Expect("\r\033[Kcheck all 2/6 · ")) << w.seen();
  ASSERT_TRUE(w.Expect("0/6 passed.", std::chrono::seconds(300))) << w.seen();
  w.Send("q");
  EXPECT_EQ(w.Wait(), 0) << w.seen();
}

// A learner who jumped ahead with l and starts threadlings again comes back there, not to an
// earlier exercise they skipped.
TEST_F(Cli, WatchRestartsWhereLJumpedTo) {
  const std::vector<std::string> watch = {THREADLINGS_BINARY, "--kit", kWork.string(), "--color", "never",
                                          "watch", "--no-cards"};
  {
    Pty w(watch);
    ASSERT_TRUE(w.Expect("q quit")) << w.seen();
    w.Send("l");
    ASSERT_TRUE(w.Expect("Go to (number or name; Enter stays here): ")) << w.seen();
    w.Send("4\n");
    ASSERT_TRUE(w.Expect("compile-error 04_fx_compile")) << w.seen();
    w.Send("q");
    EXPECT_EQ(w.Wait(), 0);
  }
  Pty again(watch);
  ASSERT_TRUE(again.Expect("04_fx_compile — ")) << again.seen();
  again.Send("q");
  EXPECT_EQ(again.Wait(), 0);
}

// `list` lines up its columns on a wide terminal and stacks each exercise on a narrow one.
TEST_F(Cli, ListFitsWideAndNarrowTerminals) {
  fs::create_directories(kWork / ".threadlings");
  Write(kWork / ".threadlings/progress.json",
        R"({"format": 1, "exercises": {"fx_counter": {"status": "passed"},
            "fx_hang": {"status": "failing", "verdict": "lock-order-inversion"}}})");
  const std::vector<std::string> list = {THREADLINGS_BINARY, "--kit", kWork.string(), "--color", "never", "list"};
  Pty wide(list, 160);
  EXPECT_EQ(wide.Wait(), 0);
  wide.Expect("All done", std::chrono::seconds(1));  // read what is left
  const auto lines = ScreenLines(wide.seen());
  size_t status_column = 0;
  int rows = 0;
  for (const auto& l : lines) {
    const std::string text = Joined(l);
    if (status_column == 0 && text.find("status") != std::string::npos) status_column = text.find("status");
    if (text.find("_fx_") == std::string::npos || status_column == 0) continue;
    ++rows;
    const std::string status = Joined(l, status_column);
    EXPECT_TRUE(status.rfind("passed", 0) == 0 || status.rfind("failing", 0) == 0 ||
                status.rfind("not started", 0) == 0 || status.rfind("broken", 0) == 0)
        << "misaligned: " << text;
  }
  EXPECT_EQ(rows, 6) << wide.seen();

  Pty narrow(list, 60);
  EXPECT_EQ(narrow.Wait(), 0);
  narrow.Expect("All done", std::chrono::seconds(1));
  for (const auto& l : ScreenLines(narrow.seen())) EXPECT_LE(l.size(), 60u) << Joined(l);
  EXPECT_HAS(narrow.seen(), "failing (lock-order-inversion)");
  EXPECT_HAS(narrow.seen(), "06_fx_livelock");
}

// A verdict's summary, explanation and advice wrap to the terminal.
TEST_F(Cli, VerdictsWrapToTheTerminal) {
  Pty v({THREADLINGS_BINARY, "--kit", kWork.string(), "--color", "never", "verify", "fx_counter"}, 60);
  EXPECT_EQ(v.Wait(), 1);
  v.Expect("never", std::chrono::seconds(1));
  EXPECT_HAS(v.seen(), "data-race 01_fx_counter");
  EXPECT_HAS(v.seen(), "undefined behaviour.");
  for (const auto& l : ScreenLines(v.seen())) EXPECT_LE(l.size(), 60u) << Joined(l);
}

// "Next:" comes from the exercise (its hints, its known wrong fixes), never a generic fix that
// may contradict it; a new attempt that fails exactly as the last one did is named as such.
TEST_F(Cli, AdviceFitsTheExerciseAndNoticesARepeatedFailure) {
  const fs::path file = kWork / "exercises/01_fx_counter/counter.h";
  CliRun r = Threadlings({"verify", "fx_counter"});
  EXPECT_HAS(r.out, "This is the bug the exercise ships with");
  EXPECT_HAS(r.out, "Next: stuck? Hint 1/3 is a nudge: run 'threadlings hint fx_counter'.");
  EXPECT_LACKS(r.out, "or std::atomic");  // the generic data-race advice
  EXPECT_LACKS(r.out, "failed exactly as the last one did");

  fs::copy_file(kWork / "tests/mutants/01_fx_counter/volatile/counter.h", file, fs::copy_options::overwrite_existing);
  r = Threadlings({"verify", "fx_counter"});
  EXPECT_HAS(r.out, "Tempting fixes that also end in data-race:\n      - volatile is not synchronisation");
  EXPECT_LACKS(r.out, "declared wrongly");  // the fixture's crash mutant: another verdict

  Write(file, Read(file) + "// another try\n");
  r = Threadlings({"verify", "fx_counter"});
  EXPECT_HAS(r.out, "This attempt failed exactly as the last one did");
  r = Threadlings({"verify", "--force", "fx_counter"});  // the same files again: not a new attempt
  EXPECT_LACKS(r.out, "failed exactly as the last one did");
}

}  // namespace
}  // namespace threadlings
