// End-to-end tests of what `threadlings grade` leaves behind and prints: hostile file names reach
// stdout, the step summary and Gradescope inert; a folder and an archive of the same name stay
// two students; the cgroup folders are gone after a grade and after Ctrl-C.
// Shares grade_e2e_test's state folder (grade-home), so the check harness is built once.
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "kit.h"
#include "process.h"

namespace threadlings {
namespace {

using nlohmann::json;

const fs::path kKit = fs::path(THREADLINGS_TEST_DATA_DIR).parent_path();
const fs::path kWork = fs::path(THREADLINGS_E2E_WORK_DIR) / "grade-reports";
const fs::path kHome = fs::path(THREADLINGS_E2E_WORK_DIR) / "grade-home";
const std::string kHitCounter = "01_race_hit_counter";

std::string Read(const fs::path& path) {
  std::string text;
  ReadFile(path, &text);
  return text;
}

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

/// threadlings on the kit from kWork; `env` added.
ProcessResult Threadlings(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {}) {
  fs::create_directories(kWork);
  ProcessSpec spec;
  spec.argv = {THREADLINGS_BINARY, "--kit", kKit.string(), "--color", "never"};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.timeout = std::chrono::minutes(5);
  spec.cwd = kWork.string();
  spec.env = env;
  spec.env["THREADLINGS_HOME"] = kHome.string();
  spec.unset_env = {"THREADLINGS_CXX", "THREADLINGS_KIT", "NO_COLOR", "GITHUB_STEP_SUMMARY"};
  return RunProcess(spec);
}

/// A checkout holding exercise 01 as shipped, or without its file to edit (`with_file` false:
/// decided compile-error without a build, so the test is fast).
fs::path Checkout(const fs::path& root, bool with_file) {
  fs::remove_all(root);
  fs::create_directories(root / "exercises");
  fs::copy(kKit / "exercises" / kHitCounter, root / "exercises" / kHitCounter, fs::copy_options::recursive);
  if (!with_file) fs::remove(root / "exercises" / kHitCounter / "hit_counter.h");
  return root;
}

/// The lines of `text` a GitHub runner would obey as workflow commands.
std::vector<std::string> CommandLines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const size_t first = line.find_first_not_of(" \t");
    if (first != std::string::npos && (line.compare(first, 2, "::") == 0 || line.compare(first, 3, "##[") == 0))
      out.push_back(line.substr(first));
  }
  return out;
}

TEST(GradeReports, HostileFileNamesAreInertOnStdoutInTheSummaryAndOnGradescope) {
  const fs::path sub = Checkout(kWork / "hostile-names", false);
  for (const std::string name : {"::stop-commands::tok", "x\n::error file=a::forged", "\x1b[2J\x1b[1;1Hcleared",
                                 "<img src=x onerror=alert(1)>", "##[error]old"})
    Write(sub / name, "x\n");
  const fs::path summary = kWork / "hostile-summary.md", gradescope = kWork / "hostile-gradescope.json";
  fs::remove(summary);
  const ProcessResult r = Threadlings({"grade", sub.string(), "-e", "1", "--github", "--gradescope", gradescope.string()},
                                      {{"GITHUB_STEP_SUMMARY", summary.string()}});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  const auto commands = CommandLines(r.output);
  ASSERT_EQ(commands.size(), 2u) << r.output;  // ours: the exercise's error and the points
  EXPECT_EQ(commands[0].rfind("::error file=hostile-names/exercises/01_race_hit_counter/hit_counter.h,", 0), 0u)
      << commands[0];
  EXPECT_EQ(commands[1].rfind("::notice title=threadlings::Points 0/", 0), 0u) << commands[1];
  EXPECT_EQ(r.output.find('\x1b'), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\\::stop-commands::tok"), std::string::npos) << r.output;
  const std::string md = Read(summary);
  EXPECT_EQ(md.find("<img"), std::string::npos) << md;
  EXPECT_NE(md.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos) << md;
  const json g = json::parse(Read(gradescope), nullptr, false);
  ASSERT_TRUE(g.is_object());
  EXPECT_EQ(g.value("output_format", ""), "text");
}

TEST(GradeReports, AFolderAndAnArchiveOfTheSameNameAreTwoRowsToldApart) {
  const fs::path batch = kWork / "same-name";
  fs::remove_all(batch);
  Checkout(batch / "alice", false);
  ProcessSpec tar;
  tar.argv = {"tar", "czf", (batch / "alice.tar.gz").string(), "-C", (batch / "alice").string(), "exercises"};
  ASSERT_EQ(RunProcess(tar).exit_code, 0);
  const fs::path out = kWork / "same-name-results";
  fs::remove_all(out);
  const ProcessResult r = Threadlings({"grade", "--batch", batch.string(), "-e", "1", "--out", out.string()});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("2 submissions would all be the student 'alice' (alice/, alice.tar.gz)"), std::string::npos)
      << r.output;
  const std::string csv = Read(out / "summary.csv");
  EXPECT_NE(csv.find("\r\nalice/,0,0,10\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\nalice.tar.gz,0,0,10\r\n"), std::string::npos) << csv;
  size_t results = 0;
  for (const auto& f : fs::directory_iterator(out)) results += f.path().extension() == ".json";
  EXPECT_EQ(results, 2u);
}

