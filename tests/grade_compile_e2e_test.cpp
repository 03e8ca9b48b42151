// End-to-end tests of what a graded submission's compile may read (docs/GRADING.md, "The
// compile"): a learner's file that includes a file outside the exercise (/etc/passwd,
// /dev/zero, the kit's solution, a classmate's staged file) gets `compile-error` naming the
// file or the limit, decided from the files the preprocessor opened; the file's contents reach
// no report, and the other exercise is still graded. Shares grade_e2e_test's state folder, so
// the check harness is built once.
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "kit.h"
#include "process.h"

namespace threadlings {
namespace {

using nlohmann::json;

const fs::path kKit = fs::path(THREADLINGS_TEST_DATA_DIR).parent_path();  // the project is the kit
const fs::path kWork = fs::path(THREADLINGS_E2E_WORK_DIR) / "grade-compile";
const fs::path kHome = fs::path(THREADLINGS_E2E_WORK_DIR) / "grade-home";
const std::string kHitCounter = "01_race_hit_counter";          // edit: hit_counter.h
const std::string kSliceSums = "02_thread_args_by_reference";  // edit: slice_sums.h
const std::string kHitCounterFile = "exercises/01_race_hit_counter/hit_counter.h";

#define EXPECT_HAS(haystack, needle) \
  EXPECT_NE((haystack).find(needle), std::string::npos) << "missing: " << (needle) << "\nin:\n" << (haystack)
#define EXPECT_LACKS(haystack, needle) \
  EXPECT_EQ((haystack).find(needle), std::string::npos) << "unexpected: " << (needle) << "\nin:\n" << (haystack)

std::string Read(const fs::path& path) {
  std::string text;
  ReadFile(path, &text);
  return text;
}

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

/// threadlings on the kit, from kWork, with the shared state folder: exit code and output.
ProcessResult Threadlings(const std::vector<std::string>& args) {
  fs::create_directories(kWork);
  ProcessSpec spec;
  spec.argv = {THREADLINGS_BINARY, "--kit", kKit.string(), "--color", "never"};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.timeout = std::chrono::minutes(5);
  spec.cwd = kWork.string();
  spec.env["THREADLINGS_HOME"] = kHome.string();
  spec.unset_env = {"THREADLINGS_CXX", "THREADLINGS_KIT", "NO_COLOR", "GITHUB_STEP_SUMMARY"};
  return RunProcess(spec);
}

std::string Marker(const std::string& what) { return fmt::format("tlc{:05}{}", getpid() % 100000, what.substr(0, 7)); }

/// A student's checkout of exercises 01 and 02 with their solutions, 01's file then `header`.
fs::path Checkout(const fs::path& root, const std::string& header) {
  fs::remove_all(root);
  for (const auto& d : {kHitCounter, kSliceSums}) {
    const fs::path to = root / "exercises" / d;
    fs::create_directories(to);
    fs::copy(kKit / "exercises" / d, to, fs::copy_options::recursive);
    for (const auto& f : fs::directory_iterator(kKit / "solutions" / d))
      fs::copy_file(f.path(), to / f.path().filename(), fs::copy_options::overwrite_existing);
  }
  if (!header.empty()) Write(root / kHitCounterFile, header);
  return root;
}

/// Everything one grade of exercises 1 and 2 printed and wrote, in every format.
struct Graded {
  ProcessResult run;
  json result;
  std::string everything;  ///< stdout, and every result file
  json Exercise(const std::string& dir) const {
    for (const auto& e : result.value("exercises", json::array()))
      if (e.value("dir", "") == dir) return e;
    return json::object();
  }
};

Graded Grade(const std::string& marker, const std::string& header) {
  const fs::path out = kWork / (marker + "-out");
  fs::remove_all(out);
  fs::create_directories(out);
  Graded g;
  g.run = Threadlings({"grade", Checkout(kWork / marker, header).string(), "-e", "1,2", "--memory-limit", "512",
                       "--pids-limit", "128", "--json", (out / "r.json").string(), "--junit",
                       (out / "junit.xml").string(), "--gradescope", (out / "gs.json").string(), "--exercism",
                       (out / "ex").string(), "--github"});
  g.result = json::parse(Read(out / "r.json"), nullptr, false);
  if (!g.result.is_object()) g.result = json::object();
  g.everything = g.run.output + Read(out / "r.json") + Read(out / "junit.xml") + Read(out / "gs.json") +
                 Read(out / "ex" / "results.json");
  return g;
}

/// Living processes whose command line holds `marker` (pgrep's own shell does not match "[t]lc...").
std::string LeftRunning(const std::string& marker) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", "pgrep -af '[" + marker.substr(0, 1) + "]" + marker.substr(1) + "' || true"};
  return RunProcess(spec).output;
}

/// 01 refused with compile-error (the summary holding `named`), 02 still passing, exit code 1.
json ExpectRefused(const Graded& g, const std::string& named) {
  EXPECT_EQ(g.run.exit_code, 1) << g.run.output;
  EXPECT_EQ(g.result.value("points", -1), 10) << g.run.output;
  EXPECT_EQ(g.Exercise(kSliceSums).value("verdict", ""), "pass");
  const json hit = g.Exercise(kHitCounter);
  EXPECT_EQ(hit.value("verdict", ""), "compile-error") << hit.dump(2);
  EXPECT_HAS(hit.value("summary", ""), named);
  return hit;
}

std::string HitCounterIncluding(const std::string& include) {
  return "#pragma once\n" + include + "\n" + Read(kKit / "solutions" / kHitCounter / "hit_counter.h");
}

TEST(GradeCompile, IncludingEtcPasswdIsRefusedAndItsLinesReachNoReport) {
  const std::string marker = Marker("passwd");
  const Graded g = Grade(marker, HitCounterIncluding("#include \"/etc/passwd\""));
  const json hit = ExpectRefused(g, "/etc/passwd");
  EXPECT_HAS(hit.dump(), "the rule: a graded file may include only");
  const std::string first_line = Read("/etc/passwd").substr(0, Read("/etc/passwd").find('\n'));
  ASSERT_FALSE(first_line.empty());
  EXPECT_LACKS(g.everything, first_line);
  EXPECT_LACKS(g.everything, "root:x:0:0");
}

TEST(GradeCompile, IncludingTheKitsSolutionIsRefused) {
  const std::string marker = Marker("sol");
  const Graded g = Grade(marker, "#pragma once\n#include <../../solutions/01_race_hit_counter/hit_counter.h>\n");
  ExpectRefused(g, "solutions/01_race_hit_counter/hit_counter.h");
}

TEST(GradeCompile, IncludingDevZeroEndsAsTheStudentsCompileErrorAndLeavesNothingRunning) {
  const std::string marker = Marker("zero");
  const Graded g = Grade(marker, HitCounterIncluding("#include \"/dev/zero\""));
  const json hit = ExpectRefused(g, "");
  const std::string summary = hit.value("summary", "");
  // clang++ lists /dev/zero in its depfile; g++ reads it to the end first and meets a limit.
  EXPECT_TRUE(summary.find("/dev/zero") != std::string::npos || summary.find("limit") != std::string::npos)
      << summary;
  EXPECT_LT(g.run.seconds, 120);
  EXPECT_EQ(LeftRunning(marker), "");
}

// ---- the compile's limits: each is the student's compile-error, saying which limit ----------

/// 01 stopped by a limit of its compile (the summary naming it), 02 still passing, nothing left running.
void ExpectStoppedByALimit(const std::string& marker, const Graded& g, const std::vector<std::string>& limits) {
  const json hit = ExpectRefused(g, "the compile was stopped: ");
  const std::string summary = hit.value("summary", "");
  EXPECT_TRUE(std::any_of(limits.begin(), limits.end(),
                          [&](const std::string& l) { return summary.find(l) != std::string::npos; }))
      << summary;
  EXPECT_EQ(LeftRunning(marker), "");
}

TEST(GradeCompile, AnObjectPastTheFileSizeLimitIsNotWritten) {
  const std::string marker = Marker("fsize");
  // 1.5 GB of data in the object: the assembler stops at the file-size limit.
  const Graded g = Grade(marker, HitCounterIncluding("asm(\".pushsection .data\\n.fill 1500000000,1,1\\n.popsection\");"));
  ExpectStoppedByALimit(marker, g, {"file-size limit", "memory limit"});
}

TEST(GradeCompile, ATemplateExplosionStopsAtTheMemoryLimit) {
  const std::string marker = Marker("templ");
  const Graded g = Grade(marker, HitCounterIncluding("#include <utility>\ninline auto boom = std::make_index_sequence<200000000>{};"));
  ExpectStoppedByALimit(marker, g, {"memory limit"});
}

TEST(GradeCompile, AHeaderIncludingItselfWithoutEndIsStoppedByALimit) {
  const std::string marker = Marker("self");
  const Graded g = Grade(marker, "#if __INCLUDE_LEVEL__ < 60\n#include \"hit_counter.h\"\n#include \"hit_counter.h\"\n#endif\n");
  // g++'s preprocessor keeps every inclusion's line map: it meets the memory limit first.
  ExpectStoppedByALimit(marker, g, {"time limit", "memory limit"});
}

TEST(GradeCompile, IncludingAClassmatesStagedFileInABatchIsRefused) {
  const fs::path batch = kWork / Marker("batch");
  fs::remove_all(batch);
  Checkout(batch / "alice", "");
  Checkout(batch / "bob", "#pragma once\n#include \"../../../grade-alice/exercises/01_race_hit_counter/hit_counter.h\"\n");
  const fs::path out = batch.string() + "-results";
  fs::remove_all(out);
  const ProcessResult r = Threadlings({"grade", "--batch", batch.string(), "-j2", "-e", "1,2", "--out", out.string(),
                                       "--memory-limit", "512", "--pids-limit", "128"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  const json alice = json::parse(Read(out / "alice.json"), nullptr, false);
  const json bob = json::parse(Read(out / "bob.json"), nullptr, false);
  ASSERT_TRUE(alice.is_object() && bob.is_object()) << r.output;
  EXPECT_EQ(alice.value("points", -1), 20);
  EXPECT_EQ(bob.value("points", -1), 10) << bob.dump(2);
  for (const auto& e : bob.value("exercises", json::array()))
    if (e.value("dir", "") == kHitCounter) {
      EXPECT_EQ(e.value("verdict", ""), "compile-error");
      EXPECT_HAS(e.value("summary", ""), "grade-alice/exercises/01_race_hit_counter/hit_counter.h");
    }
}

}  // namespace
}  // namespace threadlings
