// The CI templates of docs/grading/, run the way their CI would run them (docs/GRADING.md, "How
// the templates are tested"). Each template is parsed; its steps that install, build or check
// out are recognised and skipped (and the test asserts which ones those are, so a new grading
// step cannot be skipped silently); its grading commands run with `sh -ec` in a temporary
// workspace holding a small submission (two exercises solved, one as shipped), with the
// project's source folder as the pristine kit, the built binary as `threadlings` on PATH, and
// the environment the CI would set. All tests share one THREADLINGS_HOME, so GoogleTest with
// ThreadSanitizer is built once.
#include <fnmatch.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fmt/core.h>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "grade_output.h"
#include "kit.h"
#include "process.h"

extern char** environ;

namespace threadlings {
namespace {

using nlohmann::json;
using Env = std::map<std::string, std::string>;

const fs::path kKit = fs::path(THREADLINGS_TEST_DATA_DIR).parent_path();  // the pristine kit
const fs::path kTemplates = kKit / "docs" / "grading";
const fs::path kGradingMd = kKit / "docs" / "GRADING.md";
const fs::path kWork = fs::path(THREADLINGS_E2E_WORK_DIR) / "templates";
const fs::path kHome = fs::path(THREADLINGS_E2E_WORK_DIR) / "templates-home";
const fs::path kBin = kWork / "bin";

// The test submission: two exercises with their solutions in, one as shipped.
const std::vector<std::string> kSolved = {"01_race_hit_counter", "02_thread_args_by_reference"};
const std::string kBroken = "03_leak_unjoined_on_exception";

/// What a step or a command line of a template does.
enum class Kind { kCheckout, kInstall, kBuild, kGrade, kUpload, kClassroomGrade, kClassroomReport, kShell };

std::string KindName(Kind k) {
  switch (k) {
    case Kind::kCheckout: return "checkout";
    case Kind::kInstall: return "install";
    case Kind::kBuild: return "build";
    case Kind::kGrade: return "grade";
    case Kind::kUpload: return "upload";
    case Kind::kClassroomGrade: return "classroom-grade";
    case Kind::kClassroomReport: return "classroom-report";
    case Kind::kShell: return "shell";
  }
  return "?";
}

void PrintTo(Kind k, std::ostream* os) { *os << KindName(k); }

bool Has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }
bool StartsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

/// A shell command: grading (runs in the test), or installing, building, checking out (skipped).
std::optional<Kind> ClassifyCommand(const std::string& cmd) {
  if (Has(cmd, "threadlings grade")) return Kind::kGrade;
  if (Has(cmd, "install-deps.sh") || Has(cmd, "apt-get ")) return Kind::kInstall;
  if (Has(cmd, "git clone")) return Kind::kCheckout;
  if (Has(cmd, "cmake ") || StartsWith(cmd, "ln -s") || StartsWith(cmd, "export PATH=")) return Kind::kBuild;
  return std::nullopt;
}

/// A line of a shell script: also `set -...` and variable assignments, which are kept.
std::optional<Kind> ClassifyScriptLine(const std::string& line) {
  if (StartsWith(line, "set -") || std::regex_search(line, std::regex("^[A-Za-z_][A-Za-z0-9_]*="))) return Kind::kShell;
  return ClassifyCommand(line);
}

std::string Str(const YAML::Node& n) { return n && n.IsScalar() ? n.as<std::string>() : ""; }

/// A GitHub Actions step.
std::optional<Kind> ClassifyStep(const YAML::Node& step) {
  const std::string uses = Str(step["uses"]);
  if (StartsWith(uses, "actions/checkout@")) return Kind::kCheckout;
  if (StartsWith(uses, "actions/upload-artifact@")) return Kind::kUpload;
  if (StartsWith(uses, "classroom-resources/autograding-command-grader@")) return Kind::kClassroomGrade;
  if (StartsWith(uses, "classroom-resources/autograding-grading-reporter@")) return Kind::kClassroomReport;
  if (!uses.empty()) return std::nullopt;
  return ClassifyCommand(Str(step["run"]));
}

std::string Read(const fs::path& path) {
  std::string text;
  ReadFile(path, &text);
  return text;
}

json ReadJson(const fs::path& path) { return json::parse(Read(path), nullptr, false); }

/// Lines of a shell script, continuations joined, comments and blank lines left out.
std::vector<std::string> LogicalLines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line, joined;
  while (std::getline(in, line)) {
    const bool continued = !line.empty() && line.back() == '\\';
    if (continued) line.pop_back();
    joined += line;
    if (continued) continue;
    const auto first = joined.find_first_not_of(" \t");
    if (first != std::string::npos && joined[first] != '#') out.push_back(joined.substr(first));
    joined.clear();
  }
  return out;
}

/// Shell words of a simple command line: quotes removed, no expansion.
std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> out;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (char c : line) {
    if (quote) {
      if (c == quote) quote = 0;
      else word += c;
    } else if (c == '"' || c == '\'') {
      quote = c, in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) out.push_back(word);
      word.clear(), in_word = false;
    } else {
      word += c, in_word = true;
    }
  }
  if (in_word) out.push_back(word);
  return out;
}

