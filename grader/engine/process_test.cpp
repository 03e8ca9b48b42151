// The watchdog: children are killed on time, classified, and leave nothing behind.
#include "process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <grp.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

namespace threadlings {
namespace {

using namespace std::chrono_literals;

ProcessSpec Shell(const std::string& script, std::chrono::milliseconds timeout = 5000ms) {
  ProcessSpec s;
  s.argv = {"/bin/sh", "-c", script};
  s.timeout = timeout;
  return s;
}

// True if any process is still in process group `pgid`.
bool GroupAlive(pid_t pgid) { return kill(-pgid, 0) == 0; }

// The pid the shell wrote to `file` (its own $$, which is the group id).
pid_t ReadPid(const std::string& file) {
  std::ifstream in(file);
  pid_t pid = 0;
  in >> pid;
  return pid;
}

std::string TempFile(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("threadlings_process_test_" + name + "_" +
                                                    std::to_string(getpid())))
      .string();
}

TEST(Process, CapturesOutputAndExitCode) {
  const ProcessResult r = RunProcess(Shell("echo out; echo err >&2; exit 3"));
  ASSERT_TRUE(r.started);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.output, "out\nerr\n");
}

TEST(Process, ReportsTheSignal) {
  const ProcessResult r = RunProcess(Shell("kill -SEGV $$"));
  EXPECT_EQ(r.signal, SIGSEGV);
  EXPECT_EQ(DescribeEnding(r, Shell("")), "killed by SIGSEGV");
}

TEST(Process, MissingProgramIsAnErrorNotACrash) {
  ProcessSpec s;
  s.argv = {"/nonexistent/program"};
  const ProcessResult r = RunProcess(s);
  EXPECT_FALSE(r.started);
  EXPECT_EQ(r.error, "cannot run '/nonexistent/program': No such file or directory");
}

TEST(Process, BlockedChildIsKilledWithinItsTimeoutPlusOneSecond) {
  const std::string pidfile = TempFile("blocked");
  const auto start = std::chrono::steady_clock::now();
  // A grandchild that sleeps too: the whole group must go.
  const ProcessResult r = RunProcess(Shell("echo $$ > " + pidfile + "; sleep 100 & sleep 100", 1000ms));
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.hang, HangKind::kBlocked);
  EXPECT_LT(took, 2000ms);
  const pid_t pgid = ReadPid(pidfile);
  ASSERT_GT(pgid, 0);
  EXPECT_FALSE(GroupAlive(pgid)) << "processes of group " << pgid << " are still running";
  std::remove(pidfile.c_str());
}

TEST(Process, SpinningChildIsClassifiedAsSpinning) {
  const ProcessResult r = RunProcess(Shell("while :; do :; done", 500ms));
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.hang, HangKind::kSpinning);
  EXPECT_GE(r.runnable_share, 0.5);  // holds however busy the machine is; CPU share does not
}

// A CPU hog for the load tests. The volatile counter is a side effect, so the loop can never
// be optimised away (an empty endless loop is undefined behaviour, and clang exploits it).
[[noreturn]] void Hog() {
  volatile unsigned long spin = 0;
  for (;;) spin = spin + 1;
}

// A machine so busy that the spinning child gets a small share of a core: still spinning.
TEST(Process, SpinningChildUnderHeavyLoadIsStillSpinning) {
  std::vector<pid_t> hogs;
  for (int i = 0; i < 8; ++i) {
    const pid_t p = fork();
    if (p == 0) Hog();
    hogs.push_back(p);
  }
  const ProcessResult r = RunProcess(Shell("while :; do :; done", 500ms));
  for (pid_t p : hogs) kill(p, SIGKILL);
  for (pid_t p : hogs) waitpid(p, nullptr, 0);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.hang, HangKind::kSpinning) << "cpu share " << r.cpu_share << ", runnable " << r.runnable_share;
}

