// The sandbox, on this machine: each protection the probe says is in force is tried for real;
// one that is not in force is skipped with the probe's reason (never passed silently).
#include "sandbox.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "kit.h"
#include "engine.h"
#include "process.h"

namespace threadlings {
namespace {

namespace fs = std::filesystem;

class SandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(THREADLINGS_E2E_WORK_DIR) / ("sandbox-" + std::to_string(getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "run");
    fs::create_directories(root_ / "outside");
  }
  void TearDown() override { fs::remove_all(root_); }

  ProcessSpec Sh(const std::string& script) const {
    ProcessSpec spec;
    spec.argv = {"sh", "-c", script};
    spec.cwd = (root_ / "run").string();
    spec.timeout = std::chrono::seconds(20);
    spec.sandbox.enabled = true;
    spec.sandbox.writable = {(root_ / "run").string()};
    spec.sandbox.memory_bytes = 256ull << 20;
    spec.sandbox.pids = 64;
    spec.sandbox.cpu_seconds = 30;
    return spec;
  }

  fs::path root_;
};

// True while a process whose command line contains `marker` is alive.
bool ProcessWithMarkerAlive(const std::string& marker) {
  for (const auto& e : fs::directory_iterator("/proc")) {
    const std::string pid = e.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(e.path() / "cmdline");
    std::string cmd((std::istreambuf_iterator<char>(in)), {});
    for (auto& c : cmd)
      if (c == '\0') c = ' ';
    if (cmd.find(marker) != std::string::npos) {
      std::ifstream st(e.path() / "stat");
      std::string stat((std::istreambuf_iterator<char>(st)), {});
      const auto close = stat.rfind(')');
      if (close != std::string::npos && stat[close + 2] != 'Z') return true;
    }
  }
  return false;
}

TEST_F(SandboxTest, ReportNamesEveryProtection) {
  SandboxLimits limits;
  limits.enabled = true;
  limits.memory_bytes = 2ull << 30;
  limits.pids = 512;
  limits.cpu_seconds = 60;
  const auto report = DescribeSandbox(limits, 30, 1 << 20);
  std::vector<std::string> names;
  for (const auto& p : report) {
    names.push_back(p.name);
    EXPECT_FALSE(p.detail.empty()) << p.name;
  }
  for (const char* want : {"wall-clock", "cpu-time", "no-core-files", "output-cap", "process-group-kill",
                           "memory", "pids", "network", "user", "filesystem"})
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
  const SandboxSupport& s = ProbeSandbox();
  for (const auto& p : report) {
    if (p.name == "memory") EXPECT_EQ(p.in_force, !s.memory_parent.empty()) << p.detail;
    if (p.name == "network") EXPECT_EQ(p.in_force, s.netns) << p.detail;
    if (p.name == "filesystem") EXPECT_EQ(p.in_force, s.mountns) << p.detail;
  }
}

TEST_F(SandboxTest, OnlyTheRunFolderIsWritable) {
  if (!ProbeSandbox().mountns) GTEST_SKIP() << ProbeSandbox().mountns_note;
  const fs::path outside = root_ / "outside" / "planted";
  const ProcessResult r = RunProcess(Sh("touch inside && echo x > " + outside.string() + "; echo rc=$?"));
  ASSERT_TRUE(r.started) << r.error;
  EXPECT_TRUE(fs::exists(root_ / "run" / "inside"));
  EXPECT_FALSE(fs::exists(outside));
  EXPECT_NE(r.output.find("Read-only file system"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("rc=0"), std::string::npos) << r.output;
}

TEST_F(SandboxTest, PrivateTmp) {
  if (!ProbeSandbox().mountns) GTEST_SKIP() << ProbeSandbox().mountns_note;
  const std::string name = "threadlings-sandbox-test-" + std::to_string(getpid());
  const ProcessResult r = RunProcess(Sh("echo x > /tmp/" + name + " && cat /tmp/" + name));
  ASSERT_TRUE(r.started) << r.error;
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(fs::exists("/tmp/" + name)) << "the check wrote the real /tmp";
}

TEST_F(SandboxTest, SystemDebugInfoIsHiddenInsideToo) {
  if (!ProbeSandbox().mountns) GTEST_SKIP() << ProbeSandbox().mountns_note;
  if (!CanHideSystemDebugInfo())
    GTEST_SKIP() << kSystemDebugDir << " is absent or empty here, or no mount namespace can be made";
  ProcessSpec spec = Sh(std::string("ls -A ") + kSystemDebugDir + " | wc -l");
  spec.hide_system_debug_info = true;
  const ProcessResult r = RunProcess(spec);
  ASSERT_TRUE(r.started) << r.error;
  EXPECT_EQ(r.output, "0\n");
  // Asked for nothing, the sandbox leaves it as it is.
  EXPECT_NE(RunProcess(Sh(std::string("ls -A ") + kSystemDebugDir + " | wc -l")).output, "0\n");
}

TEST_F(SandboxTest, NoNetwork) {
  if (!ProbeSandbox().netns) GTEST_SKIP() << ProbeSandbox().netns_note;
  // /proc/net/dev lists the interfaces of the reader's network namespace: only loopback.
  const ProcessResult r = RunProcess(Sh("cat /proc/net/dev"));
  ASSERT_TRUE(r.started) << r.error;
  EXPECT_NE(r.output.find("lo:"), std::string::npos) << r.output;
  size_t interfaces = 0;
  for (size_t at = r.output.find(':'); at != std::string::npos; at = r.output.find(':', at + 1)) ++interfaces;
  EXPECT_EQ(interfaces, 1u) << r.output;
}

TEST_F(SandboxTest, MemoryLimitKills) {
  if (ProbeSandbox().memory_parent.empty()) GTEST_SKIP() << ProbeSandbox().cgroup_note;
  // tail -c keeps the last N bytes in memory: 1 GiB against a 256 MiB limit.
  const ProcessResult r = RunProcess(Sh("head -c 1073741824 /dev/zero | tail -c 1073741824 > /dev/null"));
  ASSERT_TRUE(r.started) << r.error;
  EXPECT_TRUE(r.memory_limit_hit);
  EXPECT_NE(r.exit_code, 0);
}

TEST_F(SandboxTest, PidsCapStopsAForkBombAndNothingIsLeft) {
  if (ProbeSandbox().pids_parent.empty()) GTEST_SKIP() << ProbeSandbox().cgroup_note;
  const std::string marker = "7" + std::to_string(getpid()) + ".25";
  ProcessSpec spec = Sh("i=0; while [ $i -lt 200 ]; do sleep " + marker + " & i=$((i+1)); done; wait");
  spec.timeout = std::chrono::seconds(3);
  const ProcessResult r = RunProcess(spec);
  ASSERT_TRUE(r.started) << r.error;
  EXPECT_TRUE(r.pids_limit_hit);
  EXPECT_FALSE(ProcessWithMarkerAlive("sleep " + marker));
}

TEST_F(SandboxTest, ProcessesThatLeaveTheGroupAreKilledToo) {
  if (ProbeSandbox().pids_parent.empty()) GTEST_SKIP() << ProbeSandbox().cgroup_note;
  const std::string marker = "8" + std::to_string(getpid()) + ".5";
  const ProcessResult r = RunProcess(Sh("setsid sleep " + marker + " & sleep 0.2; exit 0"));
  ASSERT_TRUE(r.started) << r.error;
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_FALSE(ProcessWithMarkerAlive("sleep " + marker));
}

TEST_F(SandboxTest, RunsAsAUserOfItsOwnThatCannotSignalTheGrader) {
  if (geteuid() != 0) GTEST_SKIP() << "threadlings is not running as root: checks run as the grader's user";
  std::string why;
  if (!SandboxUserCanRun("/bin/sh", &why)) GTEST_SKIP() << why;
  const ProcessResult r = RunProcess(
      Sh("id -u; kill -0 " + std::to_string(getpid()) + " 2>/dev/null && echo signalled || echo refused; touch mine"));
  ASSERT_TRUE(r.started) << r.error;
  EXPECT_GE(std::stoul(r.output), 1'900'000'000ul) << r.output;
  EXPECT_NE(r.output.find("refused"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(root_ / "run" / "mine")) << "its run folder must be its own: " << r.output;
}

TEST_F(SandboxTest, APrivateFolderKeepsTheUserOfItsOwnOut) {
  if (geteuid() != 0) GTEST_SKIP() << "threadlings is not running as root";
  const fs::path secret = root_ / "private";
  fs::create_directories(secret / "bin");
  fs::permissions(secret, fs::perms::owner_all);
  std::string why;
  EXPECT_FALSE(SandboxUserCanRun((secret / "bin" / "check").string(), &why));
  EXPECT_NE(why.find("a parent folder is private"), std::string::npos) << why;
  EXPECT_TRUE(SandboxUserCanRun("/bin/sh", &why)) << why;
}

TEST_F(SandboxTest, CpuTimeLimit) {
  ProcessSpec spec = Sh("while :; do :; done");
  spec.sandbox.cpu_seconds = 1;
  const ProcessResult r = RunProcess(spec);
  ASSERT_TRUE(r.started) << r.error;
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.signal, SIGXCPU);
}

TEST(SandboxVerdicts, EachLimitSaysWhichItWas) {
  SandboxLimits limits;
  limits.enabled = true;
  limits.memory_bytes = 512ull << 20;
  limits.pids = 128;
  ProcessResult p;
  Outcome o;
  o.verdict = Verdict::kCrash;
  o.summary = "killed by SIGKILL";
  p.signal = SIGKILL;
  p.memory_limit_hit = true;
  ExplainSandboxLimits(p, limits, &o);
  EXPECT_EQ(o.verdict, Verdict::kCrash);
  EXPECT_EQ(o.summary, "the check ran out of memory: it needed more than the sandbox's 512 MiB (memory allocated without end?)");
  p = {};
  p.signal = SIGXCPU;
  p.pids_limit_hit = true;
  o = {};
  o.verdict = Verdict::kCrash;
  o.details = {"a detail"};
  ExplainSandboxLimits(p, limits, &o);
  EXPECT_EQ(o.verdict, Verdict::kTimeout);
  EXPECT_EQ(o.summary, "the check used up its CPU time (busy threads that never finish?)");
  ASSERT_EQ(o.details.size(), 2u);
  EXPECT_EQ(o.details[0], "it hit the sandbox's cap of 128 processes and threads: something starts threads or processes without end");
  // Without the sandbox nothing is rewritten.
  limits.enabled = false;
  o = {};
  o.summary = "killed by SIGXCPU";
  ExplainSandboxLimits(p, limits, &o);
  EXPECT_EQ(o.summary, "killed by SIGXCPU");
}

TEST(SandboxCpuSeconds, NeverTighterThanTheWallClockOnEveryCore) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  EXPECT_EQ(SandboxCpuSeconds(10), 10.0 * cores + 5);
  EXPECT_GE(SandboxCpuSeconds(0.5), 0.5 * cores);
}

TEST(FormatBytes, Units) {
  EXPECT_EQ(FormatBytes(2ull << 30), "2 GiB");
  EXPECT_EQ(FormatBytes(512ull << 20), "512 MiB");
  EXPECT_EQ(FormatBytes(100), "100 bytes");
}

}  // namespace
}  // namespace threadlings