struct ShellRun {
  int code = -1;
  std::string out;
};

class Templates : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::create_directories(kBin);
    fs::remove(kBin / "threadlings");
    fs::create_symlink(THREADLINGS_BINARY, kBin / "threadlings");
    std::string err;
    ASSERT_TRUE(kit_.Open(kKit, &err, true)) << err;
  }

  /// Runs argv (a script by its path, or sh -ec SCRIPT) in `cwd`, with `threadlings` on PATH,
  /// the shared THREADLINGS_HOME and `env`; with `only_env`, nothing else of our environment.
  static ShellRun Exec(std::vector<std::string> argv, const fs::path& cwd, Env env, bool only_env = false) {
    ProcessSpec spec;
    spec.argv = std::move(argv);
    spec.cwd = cwd.string();
    spec.timeout = std::chrono::minutes(10);
    const char* path = std::getenv("PATH");
    env["PATH"] = kBin.string() + ":" + (path ? path : "/usr/bin:/bin");
    env["THREADLINGS_HOME"] = kHome.string();
    spec.env = env;
    spec.unset_env = {"THREADLINGS_KIT", "THREADLINGS_CXX", "THREADLINGS_DATA_DIR", "NO_COLOR", "GITHUB_STEP_SUMMARY"};
    if (only_env)
      for (char** e = environ; *e; ++e) {
        const std::string key = std::string(*e).substr(0, std::string(*e).find('='));
        if (!env.count(key)) spec.unset_env.push_back(key);
      }
    const ProcessResult r = RunProcess(spec);
    return {r.timed_out ? -2 : r.exit_code, r.output};
  }

  static ShellRun Sh(const std::string& script, const fs::path& cwd, Env env, bool only_env = false) {
    return Exec({"/bin/sh", "-ec", script}, cwd, std::move(env), only_env);
  }

  /// A fresh folder with the test submission in it (a student's checkout of the kit).
  static fs::path Submission(const std::string& name) {
    const fs::path dir = kWork / name;
    fs::remove_all(dir);
    fs::create_directories(dir / "exercises");
    for (const auto& d : kSolved) {
      fs::copy(kKit / "exercises" / d, dir / "exercises" / d, fs::copy_options::recursive);
      for (const auto& f : fs::directory_iterator(kKit / "solutions" / d))
        fs::copy_file(f.path(), dir / "exercises" / d / f.path().filename(), fs::copy_options::overwrite_existing);
    }
    fs::copy(kKit / "exercises" / kBroken, dir / "exercises" / kBroken, fs::copy_options::recursive);
    return dir;
  }

  /// A CI workspace: the submission, with the pristine kit at .grader (as the templates check it out).
  static fs::path Workspace(const std::string& name) {
    const fs::path dir = Submission(name);
    fs::create_directory_symlink(kKit, dir / ".grader");
    return dir;
  }

  static const Exercise& ExerciseNamed(const std::string& dir_name) {
    for (const auto& e : kit_.exercises())
      if (e.dir_name == dir_name) return e;
    throw std::runtime_error("no exercise " + dir_name);
  }
  static int PointsOf(const std::string& dir_name) { return ExerciseNamed(dir_name).manifest.points; }
  static int SolvedPoints() {
    int sum = 0;
    for (const auto& d : kSolved) sum += PointsOf(d);
    return sum;
  }
  static int TotalPoints() {
    int sum = 0;
    for (const auto& e : kit_.exercises()) sum += e.manifest.points;
    return sum;
  }
  static std::string BrokenVerdict() { return std::string(VerdictName(ExerciseNamed(kBroken).manifest.verdict)); }

  /// Checks a JSON result of a grade of the test submission (every exercise of the kit).
  static void ExpectGradeJson(json r, int exit_code) {
    ASSERT_TRUE(r.is_object());
    EXPECT_EQ(r["schema"], "threadlings-grade");
    EXPECT_EQ(r["version"], 1);
    EXPECT_EQ(r["points"], SolvedPoints());
    EXPECT_EQ(r["points_max"], TotalPoints());
    EXPECT_EQ(r["exit_code"], exit_code);
    EXPECT_TRUE(std::regex_match(r["kit_digest"].get<std::string>(), std::regex("[0-9a-f]{64}")));
    ASSERT_EQ(r["exercises"].size(), kit_.exercises().size());
    for (auto x : r["exercises"]) {
      const std::string dir = x["dir"];
      if (dir == kBroken) EXPECT_EQ(x["verdict"], BrokenVerdict());
      else if (std::count(kSolved.begin(), kSolved.end(), dir)) EXPECT_EQ(x["verdict"], "pass") << x.dump(2);
      else EXPECT_EQ(x["verdict"], "compile-error") << dir << ": not in the submission";
    }
  }

  static Kit kit_;
};

Kit Templates::kit_;

#define EXPECT_HAS(haystack, needle) \
  EXPECT_NE((haystack).find(needle), std::string::npos) << "missing: " << (needle) << "\nin:\n" << (haystack)