TEST(Process, BlockedChildUnderHeavyLoadIsBlocked) {
  std::vector<pid_t> hogs;
  for (int i = 0; i < 8; ++i) {
    const pid_t p = fork();
    if (p == 0) Hog();
    hogs.push_back(p);
  }
  const ProcessResult r = RunProcess(Shell("sleep 30", 500ms));
  for (pid_t p : hogs) kill(p, SIGKILL);
  for (pid_t p : hogs) waitpid(p, nullptr, 0);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.hang, HangKind::kBlocked) << "cpu share " << r.cpu_share << ", runnable " << r.runnable_share;
}

TEST(Process, GrandchildrenAreKilledWhenTheChildExits) {
  const std::string pidfile = TempFile("orphan");
  const ProcessResult r = RunProcess(Shell("echo $$ > " + pidfile + "; sleep 100 & exit 0"));
  EXPECT_EQ(r.exit_code, 0);
  const pid_t pgid = ReadPid(pidfile);
  ASSERT_GT(pgid, 0);
  EXPECT_FALSE(GroupAlive(pgid));
  std::remove(pidfile.c_str());
}

TEST(Process, FloodedOutputIsCapped) {
  ProcessSpec s = Shell("yes threadlings | head -c 5000000");
  s.output_cap = 1000;
  const ProcessResult r = RunProcess(s);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output.size(), 1000u);
  EXPECT_EQ(r.output_dropped, 5000000u - 1000u);
}

TEST(Process, EndlessOutputStillTimesOut) {
  ProcessSpec s = Shell("yes", 500ms);
  s.output_cap = 100;
  const auto start = std::chrono::steady_clock::now();
  const ProcessResult r = RunProcess(s);
  EXPECT_TRUE(r.timed_out);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms);
  EXPECT_EQ(r.output.size(), 100u);
}

TEST(Process, EnvironmentIsSetAndUnset) {
  setenv("THREADLINGS_TEST_DROP", "x", 1);
  ProcessSpec s = Shell("echo \"[$THREADLINGS_TEST_SET][$THREADLINGS_TEST_DROP]\"");
  s.env["THREADLINGS_TEST_SET"] = "yes";
  s.unset_env = {"THREADLINGS_TEST_DROP"};
  EXPECT_EQ(RunProcess(s).output, "[yes][]\n");
}

// The debug-information folder as a check sees it: the number of entries, then the uid.
ProcessSpec DebugDirProbe() {
  return Shell(std::string("ls -A ") + kSystemDebugDir + " | wc -l; id -u");
}

std::string EntriesOf(const ProcessResult& r) { return r.output.substr(0, r.output.find('\n')); }

