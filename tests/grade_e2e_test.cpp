// End-to-end tests of `threadlings grade`: the real binary grades submissions made at test
// time from the kit's own exercises and solutions. Hostile submissions (one per robustness
// case) put their code in exercise 01's hit_counter.h and are graded with exercise 02 holding
// its solution: each gets a verdict for 01, 02 still passes, the grader finishes, and nothing
// the submission started is left running. Then: a correct submission, exit codes, archives,
// shards and merge, a batch.
// All tests share one THREADLINGS_HOME, so the check harness (GoogleTest with ThreadSanitizer,
// the precompiled header) is built once; CTest runs them one at a time (RESOURCE_LOCK).
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "kit.h"
#include "process.h"

namespace threadlings {
namespace {

using nlohmann::json;

const fs::path kKit = fs::path(THREADLINGS_TEST_DATA_DIR).parent_path();  // the project is the kit
const fs::path kWork = fs::path(THREADLINGS_E2E_WORK_DIR) / "grade";
const fs::path kHome = fs::path(THREADLINGS_E2E_WORK_DIR) / "grade-home";
const std::string kHitCounter = "01_race_hit_counter";          // edit: hit_counter.h
const std::string kSliceSums = "02_thread_args_by_reference";  // edit: slice_sums.h
const std::string kHitCounterFile = "exercises/01_race_hit_counter/hit_counter.h";

#define EXPECT_HAS(haystack, needle) \
  EXPECT_NE((haystack).find(needle), std::string::npos) << "missing: " << (needle) << "\nin:\n" << (haystack)
#define EXPECT_LACKS(haystack, needle) \
  EXPECT_EQ((haystack).find(needle), std::string::npos) << "unexpected: " << (needle) << "\nin:\n" << (haystack)

/// One exercise of a JSON result (an empty object when it is not there).
json ExerciseIn(const json& result, const std::string& dir) {
  if (result.is_object())
    for (const auto& e : result.value("exercises", json::array()))
      if (e.value("dir", "") == dir) return e;
  return json::object();
}

struct Graded {
  int code = -1;
  std::string out;
  json result;  // the --json result, null when none was written