/// Environment values of a workflow, a job and a step (no expressions: the test cannot evaluate them).
void AddEnv(const YAML::Node& env, Env* out) {
  if (!env) return;
  for (const auto& kv : env) {
    const std::string v = kv.second.as<std::string>();
    EXPECT_FALSE(Has(v, "${{")) << kv.first.as<std::string>() << ": an expression where a grading step reads it";
    (*out)[kv.first.as<std::string>()] = v;
  }
}

/// What every grade command of a template must say: the pristine kit, never the checkout's own.
void ExpectPristineKit(const std::string& command) {
  EXPECT_TRUE(Has(command, "threadlings grade --kit ")) << "grades without --kit: " << command;
}

/// The steps of a GitHub job with their kinds; fails on a step the test does not know.
std::vector<std::pair<std::string, Kind>> StepKinds(const YAML::Node& steps) {
  std::vector<std::pair<std::string, Kind>> out;
  for (const auto& s : steps) {
    const auto kind = ClassifyStep(s);
    EXPECT_TRUE(kind.has_value()) << "a step the test does not know: " << YAML::Dump(s);
    out.emplace_back(Str(s["name"]), kind.value_or(Kind::kShell));
  }
  return out;
}

std::string Describe(const std::vector<std::pair<std::string, Kind>>& steps) {
  std::string out;
  for (const auto& [name, kind] : steps) out += "  " + name + ": " + KindName(kind) + "\n";
  return out;
}

/// The checkout of the pristine kit: into .grader, at a pinned ref from the workflow's env.
void ExpectPinnedKitCheckout(const YAML::Node& wf, const YAML::Node& step) {
  EXPECT_EQ(Str(step["with"]["path"]), ".grader");
  EXPECT_EQ(Str(step["with"]["ref"]), "${{ env.KIT_REF }}");
  const std::string ref = Str(wf["env"]["KIT_REF"]);
  EXPECT_FALSE(ref.empty() || ref == "main" || ref == "master") << "KIT_REF must be pinned: " << ref;
}

void ExpectDebianContainerForTsan(const YAML::Node& job) {
  EXPECT_EQ(Str(job["container"]["image"]), "debian:12");
  EXPECT_TRUE(Has(Str(job["container"]["options"]), "--security-opt seccomp=unconfined"));
}

// ---- GitHub Actions: a student repository ---------------------------------------------------

TEST_F(Templates, GithubStudentRepository) {
  const YAML::Node wf = YAML::LoadFile((kTemplates / "github-student-repo.yml").string());
  ASSERT_EQ(wf["jobs"].size(), 1u);
  const YAML::Node job = wf["jobs"]["grade"];
  ASSERT_TRUE(job.IsMap());
  ExpectDebianContainerForTsan(job);
  const auto kinds = StepKinds(job["steps"]);
  const std::vector<std::pair<std::string, Kind>> expected = {
      {"Check out the submission", Kind::kCheckout}, {"Check out the pristine kit", Kind::kCheckout},
      {"Install dependencies", Kind::kInstall},      {"Build the grader", Kind::kBuild},
      {"Show the sandbox", Kind::kGrade},            {"Grade", Kind::kGrade},
      {"Upload the results", Kind::kUpload}};
  ASSERT_EQ(kinds, expected) << "steps now:\n" << Describe(kinds);
  ExpectPinnedKitCheckout(wf, job["steps"][1]);
  EXPECT_FALSE(job["steps"][0]["with"]) << "the submission is checked out at the workspace's root";

  const fs::path ws = Workspace("github-student-repo");
  const fs::path summary = kWork / "github-step-summary.md";
  fs::remove(summary);
  const std::map<std::string, int> expected_exit = {{"Show the sandbox", 0}, {"Grade", 1}};
  std::string grade_out;
  for (const auto& step : job["steps"]) {
    if (ClassifyStep(step) != Kind::kGrade) continue;
    const std::string name = Str(step["name"]), run = Str(step["run"]);
    EXPECT_FALSE(Has(run, "${{")) << name << ": a run script takes values through env:, not ${{ }}";
    ExpectPristineKit(run);
    Env env = {{"CI", "true"}, {"GITHUB_ACTIONS", "true"}, {"GITHUB_WORKSPACE", ws.string()},
               {"GITHUB_STEP_SUMMARY", summary.string()}, {"RUNNER_TEMP", kWork.string()}};
    AddEnv(wf["env"], &env);
    AddEnv(job["env"], &env);
    AddEnv(step["env"], &env);
    const ShellRun r = Sh(run, ws, env);
    EXPECT_EQ(r.code, expected_exit.at(name)) << name << ":\n" << r.out;
    if (name == "Grade") grade_out = r.out;
  }
  // The annotations and the step summary.
  EXPECT_HAS(grade_out, "::error file=exercises/" + kBroken + "/");
  EXPECT_HAS(grade_out, fmt::format("::notice title=threadlings::Points {}/{}", SolvedPoints(), TotalPoints()));
  const std::string md = Read(summary);
  EXPECT_HAS(md, fmt::format("## threadlings: github-student-repo, {}/{} points", SolvedPoints(), TotalPoints()));
  // The results, and the upload that keeps them even though the grade step failed.
  json result = ReadJson(ws / "results/grade.json");
  ASSERT_TRUE(result.is_object()) << grade_out;
  ExpectGradeJson(result, 1);
  const std::string junit = Read(ws / "results/junit.xml");
  EXPECT_HAS(junit, fmt::format("<testsuite name=\"threadlings: github-student-repo\" tests=\"{}\"", kit_.exercises().size()));
  const YAML::Node upload = job["steps"][6];
  EXPECT_EQ(Str(upload["if"]), "${{ !cancelled() }}");
  const std::string uploaded = Str(upload["with"]["path"]);
  for (const char* f : {"results/grade.json", "results/junit.xml"}) EXPECT_TRUE(StartsWith(f, uploaded)) << f;
}