// ---- cgroup folders -------------------------------------------------------------------------

/// Whether `grade --sandbox-report` has a cgroup protection in force here.
bool CgroupsInForce() {
  const std::string report = Threadlings({"grade", "--sandbox-report"}).output;
  return report.find("in force     memory") != std::string::npos ||
         report.find("in force     pids") != std::string::npos;
}

#define REQUIRE_CGROUPS()                                                                              \
  if (!CgroupsInForce())                                                                               \
  GTEST_SKIP() << "no cgroup is delegated to threadlings here (grade --sandbox-report: memory and pids " \
                  "not in force), so it makes no cgroup folders to leave behind"

/// The cgroup folders named threadlings-<pid> under the cgroup file systems, searched a few
/// levels deep (a v1 hierarchy puts them under this process's own cgroup).
std::vector<fs::path> CgroupFoldersOf(pid_t pid) {
  const std::string name = "threadlings-" + std::to_string(pid);
  std::vector<fs::path> found;
  std::error_code ec;
  for (fs::recursive_directory_iterator it("/sys/fs/cgroup", ec), end; !ec && it != end; it.increment(ec)) {
    if (it.depth() > 5 || !it->is_directory(ec) || fs::is_symlink(it->symlink_status(ec))) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->path().filename() == name) {
      found.push_back(it->path());
      it.disable_recursion_pending();
    }
  }
  return found;
}

/// Starts threadlings with `args`, output to `log`; its pid.
pid_t Start(const std::vector<std::string>& args, const fs::path& log) {
  std::vector<std::string> argv = {THREADLINGS_BINARY, "--kit", kKit.string(), "--color", "never"};
  argv.insert(argv.end(), args.begin(), args.end());
  const pid_t pid = fork();
  if (pid == 0) {
    setenv("THREADLINGS_HOME", kHome.c_str(), 1);
    unsetenv("GITHUB_STEP_SUMMARY");
    FILE* f = std::freopen(log.c_str(), "w", stdout);
    if (f) dup2(fileno(stdout), 2);
    chdir(kWork.c_str());
    std::vector<char*> c;
    for (auto& a : argv) c.push_back(a.data());
    c.push_back(nullptr);
    execv(c[0], c.data());
    _exit(127);
  }
  return pid;
}

std::string Paths(const std::vector<fs::path>& paths) {
  std::string out;
  for (const auto& p : paths) out += p.string() + "\n";
  return out;
}

TEST(GradeReports, CgroupFoldersAreGoneAfterAGrade) {
  REQUIRE_CGROUPS();
  const fs::path sub = Checkout(kWork / "cgroup-after", false);
  const pid_t pid = Start({"grade", sub.string(), "-e", "1"}, kWork / "cgroup-after.log");
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status)) << Read(kWork / "cgroup-after.log");
  EXPECT_EQ(Paths(CgroupFoldersOf(pid)), "") << "left behind by the grade";
}

TEST(GradeReports, CgroupFoldersAreGoneAfterCtrlC) {
  REQUIRE_CGROUPS();
  const fs::path sub = Checkout(kWork / "cgroup-interrupt", true);
  Write(sub / "exercises" / kHitCounter / "hit_counter.h",
        "#pragma once\n#include <chrono>\n#include <map>\n#include <string>\n#include <thread>\n"
        "class HitCounter {\n public:\n"
        "  void hit(const std::string&) { std::this_thread::sleep_for(std::chrono::hours(1)); }\n"
        "  long hits(const std::string&) const { return 0; }\n  long total() const { return 0; }\n};\n");
  const fs::path log = kWork / "cgroup-interrupt.log";
  const pid_t pid = Start({"grade", sub.string(), "-e", "1"}, log);
  // Wait for a check's own cgroup (the first run may build the check harness first).
  bool running = false;
  for (int i = 0; i < 600 && !running; ++i) {
    for (const auto& parent : CgroupFoldersOf(pid)) {
      std::error_code ec;
      for (const auto& d : fs::directory_iterator(parent, ec))
        running = running || d.path().filename().string().rfind("check-", 0) == 0;
    }
    if (!running) std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  ASSERT_TRUE(running) << "no check started within 5 minutes:\n" << Read(log);
  kill(pid, SIGINT);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) << Read(log);
  EXPECT_EQ(Paths(CgroupFoldersOf(pid)), "") << "left behind by Ctrl-C";
}

}  // namespace
}  // namespace threadlings