  json Exercise(const std::string& dir) const { return ExerciseIn(result, dir); }
};

std::string Read(const fs::path& path) {
  std::string text;
  ReadFile(path, &text);
  return text;
}

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

/// threadlings on the kit, from kWork, with the shared state folder.
Graded Threadlings(const std::vector<std::string>& args) {
  fs::create_directories(kWork);
  ProcessSpec spec;
  spec.argv = {THREADLINGS_BINARY, "--kit", kKit.string(), "--color", "never"};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.timeout = std::chrono::minutes(5);
  spec.cwd = kWork.string();
  spec.env["THREADLINGS_HOME"] = kHome.string();
  spec.unset_env = {"THREADLINGS_CXX", "THREADLINGS_KIT", "NO_COLOR", "GITHUB_STEP_SUMMARY"};
  const ProcessResult r = RunProcess(spec);
  return {r.timed_out ? -2 : r.exit_code, r.output, json()};
}

/// A shell command (making archives); its output, and the exit code in `code`.
std::string Sh(const std::string& script, int* code) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", script};
  spec.timeout = std::chrono::minutes(1);
  const ProcessResult r = RunProcess(spec);
  *code = r.exit_code;
  return r.output;
}

/// `grade SUBMISSION` of exercises 1 and 2 with small sandbox limits and a JSON result.
Graded Grade(const fs::path& submission, std::vector<std::string> extra = {}) {
  const fs::path result = kWork / (submission.filename().string() + ".json");
  fs::remove(result);
  std::vector<std::string> args = {"grade",          submission.string(), "-e", "1,2", "--memory-limit", "512",
                                   "--pids-limit", "128",               "--json", result.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  Graded r = Threadlings(args);
  if (fs::exists(result)) r.result = json::parse(Read(result), nullptr, false);
  return r;
}

/// A unique name for one test's submission, used as its folder (so it is in the check's path)
/// and inside its hostile code: at most 15 characters, so it also fits a thread's name.
std::string Marker(const std::string& what) { return fmt::format("tlg{:05}{}", getpid() % 100000, what.substr(0, 7)); }

/// A student's checkout holding the kit's exercises `dirs`, each with its solution in place.
fs::path Checkout(const fs::path& root, const std::vector<std::string>& dirs = {kHitCounter, kSliceSums}) {
  fs::remove_all(root);
  for (const auto& d : dirs) {
    const fs::path to = root / "exercises" / d;
    fs::create_directories(to);
    fs::copy(kKit / "exercises" / d, to, fs::copy_options::recursive);
    for (const auto& f : fs::directory_iterator(kKit / "solutions" / d))
      fs::copy_file(f.path(), to / f.path().filename(), fs::copy_options::overwrite_existing);
  }
  return root;
}

/// Puts the shipped (unsolved) copy of an exercise's file back into a checkout.
void Unsolve(const fs::path& checkout, const std::string& dir, const std::string& file) {
  fs::copy_file(kKit / "exercises" / dir / ".pristine" / file, checkout / "exercises" / dir / file,
                fs::copy_options::overwrite_existing);
}

/// A hit_counter.h with the exercise's interface whose hit() first runs `body`.
std::string HitCounterThat(const std::string& includes, const std::string& body) {
  return "#pragma once\n#include <map>\n#include <string>\n" + includes +
         "\nclass HitCounter {\n"
         " public:\n"
         "  void hit(const std::string& path) {\n" +
         body +
         "\n    ++hits_[path];\n"
         "    ++total_;\n"
         "  }\n"
         "  long hits(const std::string& path) const {\n"
         "    const auto it = hits_.find(path);\n"
         "    return it == hits_.end() ? 0 : it->second;\n"
         "  }\n"
         "  long total() const { return total_; }\n"
         "\n"
         " private:\n"
         "  std::map<std::string, long> hits_;\n"
         "  long total_ = 0;\n"
         "};\n";
}

/// The 1-based line of `text` that holds `needle`.
int LineOf(const std::string& text, const std::string& needle) {
  const size_t at = text.find(needle);
  return at == std::string::npos ? 0 : 1 + int(std::count(text.begin(), text.begin() + long(at), '\n'));
}

/// A checkout whose hit_counter.h is `header` (exercise 02 holds its solution).
fs::path Hostile(const std::string& marker, const std::string& header) {
  const fs::path root = Checkout(kWork / marker);
  Write(root / kHitCounterFile, header);
  return root;
}

/// Living processes and threads whose command line or name holds `marker`, one a line (the
/// first ten, then how many in all); empty when there are none.
std::string LeftRunning(const std::string& marker) {
  while (waitpid(-1, nullptr, WNOHANG) > 0) {
  }  // orphans that came to us (RunProcess made this process a subreaper)
  std::string left;
  int count = 0;
  std::error_code ec;
  for (const auto& proc : fs::directory_iterator("/proc", ec)) {
    const std::string pid = proc.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    const std::string stat = Read(proc.path() / "stat");
    const size_t close = stat.rfind(')');
    if (close == std::string::npos || close + 2 >= stat.size() || stat[close + 2] == 'Z') continue;  // gone, or a zombie
    std::string cmdline = Read(proc.path() / "cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    std::string names;
    for (const auto& task : fs::directory_iterator(proc.path() / "task", ec)) names += Read(task.path() / "comm");
    std::replace(names.begin(), names.end(), '\n', ' ');
    if (cmdline.find(marker) == std::string::npos && names.find(marker) == std::string::npos) continue;
    if (++count <= 10) left += pid + " " + stat.substr(close + 2, 1) + ": " + cmdline + "[threads: " + names + "]\n";
  }
  if (count > 10) left += fmt::format("... {} processes in all\n", count);
  return left;
}

/// Whether `threadlings grade --sandbox-report` says that this protection is in force here.
bool InForce(const std::string& protection) {
  static const std::string report = Threadlings({"grade", "--sandbox-report"}).out;
  std::istringstream lines(report);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string in, force, name;
    if (words >> in >> force >> name && in == "in" && force == "force" && name == protection) return true;
  }
  return false;
}

#define REQUIRE_PROTECTION(name)                                                                    \
  if (!InForce(name))                                                                               \
  GTEST_SKIP() << "the sandbox's '" << name << "' protection is not in force on this machine, so " \
               << "this submission would run unconfined (see threadlings grade --sandbox-report)"

/// What every hostile submission gets: a `verdict` and no points for exercise 01, while 02 is
/// still graded and passes, and the grader finishes with exit code 1. Returns 01's result.
json ExpectOnlyTheHitCounterFailed(const Graded& r, const std::string& verdict) {
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_HAS(r.out, verdict + " 01_race_hit_counter ");
  EXPECT_HAS(r.out, "pass 02_thread_args_by_reference ");
  EXPECT_HAS(r.out, "Total: 10/20 points, 1 of 2 exercises passed");
  EXPECT_TRUE(r.result.is_object()) << "no JSON result:\n" << r.out;
  if (!r.result.is_object()) return json::object();
  EXPECT_EQ(r.result.value("points", -1), 10);
  EXPECT_EQ(r.result.value("points_max", -1), 20);
  EXPECT_EQ(r.result.value("exit_code", -1), 1);
  EXPECT_TRUE(r.result.value("error", json("absent")).is_null());
  const json other = r.Exercise(kSliceSums);
  EXPECT_EQ(other.value("verdict", ""), "pass");
  EXPECT_EQ(other.value("points", -1), 10);
  const json hit = r.Exercise(kHitCounter);
  EXPECT_EQ(hit.value("verdict", ""), verdict) << hit.dump(2);
  EXPECT_EQ(hit.value("points", -1), 0);
  EXPECT_EQ(hit.value("points_max", -1), 10);
  return hit;
}

std::string Details(const json& exercise) {
  std::string all;
  for (const auto& d : exercise.value("details", json::array())) all += d.get<std::string>() + "\n";
  return all;
}

// ---- the scan for leftovers itself ---------------------------------------------------------

TEST(GradeLeftovers, TheScanFindsAMarkedProcess) {
  const std::string marker = Marker("scan");
  const pid_t child = fork();
  if (child == 0) {
    execl("/bin/sleep", marker.c_str(), "60", static_cast<char*>(nullptr));
    _exit(127);
  }
  ASSERT_GT(child, 0);
  std::string found;
  for (int i = 0; i < 200 && found.empty(); ++i) {  // until the exec is done
    found = LeftRunning(marker);
    if (found.empty()) usleep(10'000);
  }
  EXPECT_HAS(found, std::to_string(child) + " ");
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  EXPECT_EQ(LeftRunning(marker), "");
}

// ---- robustness: one hostile submission each -------------------------------------------------

TEST(GradeRobustness, DoesNotCompile) {
  const std::string marker = Marker("compile");
  const std::string header = HitCounterThat("", "    undeclared_tlg_name = 1;  // does not compile");
  const Graded r = Grade(Hostile(marker, header));
  const json hit = ExpectOnlyTheHitCounterFailed(r, "compile-error");
  EXPECT_EQ(hit.value("summary", ""), "the code does not compile");
  EXPECT_EQ(hit.value("file", ""), kHitCounterFile);
  EXPECT_EQ(hit.value("line", 0), LineOf(header, "undeclared_tlg_name"));
  EXPECT_HAS(Details(hit), kHitCounterFile + ":" + std::to_string(LineOf(header, "undeclared_tlg_name")));
  EXPECT_HAS(Details(hit), "undeclared_tlg_name");
  EXPECT_EQ(LeftRunning(marker), "");
}

TEST(GradeRobustness, LoopsForever) {
  const std::string marker = Marker("loop");
  const std::string header =
      HitCounterThat("", "    for (volatile unsigned long spins = 0;; spins = spins + 1) {}  // spins for good");
  const Graded r = Grade(Hostile(marker, header));
  const json hit = ExpectOnlyTheHitCounterFailed(r, "timeout");
  EXPECT_EQ(hit.value("summary", ""), "the check did not finish in time and its threads were busy on the CPU");
  EXPECT_EQ(hit.value("check", ""), "HitCounter.ConcurrentHitsAreAllCounted");
  EXPECT_EQ(hit.value("file", ""), kHitCounterFile);
  EXPECT_EQ(hit.value("line", 0), LineOf(header, "// spins"));
  EXPECT_HAS(Details(hit), "is running at " + kHitCounterFile + ":" + std::to_string(LineOf(header, "// spins")) +
                               " in HitCounter::hit");
  EXPECT_EQ(LeftRunning(marker), "");
}

TEST(GradeRobustness, Deadlocks) {
  const std::string marker = Marker("dead");
  const std::string header = HitCounterThat(
      "#include <sys/prctl.h>\n#include <mutex>\n#include <thread>\n",
      "    static std::mutex m;\n"
      "    std::lock_guard<std::mutex> mine(m);\n"
      "    std::thread helper([] {\n"
      "      prctl(PR_SET_NAME, \"" + marker + "\");\n"
      "      std::lock_guard<std::mutex> theirs(m);  // waits for hit() to let go\n"
      "    });\n"
      "    helper.join();  // hit() waits for the helper: neither goes on");
  const Graded r = Grade(Hostile(marker, header));
  const json hit = ExpectOnlyTheHitCounterFailed(r, "deadlock");
  EXPECT_EQ(hit.value("summary", ""), "the check did not finish in time and its threads were blocked (no CPU used)");
  EXPECT_HAS(Details(hit), "waits for a mutex at " + kHitCounterFile + ":" +
                               std::to_string(LineOf(header, "// waits for hit()")));
  EXPECT_HAS(Details(hit), "waits for a thread to finish (join) at " + kHitCounterFile + ":" +
                               std::to_string(LineOf(header, "helper.join()")));
  EXPECT_EQ(LeftRunning(marker), "");
}

TEST(GradeRobustness, ForksWithoutEnd) {
  REQUIRE_PROTECTION("pids");
  const std::string marker = Marker("fork");
  // Every child leaves the check's process group (setsid) and sleeps under the marker's name;
  // only the cgroup knows them all.
  const std::string header = HitCounterThat(
      "#include <unistd.h>\n#include <cstdlib>\n",
      "    for (;;) {\n"
      "      const pid_t child = fork();\n"
      "      if (child < 0) std::abort();  // refused\n"
      "      if (child == 0) {\n"
      "        setsid();\n"
      "        execl(\"/bin/sleep\", \"" + marker + "\", \"1000\", static_cast<char*>(nullptr));\n"
      "        _exit(1);\n"
      "      }\n"
      "    }");
  const Graded r = Grade(Hostile(marker, header));
  const json hit = ExpectOnlyTheHitCounterFailed(r, "crash");
  EXPECT_EQ(hit.value("summary", ""), "the check was killed by SIGABRT (abort: std::terminate or a failed assert)");
  EXPECT_HAS(Details(hit), "it hit the sandbox's cap of 128 processes and threads: something starts threads or "
                           "processes without end");
  EXPECT_HAS(r.out, "it hit the sandbox's cap of 128 processes and threads");
  EXPECT_EQ(LeftRunning(marker), "");
}

TEST(GradeRobustness, CreatesThreadsWithoutEnd) {
  REQUIRE_PROTECTION("pids");
  const std::string marker = Marker("thread");
  const std::string header = HitCounterThat(
      "#include <sys/prctl.h>\n#include <chrono>\n#include <thread>\n",
      "    for (;;)\n"
      "      std::thread([] {\n"
      "        prctl(PR_SET_NAME, \"" + marker + "\");\n"
      "        for (;;) std::this_thread::sleep_for(std::chrono::hours(1));\n"
      "      }).detach();");
  const Graded r = Grade(Hostile(marker, header));
  // std::thread throws when the cap refuses a thread, and GoogleTest reports the exception.
  const json hit = ExpectOnlyTheHitCounterFailed(r, "wrong-result");
  EXPECT_EQ(hit.value("summary", ""),
            "an exception escaped into the check: Resource temporarily unavailable");
  EXPECT_HAS(Details(hit), "it hit the sandbox's cap of 128 processes and threads: something starts threads or "
                           "processes without end");
  EXPECT_EQ(LeftRunning(marker), "");
}

TEST(GradeRobustness, PrintsWithoutEnd) {
  const std::string marker = Marker("print");
  const std::string header = HitCounterThat(
      "#include <cstdio>\n", "    for (;;) std::fputs(\"" + marker + " floods the output\\n\", stdout);  // prints");
  const Graded r = Grade(Hostile(marker, header));
  // It never finishes, and it is busy (not blocked: the grader keeps reading what it prints).
  const json hit = ExpectOnlyTheHitCounterFailed(r, "timeout");
  EXPECT_EQ(hit.value("summary", ""), "the check did not finish in time and its threads were busy on the CPU");
  EXPECT_EQ(hit.value("line", 0), LineOf(header, "// prints"));
  EXPECT_HAS(Details(hit), "more bytes than the grader keeps)");
  // What is kept is capped: in the report, and in what the grader prints.
  EXPECT_HAS(hit.value("output", ""), marker + " floods the output");
  EXPECT_LE(hit.value("output", "").size(), 16u * 1024 + 64);
  EXPECT_LT(r.out.size(), 64u * 1024);
  EXPECT_EQ(LeftRunning(marker), "");
}

TEST(GradeRobustness, AllocatesWithoutEnd) {
  REQUIRE_PROTECTION("memory");
  const std::string marker = Marker("memory");
  const std::string header = HitCounterThat(
      "#include <cstdlib>\n#include <cstring>\n#include <vector>\n",
      "    std::vector<char*> hoard;\n"
      "    for (;;) {  // a MiB at a time, each touched so that it is really used\n"
      "      char* block = static_cast<char*>(std::malloc(1 << 20));\n"
      "      std::memset(block, 1, 1 << 20);\n"
      "      hoard.push_back(block);\n"
      "    }");
  const Graded r = Grade(Hostile(marker, header));
  const json hit = ExpectOnlyTheHitCounterFailed(r, "crash");
  EXPECT_EQ(hit.value("summary", ""),
            "the check ran out of memory: it needed more than the sandbox's 512 MiB (memory allocated without end?)");
  EXPECT_EQ(LeftRunning(marker), "");
}

TEST(GradeRobustness, WritesFilesOutsideItsFolder) {
  REQUIRE_PROTECTION("filesystem");
  const std::string marker = Marker("write");
  const fs::path root = kWork / marker;
  const fs::path in_kit = kKit / "exercises" / (marker + "-kit");
  const fs::path in_submission = root / (marker + "-sub");
  const fs::path in_tmp = fs::path("/tmp") / (marker + "-tmp");
  // It first tries to undo the read-only view (as root it could, with its capabilities), then
  // writes into the kit, its own submission, the grader's state (../../ of its run folder),
  // /tmp, and its run folder; it says how each went, then aborts so that the report keeps it.
  const std::string header = HitCounterThat(
      "#include <fcntl.h>\n#include <sys/syscall.h>\n#include <unistd.h>\n"
      "#include <cerrno>\n#include <cstdio>\n#include <cstdlib>\n#include <cstring>\n",
      "    struct { unsigned long long set, clear, propagation, userns_fd; } writable{0, 1, 0, 0};\n"
      "    const long undone = syscall(442 /* mount_setattr */, AT_FDCWD, \"/\", 0x8000 /* AT_RECURSIVE */,\n"
      "                                &writable, sizeof writable);\n"
      "    std::printf(\"tlg-undo-read-only: %s\\n\", undone == 0 ? \"done\" : std::strerror(errno));\n"
      "    for (const char* target : {\"" + in_kit.string() + "\", \"" + in_submission.string() + "\",\n"
      "                               \"../../" + marker + "-up\", \"" + in_tmp.string() + "\", \"" + marker + "-here\"}) {\n"
      "      const int fd = open(target, O_WRONLY | O_CREAT | O_TRUNC, 0644);\n"
      "      std::printf(\"tlg-write %s: %s\\n\", target, fd >= 0 ? \"written\" : std::strerror(errno));\n"
      "      if (fd >= 0) close(fd);\n"
      "    }\n"
      "    std::fflush(stdout);\n"
      "    std::abort();");
  fs::remove(in_kit);
  fs::remove(in_tmp);
  const Graded r = Grade(Hostile(marker, header));
  const json hit = ExpectOnlyTheHitCounterFailed(r, "crash");
  const std::string out = hit.value("output", "");
  EXPECT_HAS(out, "tlg-undo-read-only: ");
  EXPECT_LACKS(out, "tlg-undo-read-only: done");
  EXPECT_HAS(out, marker + "-kit: Read-only file system");
  EXPECT_HAS(out, marker + "-sub: Read-only file system");
  EXPECT_HAS(out, "../../" + marker + "-up: Read-only file system");
  EXPECT_HAS(out, marker + "-here: written");  // its own run folder is writable
  // /tmp is private (or read-only, when the state folder lies below it): never the real one.
  const bool home_in_tmp = kHome.string().rfind("/tmp/", 0) == 0;
  EXPECT_HAS(out, marker + "-tmp: " + (home_in_tmp ? "Read-only file system" : "written"));
  EXPECT_FALSE(fs::exists(in_kit));
  EXPECT_FALSE(fs::exists(in_submission));
  EXPECT_FALSE(fs::exists(in_tmp));
  std::error_code ec;
  int up = 0, here = 0;
  for (const auto& f : fs::recursive_directory_iterator(kHome, ec)) {
    up += f.path().filename() == marker + "-up";
    here += f.path().filename() == marker + "-here";
  }
  EXPECT_EQ(up, 0);
  EXPECT_EQ(here, 0) << "the run folders of a graded submission are removed after grading";
  EXPECT_EQ(LeftRunning(marker), "");
  fs::remove(in_kit);  // should the sandbox ever fail, do not leave the mess in the kit
  fs::remove(in_tmp);
}

TEST(GradeRobustness, EditsTheChecksToPass) {
  const std::string marker = Marker("cheat");
  const fs::path root = Checkout(kWork / marker);
  Unsolve(root, kHitCounter, "hit_counter.h");  // the race is still there
  const fs::path ex = root / "exercises" / kHitCounter;
  Write(ex / "check.cpp",
        "#include <gtest/gtest.h>\n"
        "TEST(HitCounter, ConcurrentHitsAreAllCounted) {}\n"
        "TEST(HitCounter, ReadsWhileCountingAreSafe) {}\n");
  std::string manifest = Read(ex / "exercise.yaml");
  ASSERT_NE(manifest.find("points: 10\n"), std::string::npos);
  manifest.replace(manifest.find("points: 10\n"), 11, "points: 1000\n");
  Write(ex / "exercise.yaml", manifest);
  const Graded r = Grade(root);
  const json hit = ExpectOnlyTheHitCounterFailed(r, "data-race");
  EXPECT_EQ(hit.value("summary", ""), "ThreadSanitizer: data race");
  EXPECT_EQ(hit.value("file", ""), kHitCounterFile);
  EXPECT_EQ(r.result.value("ignored", json()),
            json::array({"exercises/01_race_hit_counter/check.cpp (changed; checks come from the kit)",
                         "exercises/01_race_hit_counter/exercise.yaml (changed; manifests come from the kit)"}));
  EXPECT_HAS(r.out, "Ignored (no effect on the grade):\n"
                    "  exercises/01_race_hit_counter/check.cpp (changed; checks come from the kit)\n");
  EXPECT_EQ(LeftRunning(marker), "");
}

// Code that looks for the grader's paths cannot be stopped from running in the check's own
// process, but its lines are flagged for the instructor; the flags change no verdict.
TEST(GradeRobustness, LooksForTheGradersPathsAndIsFlaggedForReview) {
  const std::string marker = Marker("peek");
  const std::string header = HitCounterThat("#include <cstdlib>\n#include <fstream>\n",
                                            "    if (std::getenv(\"THREADLINGS_NEVER_SET\"))\n"
                                            "      std::ifstream cmdline(\"/proc/self/cmdline\");");
  const Graded r = Grade(Hostile(marker, header));
  const json hit = ExpectOnlyTheHitCounterFailed(r, "data-race");  // the race is still there
  const int env_line = LineOf(header, "getenv"), proc_line = LineOf(header, "/proc/self");
  EXPECT_EQ(hit.value("review", json()),
            json::array({kHitCounterFile + ":" + std::to_string(env_line) +
                             ": reads the environment (where the grader passes its paths): "
                             "`if (std::getenv(\"THREADLINGS_NEVER_SET\"))`",
                         kHitCounterFile + ":" + std::to_string(proc_line) +
                             ": reads /proc (where the grader's command line and files show): "
                             "`std::ifstream cmdline(\"/proc/self/cmdline\");`"}));
  EXPECT_HAS(r.out, "review: " + kHitCounterFile + ":" + std::to_string(proc_line));
  EXPECT_EQ(r.Exercise(kSliceSums).value("review", json()), json::array());
  EXPECT_EQ(LeftRunning(marker), "");
}

TEST(GradeRobustness, DeletesARequiredFile) {
  const std::string marker = Marker("delete");
  const fs::path root = Checkout(kWork / marker);
  fs::remove(root / kHitCounterFile);
  const Graded r = Grade(root);
  const json hit = ExpectOnlyTheHitCounterFailed(r, "compile-error");
  EXPECT_EQ(hit.value("summary", ""), "a file to edit is missing from the submission, so nothing can be built");
  EXPECT_EQ(hit.value("missing", json()), json::array({kHitCounterFile + ": not in the submission"}));
  EXPECT_EQ(hit.value("files", json()), json::array());
  EXPECT_EQ(hit.value("file", ""), kHitCounterFile);
  EXPECT_HAS(r.out, "      " + kHitCounterFile + ": not in the submission\n");
  EXPECT_EQ(LeftRunning(marker), "");
}

TEST(GradeRobustness, ContainsASymlinkOutOfItsFolder) {
  const std::string marker = Marker("symlink");
  const fs::path root = Checkout(kWork / marker);
  // The file to edit links to the kit's solution, which would pass if it were followed.
  fs::remove(root / kHitCounterFile);
  fs::create_symlink(kKit / "solutions" / kHitCounter / "hit_counter.h", root / kHitCounterFile);
  fs::create_directory_symlink("/", root / "exercises" / kSliceSums / "escape");
  const Graded r = Grade(root);
  const json hit = ExpectOnlyTheHitCounterFailed(r, "compile-error");
  EXPECT_EQ(hit.value("missing", json()),
            json::array({kHitCounterFile + ": a symbolic link; only regular files are taken"}));
  EXPECT_EQ(r.result.value("ignored", json()),
            json::array({"exercises/02_thread_args_by_reference/escape (a symbolic link; not followed)"}));
  EXPECT_EQ(LeftRunning(marker), "");
}

// ---- grading that goes well, exit codes, archives, shards, batches ---------------------------

TEST(Grade, CorrectSubmissionGetsFullPoints) {
  const std::string name = Marker("correct");
  // The staging folder of a grader that died (pid beyond pid_max: never alive) is cleared.
  const fs::path stale = kHome / "grade" / "999999999";
  fs::create_directories(stale / "grade-someone");
  const Graded r = Grade(Checkout(kWork / name));
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_HAS(r.out, "pass 01_race_hit_counter ");
  EXPECT_HAS(r.out, "pass 02_thread_args_by_reference ");
  EXPECT_HAS(r.out, "Total: 20/20 points, 2 of 2 exercises passed (" + name + ")");
  ASSERT_TRUE(r.result.is_object()) << r.out;
  const json& j = r.result;
  EXPECT_EQ(j.value("schema", ""), "threadlings-grade");
  EXPECT_EQ(j.value("student", ""), name);
  EXPECT_EQ(j.value("points", -1), 20);
  EXPECT_EQ(j.value("points_max", -1), 20);
  EXPECT_EQ(j.value("passed", false), true);
  EXPECT_EQ(j.value("exit_code", -1), 0);
  EXPECT_EQ(j.value("ignored", json()), json::array());
  EXPECT_EQ(j.value("kit_digest", "").size(), 64u);
  // Nothing of the submission is kept: no staged files, objects, binaries or run folders.
  std::error_code ec;
  for (const auto& f : fs::recursive_directory_iterator(kHome, ec))
    EXPECT_EQ(f.path().string().find("grade-" + name), std::string::npos) << f.path();
  for (const auto& [dir, file] : {std::pair{kHitCounter, "hit_counter.h"}, std::pair{kSliceSums, "slice_sums.h"}}) {
    const json e = r.Exercise(dir);
    EXPECT_EQ(e.value("verdict", ""), "pass") << dir;
    EXPECT_EQ(e.value("points", -1), 10) << dir;
    EXPECT_EQ(e.value("files", json()), json::array({"exercises/" + dir + "/" + file}));
    EXPECT_EQ(e.value("missing", json()), json::array());
    EXPECT_EQ(e.value("review", json()), json::array()) << "a solution is never flagged";
  }
  // The sandbox as it was: every protection by name, the limits asked for, in force or not as
  // --sandbox-report says.
  std::vector<std::string> names;
  for (const auto& p : j.value("sandbox", json::array())) {
    names.push_back(p.value("name", ""));
    EXPECT_EQ(p.value("in_force", false), InForce(names.back())) << names.back();
    if (names.back() == "memory" && p.value("in_force", false)) EXPECT_HAS(p.value("detail", ""), "512 MiB");
    if (names.back() == "pids" && p.value("in_force", false))
      EXPECT_HAS(p.value("detail", ""), "at most 128 processes and threads");
  }
  EXPECT_EQ(names, (std::vector<std::string>{"wall-clock", "cpu-time", "no-core-files", "output-cap", "file-size",
                                             "process-group-kill", "memory", "pids", "network", "user", "filesystem"}));
}

TEST(Grade, ExitCodes) {
  const fs::path root = Checkout(kWork / Marker("codes"), {kHitCounter});
  Graded r = Threadlings({"grade"});
  EXPECT_EQ(r.code, 2);
  EXPECT_HAS(r.out, "threadlings: error: give one SUBMISSION (a folder or an archive) or --batch DIR; "
                    "'threadlings grade --help' shows how");
  r = Threadlings({"grade", root.string(), "--shard", "3/2"});
  EXPECT_EQ(r.code, 2);
  EXPECT_HAS(r.out, "threadlings: error: --shard takes I/N with 1 <= I <= N, e.g. --shard 2/4 (got '3/2')");
  r = Threadlings({"grade", root.string(), "--shard", "x"});
  EXPECT_EQ(r.code, 2);
  EXPECT_HAS(r.out, "(got 'x')");
  r = Threadlings({"grade", root.string(), "-e", "99"});
  EXPECT_EQ(r.code, 2);
  EXPECT_HAS(r.out, "threadlings: error: unknown exercise '99'");
  // More shards than exercises: an empty shard passes, so a CI matrix stays green.
  const fs::path empty_shard = kWork / "empty-shard.json";
  r = Threadlings({"grade", root.string(), "-e", "1", "--shard", "2/2", "--json", empty_shard.string()});
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_HAS(r.out, "shard 2/2 has no exercises");
  EXPECT_EQ(json::parse(Read(empty_shard), nullptr, false).value("exercises", json()), json::array());
  r = Threadlings({"grade", "--batch", kWork.string(), "--student", "ada"});
  EXPECT_EQ(r.code, 2);
  EXPECT_HAS(r.out, "threadlings: error: --student names the student of one submission");
  r = Threadlings({"grade", "-e", "99", root.string()});  // -e takes one value: the submission stays one
  EXPECT_EQ(r.code, 2);
  EXPECT_HAS(r.out, "threadlings: error: unknown exercise '99'");
  // No compiler: the grader cannot run, and says so in the result too.
  const fs::path result = kWork / "no-compiler.json";
  fs::remove(result);
  r = Threadlings({"--cxx", "/nonexistent/c++", "grade", root.string(), "-e", "1", "--json", result.string()});
  EXPECT_EQ(r.code, 3);
  EXPECT_HAS(r.out, "threadlings could not grade this submission: C++ compiler '/nonexistent/c++' not found");
  const json j = json::parse(Read(result), nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_EQ(j.value("exit_code", -1), 3);
  EXPECT_HAS(j.value("error", ""), "C++ compiler '/nonexistent/c++' not found");
}

TEST(Grade, Archives) {
  int code = 0;
  // A .tar.gz of a checkout inside one top folder ("repo-main/"), both exercises solved.
  const std::string tgz_name = Marker("tgz");
  Checkout(kWork / (tgz_name + "-src") / "repo-main");
  const fs::path tgz = kWork / (tgz_name + ".tar.gz");
  fs::remove(tgz);
  const std::string made = Sh(fmt::format("cd '{}' && if command -v bsdtar >/dev/null; then bsdtar -czf '{}' repo-main; "
                                          "else tar czf '{}' repo-main; fi",
                                          (kWork / (tgz_name + "-src")).string(), tgz.string(), tgz.string()),
                              &code);
  ASSERT_EQ(code, 0) << made;
  Graded r = Grade(tgz);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_HAS(r.out, "Total: 20/20 points, 2 of 2 exercises passed (" + tgz_name + ")");
  EXPECT_EQ(r.result.value("student", ""), tgz_name);
  EXPECT_EQ(r.Exercise(kHitCounter).value("files", json()), json::array({kHitCounterFile}));

  // A .zip with the kit's layout at the top; exercise 01 as shipped, so its race is found.
  const std::string zip_name = Marker("zip");
  const fs::path src = Checkout(kWork / (zip_name + "-src"));
  Unsolve(src, kHitCounter, "hit_counter.h");
  const fs::path zip = kWork / (zip_name + ".zip");
  fs::remove(zip);
  const std::string zipped = Sh(fmt::format(
      "cd '{0}' && if command -v bsdtar >/dev/null; then bsdtar --format zip -cf '{1}' exercises; "
      "elif command -v zip >/dev/null; then zip -qr '{1}' exercises; "
      "elif command -v python3 >/dev/null; then python3 -m zipfile -c '{1}' exercises; else exit 99; fi",
      src.string(), zip.string()), &code);
  if (code == 99) GTEST_SKIP() << "no bsdtar, zip or python3 to make a .zip with (the .tar.gz was graded)";
  ASSERT_EQ(code, 0) << zipped;
  r = Grade(zip);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_HAS(r.out, "data-race 01_race_hit_counter ");
  EXPECT_HAS(r.out, "Total: 10/20 points, 1 of 2 exercises passed (" + zip_name + ")");
  EXPECT_EQ(r.Exercise(kHitCounter).value("verdict", ""), "data-race");
  EXPECT_EQ(r.Exercise(kSliceSums).value("verdict", ""), "pass");
}

TEST(Grade, ADamagedArchiveFailsEveryExerciseButTheGraderRuns) {
  const fs::path bad = kWork / (Marker("damaged") + ".tar.gz");
  Write(bad, "this is not a gzip file\n");
  const Graded r = Grade(bad);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_HAS(r.out, "the submission could not be read, so nothing can be built: cannot read the archive ");
  EXPECT_HAS(r.out, "Total: 0/20 points, 0 of 2 exercises passed");
  ASSERT_TRUE(r.result.is_object()) << r.out;
  EXPECT_TRUE(r.result.value("error", json("absent")).is_null());
  EXPECT_EQ(r.Exercise(kHitCounter).value("verdict", ""), "compile-error");
  EXPECT_EQ(r.Exercise(kSliceSums).value("verdict", ""), "compile-error");
  const Graded missing = Threadlings({"grade", (kWork / "no-such-submission").string()});
  EXPECT_EQ(missing.code, 2);
  EXPECT_HAS(missing.out, "the submission " + (kWork / "no-such-submission").string() + " does not exist");
}

TEST(Grade, ShardsMergeIntoTheWhole) {
  const std::string name = Marker("shard");
  const fs::path root = Checkout(kWork / name);
  Unsolve(root, kSliceSums, "slice_sums.h");  // 02 as shipped: it does not compile
  const fs::path s1 = kWork / (name + "-1.json"), s2 = kWork / (name + "-2.json"), merged = kWork / (name + ".json");
  for (const auto& f : {s1, s2, merged}) fs::remove(f);
  Graded r = Threadlings({"grade", root.string(), "-e", "1,2", "--shard", "1/2", "--json", s1.string()});
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_HAS(r.out, "(1 exercise, shard 1/2)");
  EXPECT_HAS(r.out, "Total: 10/10 points, 1 of 1 exercises passed");
  r = Threadlings({"grade", root.string(), "-e", "1,2", "--shard", "2/2", "--json", s2.string()});
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_HAS(r.out, "compile-error 02_thread_args_by_reference ");
  EXPECT_HAS(r.out, "Total: 0/10 points, 0 of 1 exercises passed");
  // Exercise 01 is graded in the other shard: its file is not "ignored" here.
  EXPECT_LACKS(r.out, "Ignored");

  r = Threadlings({"grade", "merge", s1.string(), s2.string(), "--json", merged.string()});
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_HAS(r.out, "Total: 10/20 points, 1 of 2 exercises passed (" + name + ")");
  const json j = json::parse(Read(merged), nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_EQ(j.value("points", -1), 10);
  EXPECT_EQ(j.value("points_max", -1), 20);
  EXPECT_EQ(j.value("exit_code", -1), 1);
  EXPECT_TRUE(j.value("shard", json("absent")).is_null());
  EXPECT_EQ(j.value("shards_merged", json()), json::array({"1/2", "2/2"}));
  EXPECT_EQ(j.value("ignored", json()), json::array());
  std::vector<std::pair<std::string, std::string>> verdicts;
  for (const auto& e : j.value("exercises", json::array()))
    verdicts.emplace_back(e.value("dir", ""), e.value("verdict", ""));
  EXPECT_EQ(verdicts, (std::vector<std::pair<std::string, std::string>>{{kHitCounter, "pass"},
                                                                        {kSliceSums, "compile-error"}}));
}

TEST(Grade, BatchWritesOneResultPerStudentAndSummaries) {
  const fs::path batch = kWork / Marker("batch");
  fs::remove_all(batch);
  Checkout(batch / "alice");
  Unsolve(Checkout(batch / "bob"), kHitCounter, "hit_counter.h");
  const fs::path out = batch.string() + "-results";
  fs::remove_all(out);
  const Graded r = Threadlings({"grade", "--batch", batch.string(), "-j2", "-e", "1,2", "--out", out.string(),
                             "--memory-limit", "512", "--pids-limit", "128"});
  EXPECT_EQ(r.code, 1) << r.out;  // bob did not pass everything
  EXPECT_HAS(r.out, "grade 2 submissions");
  EXPECT_HAS(r.out, fmt::format("{:<24} {:>3}/{} points", "alice", 20, 20));
  EXPECT_HAS(r.out, fmt::format("{:<24} {:>3}/{} points", "bob", 10, 20));
  const json alice = json::parse(Read(out / "alice.json"), nullptr, false);
  const json bob = json::parse(Read(out / "bob.json"), nullptr, false);
  ASSERT_TRUE(alice.is_object() && bob.is_object()) << r.out;
  EXPECT_EQ(alice.value("student", ""), "alice");
  EXPECT_EQ(alice.value("points", -1), 20);
  EXPECT_EQ(bob.value("points", -1), 10);
  EXPECT_EQ(ExerciseIn(bob, kHitCounter).value("verdict", ""), "data-race");
  EXPECT_EQ(ExerciseIn(bob, kSliceSums).value("verdict", ""), "pass");
  EXPECT_EQ(Read(out / "summary.csv"),
            "student,01_race_hit_counter,02_thread_args_by_reference,total,max\r\n"
            "alice,10,10,20,20\r\n"
            "bob,0,10,10,20\r\n");
  const std::string md = Read(out / "summary.md");
  EXPECT_HAS(md, "| student | 01_race_hit_counter | 02_thread_args_by_reference | total | max |\n");
  EXPECT_HAS(md, "| alice | 10 | 10 | 20 | 20 |\n");
  EXPECT_HAS(md, "| bob | 0 | 10 | 10 | 20 |\n");
}

}  // namespace
}  // namespace threadlings