// ---- GitHub Classroom -----------------------------------------------------------------------

TEST_F(Templates, GithubClassroomHasOneStepPerExerciseWithItsPoints) {
  const YAML::Node wf = YAML::LoadFile((kTemplates / "github-classroom.yml").string());
  EXPECT_EQ(Str(wf["name"]), "Autograding Tests");  // Classroom reads the points of this workflow only
  ASSERT_EQ(wf["jobs"].size(), 1u);
  const YAML::Node job = wf["jobs"]["run-autograding-tests"];
  ASSERT_TRUE(job.IsMap());
  ExpectDebianContainerForTsan(job);
  const auto kinds = StepKinds(job["steps"]);
  const size_t n = kit_.exercises().size();
  std::vector<std::pair<std::string, Kind>> expected = {
      {"Check out the submission", Kind::kCheckout}, {"Check out the pristine kit", Kind::kCheckout},
      {"Install dependencies", Kind::kInstall}, {"Build the grader", Kind::kBuild}};
  for (const auto& e : kit_.exercises()) expected.emplace_back(e.dir_name + ": " + e.manifest.title, Kind::kClassroomGrade);
  expected.emplace_back("Autograding Reporter", Kind::kClassroomReport);
  ASSERT_EQ(kinds, expected) << "steps now:\n" << Describe(kinds);
  ExpectPinnedKitCheckout(wf, job["steps"][1]);

  std::string runners;
  int points = 0;
  const YAML::Node reporter = job["steps"][4 + n];
  for (size_t i = 0; i < n; ++i) {
    const Exercise& e = kit_.exercises()[i];
    const YAML::Node step = job["steps"][4 + i];
    const std::string id = "ex" + e.dir_name.substr(0, 2);
    SCOPED_TRACE(e.dir_name);
    EXPECT_EQ(Str(step["id"]), id);
    EXPECT_EQ(Str(step["with"]["test-name"]), e.dir_name + ": " + e.manifest.title);
    EXPECT_EQ(Str(step["with"]["command"]), "threadlings grade --kit .grader . --exercises " + std::to_string(i + 1));
    EXPECT_EQ(step["with"]["max-score"].as<int>(), e.manifest.points);
    EXPECT_GE(step["with"]["timeout"].as<int>(), 1);
    std::string upper = id;
    for (auto& c : upper) c = char(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(Str(reporter["env"][upper + "_RESULTS"]), "${{ steps." + id + ".outputs.result }}");
    runners += (i ? "," : "") + id;
    points += step["with"]["max-score"].as<int>();
  }
  EXPECT_EQ(reporter["env"].size(), n);
  EXPECT_EQ(Str(reporter["with"]["runners"]), runners);
  EXPECT_EQ(points, TotalPoints());
}

TEST_F(Templates, GithubClassroomStepsPassOrFailByExitCode) {
  const YAML::Node wf = YAML::LoadFile((kTemplates / "github-classroom.yml").string());
  const YAML::Node steps = wf["jobs"]["run-autograding-tests"]["steps"];
  const fs::path ws = Workspace("github-classroom");
  // Two of the steps: a solved exercise's and the broken one's, with the environment the
  // command grader gives a command (PATH, HOME, FORCE_COLOR, DOTNET_*) and nothing else.
  const std::map<std::string, int> run = {{"ex" + kSolved[0].substr(0, 2), 0}, {"ex" + kBroken.substr(0, 2), 1}};
  int ran = 0;
  for (const auto& step : steps) {
    if (!run.count(Str(step["id"]))) continue;
    const std::string command = Str(step["with"]["command"]);
    ExpectPristineKit(command);
    const Env env = {{"HOME", kWork.string()}, {"FORCE_COLOR", "true"}, {"DOTNET_CLI_HOME", "/tmp"}, {"DOTNET_NOLOGO", "true"}};
    const ShellRun r = Sh(command, ws, env, /*only_env=*/true);
    EXPECT_EQ(r.code, run.at(Str(step["id"]))) << command << ":\n" << r.out;
    EXPECT_HAS(r.out, "Total: ");
    ++ran;
  }
  EXPECT_EQ(ran, 2);
}

// ---- GitLab CI --------------------------------------------------------------------------------

TEST_F(Templates, GitlabShardsThenMerge) {
  const YAML::Node ci = YAML::LoadFile((kTemplates / "gitlab-ci.yml").string());
  std::vector<std::string> keys;
  for (const auto& kv : ci) keys.push_back(kv.first.as<std::string>());
  EXPECT_EQ(keys, (std::vector<std::string>{"variables", "stages", "default", "grade", "merge"}));
  EXPECT_EQ(Str(ci["default"]["image"]), "debian:12");
  // The setup before every job: all of it skipped here.
  std::vector<Kind> setup;
  for (const auto& line : ci["default"]["before_script"]) {
    const auto kind = ClassifyCommand(line.as<std::string>());
    EXPECT_TRUE(kind.has_value()) << "a command the test does not know: " << line.as<std::string>();
    setup.push_back(kind.value_or(Kind::kShell));
  }
  EXPECT_EQ(setup, (std::vector<Kind>{Kind::kInstall, Kind::kCheckout, Kind::kInstall, Kind::kBuild, Kind::kBuild}));
  EXPECT_TRUE(Has(ci["default"]["before_script"][1].as<std::string>(), "git clone --quiet \"$KIT_URL\" .grader"));
  EXPECT_TRUE(Has(ci["default"]["before_script"][1].as<std::string>(), "checkout --quiet \"$KIT_REF\""));

  const YAML::Node grade = ci["grade"], merge = ci["merge"];
  const int shards = grade["parallel"].as<int>();
  ASSERT_GE(shards, 2);
  EXPECT_EQ(Str(grade["artifacts"]["when"]), "always");
  EXPECT_EQ(Str(merge["when"]), "always");
  EXPECT_EQ(Str(merge["needs"][0]), "grade");
  auto script_of = [](const YAML::Node& job) {
    std::string script;
    for (const auto& line : job["script"]) {
      EXPECT_EQ(ClassifyCommand(line.as<std::string>()), Kind::kGrade) << line.as<std::string>();
      ExpectPristineKit(line.as<std::string>());
      script += line.as<std::string>() + "\n";
    }
    return script;
  };
  Env env = {{"CI", "true"}, {"GITLAB_CI", "true"}, {"CI_NODE_TOTAL", std::to_string(shards)}};
  AddEnv(ci["variables"], &env);

  // Each job starts from a fresh checkout in the same project folder; the merge job gets the
  // shard jobs' artifacts.
  const std::string project = "gitlab/alice-threadlings";
  const fs::path artifacts = kWork / "gitlab" / "artifacts";
  fs::remove_all(artifacts);
  env["CI_PROJECT_DIR"] = (kWork / project).string();
  env["CI_PROJECT_PATH"] = "course/alice-threadlings";
  const std::string junit_pattern = Str(grade["artifacts"]["reports"]["junit"]);
  for (int i = 1; i <= shards; ++i) {
    SCOPED_TRACE("shard " + std::to_string(i));
    const fs::path ws = Workspace(project);
    env["CI_NODE_INDEX"] = std::to_string(i);
    const ShellRun r = Sh(script_of(grade), ws, env);
    EXPECT_EQ(r.code, 1) << r.out;  // every shard holds exercises the submission lacks
    int junit_files = 0;
    for (const auto& f : fs::recursive_directory_iterator(ws / "results")) {
      if (!f.is_regular_file()) continue;
      const std::string rel = f.path().lexically_relative(ws).generic_string();
      junit_files += fnmatch(junit_pattern.c_str(), rel.c_str(), 0) == 0;
      EXPECT_TRUE(StartsWith(rel, Str(grade["artifacts"]["paths"][0]))) << rel << " is not kept as an artifact";
      fs::create_directories((artifacts / rel).parent_path());
      fs::copy_file(f.path(), artifacts / rel);
    }
    EXPECT_EQ(junit_files, 1);
    json shard = ReadJson(ws / "results" / ("shard-" + std::to_string(i) + ".json"));
    ASSERT_TRUE(shard.is_object());
    EXPECT_EQ(shard["shard"], fmt::format("{}/{}", i, shards));
    EXPECT_EQ(shard["student"], "course/alice-threadlings");
  }
  env.erase("CI_NODE_INDEX");
  env.erase("CI_NODE_TOTAL");
  const fs::path ws = Workspace(project);
  fs::copy(artifacts, ws, fs::copy_options::recursive);
  const ShellRun r = Sh(script_of(merge), ws, env);
  EXPECT_EQ(r.code, 1) << r.out;
  json merged = ReadJson(ws / "results/grade.json");
  ASSERT_TRUE(merged.is_object()) << r.out;
  ExpectGradeJson(merged, 1);
  EXPECT_TRUE(merged["shard"].is_null());
  EXPECT_EQ(merged["shards_merged"].size(), size_t(shards));
  EXPECT_HAS(Read(ws / "results/grade.xml"), "<testsuites name=\"threadlings\"");
  for (const auto& path : merge["artifacts"]["paths"]) EXPECT_TRUE(fs::exists(ws / path.as<std::string>())) << path;
}

// ---- Gradescope -----------------------------------------------------------------------------

TEST_F(Templates, GradescopeSetupThenRunAutograder) {
  const fs::path root = kWork / "gradescope" / "autograder";
  fs::remove_all(root.parent_path());
  fs::create_directories(root);
  fs::create_directory_symlink(kKit, root / "source");  // the pristine kit, as the autograder zip bakes it in
  fs::rename(Submission("gradescope-submission"), root / "submission");
  const Env env = {{"AUTOGRADER_ROOT", root.string()}};

  // setup.sh: installing and building skipped, the rest (warming the build cache) run.
  const std::string setup = Read(kTemplates / "gradescope/setup.sh");
  std::vector<Kind> kinds;
  std::string filtered = "#!/bin/sh\n";
  for (const auto& line : LogicalLines(setup)) {
    const auto kind = ClassifyScriptLine(line);
    EXPECT_TRUE(kind.has_value()) << "a line the test does not know: " << line;
    kinds.push_back(kind.value_or(Kind::kShell));
    if (kind == Kind::kGrade) ExpectPristineKit(line);
    filtered += (kind == Kind::kInstall || kind == Kind::kBuild ? "# skipped: " + line : line) + "\n";
  }
  EXPECT_EQ(kinds, (std::vector<Kind>{Kind::kShell, Kind::kShell, Kind::kInstall, Kind::kBuild, Kind::kBuild, Kind::kGrade}));
  EXPECT_HAS(setup, "\"$kit/scripts/install-deps.sh\"");
  EXPECT_TRUE(fs::exists(kKit / "scripts/install-deps.sh"));
  ShellRun r = Sh(filtered, kWork, env);
  EXPECT_EQ(r.code, 0) << filtered << r.out;

  // run_autograder, as Gradescope runs it: executed by its path.
  for (const char* f : {"gradescope/setup.sh", "gradescope/run_autograder"})
    EXPECT_EQ(access((kTemplates / f).c_str(), X_OK), 0) << f << " is not executable";
  for (const auto& line : LogicalLines(Read(kTemplates / "gradescope/run_autograder"))) {
    const auto kind = ClassifyCommand(line);
    EXPECT_TRUE(!kind || kind == Kind::kGrade) << "run_autograder must only grade: " << line;
    if (kind == Kind::kGrade) ExpectPristineKit(line);
  }
  r = Exec({(kTemplates / "gradescope/run_autograder").string()}, root, env);
  EXPECT_EQ(r.code, 0) << r.out;
  json g = ReadJson(root / "results/results.json");
  ASSERT_TRUE(g.is_object()) << Read(root / "results/results.json");
  const std::set<std::string> top = {"score", "execution_time", "output", "output_format", "visibility",
                                     "stdout_visibility", "extra_data", "tests", "leaderboard"};
  const std::set<std::string> per_test = {"score", "max_score", "status", "name", "name_format", "number", "output",
                                          "output_format", "tags", "visibility", "extra_data"};
  const std::set<std::string> visibilities = {"hidden", "after_due_date", "after_published", "visible"};
  for (const auto& [k, v] : g.items()) EXPECT_TRUE(top.count(k)) << "not a Gradescope field: " << k;
  EXPECT_EQ(g["score"], SolvedPoints());
  EXPECT_TRUE(visibilities.count(g["visibility"].get<std::string>()));
  ASSERT_EQ(g["tests"].size(), kit_.exercises().size());
  int max = 0;
  for (size_t i = 0; i < g["tests"].size(); ++i) {
    json t = g["tests"][i];
    const Exercise& e = kit_.exercises()[i];
    for (const auto& [k, v] : t.items()) EXPECT_TRUE(per_test.count(k)) << "not a Gradescope test field: " << k;
    EXPECT_EQ(t["name"], e.dir_name + ": " + e.manifest.title);
    EXPECT_EQ(t["max_score"], e.manifest.points);
    EXPECT_EQ(t["score"], std::count(kSolved.begin(), kSolved.end(), e.dir_name) ? e.manifest.points : 0);
    EXPECT_TRUE(visibilities.count(t["visibility"].get<std::string>()));
    max += t["max_score"].get<int>();
  }
  EXPECT_EQ(max, TotalPoints());
  const std::string broken_output = g["tests"][2]["output"].get<std::string>();
  EXPECT_TRUE(StartsWith(broken_output, BrokenVerdict() + ": ")) << broken_output;
}

// ---- Exercism -------------------------------------------------------------------------------

TEST_F(Templates, ExercismRunShExitsZeroWheneverItRan) {
  const fs::path run_sh = kTemplates / "exercism/run.sh";
  ASSERT_EQ(access(run_sh.c_str(), X_OK), 0) << "run.sh is not executable";
  const fs::path dir = kWork / "exercism";
  fs::remove_all(dir);
  // Exercism's layout: the student's files at the top of the input folder.
  struct Case {
    std::string slug;
    fs::path file;
    std::string status;
  };
  const std::string solved = kSolved[0];
  const Exercise& broken = ExerciseNamed(kBroken);
  const std::vector<Case> cases = {
      {"race-hit-counter", kKit / "solutions" / solved / ExerciseNamed(solved).manifest.edit[0], "pass"},
      {"leak-unjoined-on-exception", kKit / "exercises" / kBroken / broken.manifest.edit[0], "fail"}};
  ASSERT_EQ(ExerciseNamed(solved).name(), "race_hit_counter");
  ASSERT_EQ(broken.name(), "leak_unjoined_on_exception");
  for (const auto& c : cases) {
    SCOPED_TRACE(c.slug);
    const fs::path in = dir / c.slug / "input", out = dir / c.slug / "output";
    fs::create_directories(in);
    fs::copy_file(c.file, in / c.file.filename());
    const ShellRun r = Exec({run_sh.string(), c.slug, in.string(), out.string()}, dir, {});
    EXPECT_EQ(r.code, 0) << r.out;
    json x = ReadJson(out / "results.json");
    ASSERT_TRUE(x.is_object()) << r.out;
    EXPECT_EQ(x["version"], 3);
    EXPECT_EQ(x["status"], c.status);
    ASSERT_EQ(x["tests"].size(), 1u);
    EXPECT_EQ(x["tests"][0]["status"], c.status);
    if (c.status != "pass") EXPECT_FALSE(x["tests"][0]["message"].get<std::string>().empty());
  }
  // An unknown slug is the runner's problem, not the student's: no results.json, not 0.
  const ShellRun r = Exec({run_sh.string(), "no-such-exercise", (dir / "race-hit-counter/input").string(),
                      (dir / "unknown").string()}, dir, {});
  EXPECT_NE(r.code, 0);
  EXPECT_FALSE(fs::exists(dir / "unknown/results.json"));
  EXPECT_HAS(r.out, "unknown exercise 'no_such_exercise'");
}

// ---- Docker ---------------------------------------------------------------------------------

/// `docker run ...` as GRADING.md shows it, continuation lines joined.
std::string DocumentedDockerRun() {
  for (const auto& line : LogicalLines(Read(kGradingMd)))
    if (StartsWith(line, "docker run ")) return line;
  return "";
}

TEST_F(Templates, DockerfileStepsUseTheKitAndItsEntrypointRunsTheDocumentedUsage) {
  // No Docker engine here: every instruction is checked against the kit instead.
  const json presets = ReadJson(kKit / "CMakePresets.json");
  auto has_preset = [&](const char* list, const std::string& name) {
    for (const auto& p : presets[list])
      if (p["name"] == name) return true;
    return false;
  };
  std::string image_kit;
  json entrypoint;
  bool linked = false;
  std::vector<std::string> instructions;
  for (const auto& line : LogicalLines(Read(kTemplates / "Dockerfile"))) {
    const std::string op = line.substr(0, line.find(' ')), rest = line.substr(op.size() + 1);
    instructions.push_back(op);
    if (op == "FROM") EXPECT_EQ(rest, "debian:12");
    if (op == "COPY") {
      const auto w = Words(rest);
      ASSERT_EQ(w.size(), 2u);
      EXPECT_EQ(w[0], ".") << "the build context is the kit";
      image_kit = w[1];
    }
    if (op == "WORKDIR") EXPECT_EQ(rest, image_kit);
    if (op == "ENTRYPOINT") entrypoint = json::parse(rest, nullptr, false);
    if (op == "CMD") EXPECT_EQ(json::parse(rest, nullptr, false), json::array({"--help"}));
    if (op != "RUN") continue;
    // Each simple command of the RUN line.
    std::string cmds = std::regex_replace(rest, std::regex(R"(\s*(&&|\|\||;)\s*)"), "\n");
    std::istringstream split(cmds);
    for (std::string cmd; std::getline(split, cmd);) {
      const auto w = Words(cmd);
      ASSERT_FALSE(w.empty());
      SCOPED_TRACE(cmd);
      if (w[0] == "cmake" && w.size() >= 3 && w[1] == "--preset") {
        EXPECT_TRUE(has_preset("configurePresets", w[2]));
      } else if (w[0] == "cmake" && w.size() >= 4 && w[1] == "--build" && w[2] == "--preset") {
        EXPECT_TRUE(has_preset("buildPresets", w[3]));
        EXPECT_EQ(w.back(), "threadlings");
      } else if (w[0] == "ln") {
        // The binary where the gcc preset puts it (binaryDir build/<preset>, grader/threadlings).
        ASSERT_EQ(w.size(), 4u);
        EXPECT_EQ(w[2], image_kit + "/build/gcc/grader/threadlings");
        EXPECT_TRUE(Has(presets["configurePresets"][0]["binaryDir"].get<std::string>(), "/build/${presetName}"));
        EXPECT_TRUE(fs::path(THREADLINGS_BINARY).parent_path().filename() == "grader");
        EXPECT_EQ(w[3], "/usr/local/bin/threadlings");
        linked = true;
      } else if (w[0] == "threadlings") {
        ExpectPristineKit(cmd);
        for (const auto& a : w)  // paths in the image's kit: in the kit here
          if (StartsWith(a, image_kit + "/")) EXPECT_TRUE(fs::exists(kKit / a.substr(image_kit.size() + 1))) << a;
      } else if (w[0] == "rm") {
        EXPECT_EQ(cmd, "rm -rf /var/lib/apt/lists/*");
      } else if (w[0] == "true") {
      } else {
        // A script of the kit, by its path relative to WORKDIR.
        EXPECT_EQ(access((kKit / w[0]).c_str(), X_OK), 0) << w[0] << " is not an executable file of the kit";
      }
    }
  }
  EXPECT_EQ(instructions, (std::vector<std::string>{"FROM", "COPY", "WORKDIR", "RUN", "RUN", "RUN", "ENTRYPOINT", "CMD"}));
  EXPECT_TRUE(linked);
  ASSERT_EQ(entrypoint, json::array({"threadlings", "grade", "--kit", image_kit}));

  // The documented `docker run`: its arguments after the image name go to the entrypoint.
  const std::string run = DocumentedDockerRun();
  ASSERT_FALSE(run.empty()) << "GRADING.md shows no docker run";
  EXPECT_HAS(run, "--security-opt seccomp=unconfined");
  const auto w = Words(run);
  const std::set<std::string> with_value = {"--security-opt", "--network", "--memory", "--pids-limit", "-v", "--cpus"};
  const fs::path ws = kWork / "docker";
  fs::remove_all(ws);
  fs::create_directories(ws);
  const fs::path submission = Submission("docker/alice");
  std::map<std::string, fs::path> mounts;  // in the container -> here
  size_t i = 2;
  for (; i < w.size() && StartsWith(w[i], "-"); ++i) {
    if (!with_value.count(w[i])) continue;
    if (w[i] == "-v") {
      const std::string spec = w[i + 1];
      const auto colon = spec.find(':'), ro = spec.find(':', colon + 1);
      const std::string inside = spec.substr(colon + 1, ro == std::string::npos ? std::string::npos : ro - colon - 1);
      mounts[inside] = inside == "/submission" ? submission : ws / fs::path(inside).filename();
      if (inside == "/submission") EXPECT_EQ(spec.substr(ro == std::string::npos ? spec.size() : ro), ":ro");
      fs::create_directories(mounts[inside]);
    }
    ++i;
  }
  ASSERT_LT(i, w.size());
  EXPECT_TRUE(StartsWith(w[i], "threadlings-grader:")) << w[i];
  ASSERT_TRUE(mounts.count("/submission"));
  std::vector<std::string> argv = {(kBin / "threadlings").string(), "grade", "--kit", kKit.string()};
  for (++i; i < w.size(); ++i) {
    std::string a = w[i];
    for (const auto& [inside, here] : mounts)
      if (StartsWith(a, inside)) a = here.string() + a.substr(inside.size());
    argv.push_back(a);
  }
  const ShellRun r = Exec(argv, ws, {});
  EXPECT_EQ(r.code, 1) << r.out;
  ExpectGradeJson(ReadJson(ws / "results/grade.json"), 1);
  EXPECT_TRUE(fs::exists(ws / "results/junit.xml"));
}

// ---- GRADING.md -----------------------------------------------------------------------------

TEST_F(Templates, GradingMdNamesEveryTemplateAndDocumentsEveryJsonField) {
  const std::string md = Read(kGradingMd);
  for (const auto& f : fs::recursive_directory_iterator(kTemplates))
    if (f.is_regular_file()) EXPECT_HAS(md, "docs/grading/" + f.path().lexically_relative(kTemplates).generic_string());
  // Every field ReportToJson writes, with every optional part filled in.
  GradeReport r;
  r.student = "alice";
  r.shard = "1/2";
  r.shards_merged = {"1/2"};
  r.error = "x";
  r.ignored = {"x"};
  r.sandbox = {{"memory", true, "2 GiB"}};
  GradedExercise e;
  e.where = {"a.h", 3};
  r.exercises = {e};
  const json j = json::parse(ReportToJson(r));
  for (const auto& [k, v] : j.items()) EXPECT_HAS(md, "`" + k + "`");
  for (const auto& [k, v] : j["exercises"][0].items()) EXPECT_HAS(md, "`exercises[]." + k + "`");
  for (const auto& [k, v] : j["sandbox"][0].items()) EXPECT_HAS(md, "`sandbox[]." + k + "`");
  for (const char* code : {"| `0` |", "| `1` |", "| `2` |", "| `3` |"}) EXPECT_HAS(md, code);
  for (const char* p : {"wall-clock", "cpu-time", "no-core-files", "output-cap", "file-size", "process-group-kill",
                        "memory", "pids", "network", "user", "filesystem"})
    EXPECT_HAS(md, std::string("| `") + p + "` |");
  EXPECT_HAS(md, "AUTOGRADER_ROOT");
  EXPECT_HAS(md, "not built here");
}

}  // namespace
}  // namespace threadlings