// Runs `body` in a child process as the user nobody (65534), for what an ordinary learner's
// grader does; its exit code. Only root can do this.
int AsNobody(const std::function<int()>& body) {
  const pid_t pid = fork();
  if (pid == 0) {
    if (setgroups(0, nullptr) != 0 || setgid(65534) != 0 || setuid(65534) != 0) _exit(90);
    // A change of user makes a process undumpable until its next exec (then /proc/self is
    // root's); a learner's grader was started by exec as that user.
    prctl(PR_SET_DUMPABLE, 1);
    _exit(body());
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 99;
}

bool HaveGdbHere() { return RunProcess(Shell("gdb --version >/dev/null 2>&1")).exit_code == 0; }

TEST(Process, SystemDebugInfoIsHiddenWhenAsked) {
  if (!CanHideSystemDebugInfo())
    GTEST_SKIP() << kSystemDebugDir << " is absent or empty here, or no mount namespace can be made";
  ProcessSpec hidden = DebugDirProbe();
  hidden.hide_system_debug_info = true;
  const ProcessResult r = RunProcess(hidden);
  ASSERT_TRUE(r.started) << r.error;
  EXPECT_EQ(r.output, "0\n" + std::to_string(getuid()) + "\n");
  EXPECT_NE(EntriesOf(RunProcess(DebugDirProbe())), "0") << "the grader's own view must keep it";
}

TEST(Process, SystemDebugInfoIsHiddenForAnOrdinaryUserToo) {
  if (geteuid() != 0) GTEST_SKIP() << "runs as an ordinary user already (see the test above)";
  if (!CanHideSystemDebugInfo())
    GTEST_SKIP() << kSystemDebugDir << " is absent or empty here, or no mount namespace can be made";
  // A user namespace that maps only the user's own ids: same uid inside, folder hidden.
  const int code = AsNobody([] {
    if (!CanHideSystemDebugInfo()) return 77;
    ProcessSpec hidden = DebugDirProbe();
    hidden.hide_system_debug_info = true;
    const ProcessResult r = RunProcess(hidden);
    if (r.output == "0\n65534\n") return 0;
    fprintf(stderr, "as nobody: %s%s\n", r.output.c_str(), r.error.c_str());
    return 1;
  });
  if (code == 77) GTEST_SKIP() << "this machine allows no user namespaces";
  EXPECT_EQ(code, 0);
}

TEST(Process, GdbStillReadsTheStacksOfAHiddenCheck) {
  if (!CanHideSystemDebugInfo())
    GTEST_SKIP() << kSystemDebugDir << " is absent or empty here, or no mount namespace can be made";
  if (!HaveGdbHere()) GTEST_SKIP() << "gdb is not installed";
  // gdb runs outside the check's mount namespace; as an ordinary user it may not enter it,
  // so it must read the binaries from its own view.
  auto stacks_of_hung_sleep = [] {
    ProcessSpec s = Shell("exec sleep 30", 300ms);
    s.hide_system_debug_info = true;
    s.stacks_on_hang = true;
    return RunProcess(s);
  };
  const ProcessResult r = stacks_of_hung_sleep();
  EXPECT_TRUE(r.timed_out);
  EXPECT_NE(r.stacks.find("nanosleep"), std::string::npos) << r.stacks;
  EXPECT_EQ(r.stacks.find("Operation not permitted"), std::string::npos) << r.stacks;
  if (geteuid() == 0) {
    EXPECT_EQ(AsNobody([&] {
                const ProcessResult n = stacks_of_hung_sleep();
                return n.stacks.find("nanosleep") != std::string::npos &&
                               n.stacks.find("Operation not permitted") == std::string::npos
                           ? 0
                           : 1;
              }),
              0);
  }
}

// Runs `body` in a child process; its exit code.
int InChild(const std::function<int()>& body) {
  const pid_t pid = fork();
  if (pid == 0) _exit(body());
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 99;
}

// How many file descriptors this process has open.
size_t OpenFds() {
  size_t n = 0;
  for ([[maybe_unused]] const auto& fd : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

// A grader that cannot fork (its user is at its process limit) says so, and does not keep the
// child's two pipes open: a grade batch would run out of descriptors.
TEST(Process, AFailedForkClosesItsPipes) {
  const auto body = [] {
    const rlimit one{1, 1};  // this process alone: fork() fails with EAGAIN
    if (setrlimit(RLIMIT_NPROC, &one) != 0) return 91;
    RunProcess(Shell("true"));  // whatever a first run sets up once
    const size_t before = OpenFds();
    const ProcessResult r = RunProcess(Shell("true"));
    if (r.started || r.error.rfind("cannot fork: ", 0) != 0) {
      fprintf(stderr, "the fork did not fail: %s\n", r.error.c_str());
      return 77;
    }
    const size_t after = OpenFds();
    if (after == before) return 0;
    fprintf(stderr, "%zu descriptors open before the failed fork, %zu after\n", before, after);
    return 1;
  };
  // Root's process limit is not enforced: the child becomes an ordinary user first.
  const int code = geteuid() == 0 ? AsNobody(body) : InChild(body);
  if (code == 77) GTEST_SKIP() << "the process limit did not make fork() fail here";
  EXPECT_EQ(code, 0);
}

}  // namespace
}  // namespace threadlings
