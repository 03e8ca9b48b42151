// `threadlings grade`: grades a submission (a folder or an archive), a batch of them, or
// merges shard results; writes any mix of the result formats (docs/GRADING.md).
#include <fmt/core.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <set>

#include "grade_cli.h"
#include "grade_output.h"
#include "grade_report.h"
#include "review_flags.h"
#include "sandbox.h"
#include "submission.h"
#include "suggest.h"

namespace threadlings {
namespace {

using Clock = std::chrono::steady_clock;

std::string NowUtc() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Sha256Hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned i = 0; i < len; ++i) hex += fmt::format("{:02x}", md[i]);
  return hex;
}

// SHA-256 over what decides a grade and is not the learner's: each exercise's files but the
// edited ones, and the check harness. Two graders with the same digest grade alike.
std::string KitDigest(const Kit& kit) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : kit.exercises()) {
    const std::set<std::string> edited(e.manifest.edit.begin(), e.manifest.edit.end());
    for (const auto& f : fs::recursive_directory_iterator(e.dir, ec))
      if (f.is_regular_file() && !edited.count(f.path().lexically_relative(e.dir).generic_string()))
        files.push_back(f.path());
  }
  for (const auto& f : fs::recursive_directory_iterator(kit.SupportDir(), ec))
    if (f.is_regular_file()) files.push_back(f.path());
  std::sort(files.begin(), files.end());
  std::string all;
  for (const auto& f : files) {
    std::string text;
    ReadFile(f, &text);
    all += f.lexically_relative(kit.root()).generic_string() + '\0' + Sha256Hex(text) + '\n';
  }
  return Sha256Hex(all);
}

// A name safe in a build folder's path: letters, digits, '-', '_', '.'.
std::string SafeTag(const std::string& s) {
  std::string out;
  for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
  if (out.empty() || out[0] == '.') out = "s" + out;
  return out.substr(0, 60);
}

std::string StudentOf(const fs::path& submission) {
  fs::path p = fs::absolute(submission).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  const std::string stem = ArchiveStem(p);
  return stem.empty() ? p.filename().string() : stem;
}

// Replaces every occurrence of `from` in `s` with `to`.
void ReplaceAll(std::string* s, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (size_t at = s->find(from); at != std::string::npos; at = s->find(from, at + to.size()))
    s->replace(at, from.size(), to);
}

// Paths in reports: staged files as the submission's ("exercises/01_x/y.h"), the kit's own
// files relative to the kit.
struct PathMapper {
  // Applied in order: the staging folder first (it may lie inside the kit's state folder).
  std::vector<std::pair<std::string, std::string>> prefixes;
  PathMapper(const fs::path& stage, const fs::path& kit) {
    for (const auto& [root, to] : {std::pair{stage, std::string()}, std::pair{kit, std::string()}}) {
      const std::string abs = fs::absolute(root).lexically_normal().string();
      const std::string slash = abs.back() == '/' ? abs : abs + "/";
      prefixes.emplace_back(slash, to);
      const std::string shown = DisplayPath(root);
      if (shown != abs && !shown.empty() && shown != ".") prefixes.emplace_back(shown + "/", to);
    }
  }
  std::string operator()(std::string s) const {
    for (const auto& [from, to] : prefixes) ReplaceAll(&s, from, to);
    return s;
  }
};

std::string Cap(const std::string& s, size_t cap) {
  if (s.size() <= cap) return s;
  return s.substr(0, cap) + fmt::format("\n... ({} more bytes)", s.size() - cap);
}

bool WriteOut(const std::string& file, const std::string& content, std::string* err) {
  std::error_code ec;
  const fs::path p(file);
  if (p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
  return WriteFileAtomic(p, content, err);
}

// An exercise's entry in a report before it is graded: who it is and what it is worth.
GradedExercise Ungraded(const Exercise& e) {
  GradedExercise g;
  g.name = e.name();
  g.dir_name = e.dir_name;
  g.title = e.manifest.title;
  g.topics = e.manifest.topics;
  g.points_max = e.manifest.points;
  return g;
}

// One submission being graded: its staged files and its report so far.
struct Job {
  fs::path submission;
  GradeReport report;
  StagedSubmission staged;
  std::string tag;  // the build variant's tag
  std::map<const Exercise*, size_t> index;  // exercise -> report.exercises position
  size_t pending = 0;
};

bool ParseShard(const std::string& s, int* i, int* n) {
  const auto slash = s.find('/');
  if (slash == std::string::npos) return false;
  try {
    *i = std::stoi(s.substr(0, slash));
    *n = std::stoi(s.substr(slash + 1));
  } catch (...) {
    return false;
  }
  return *n >= 1 && *i >= 1 && *i <= *n;
}

struct GradeOptions {
  std::string submission;
  std::string batch;
  std::string student;
  std::vector<std::string> exercises;
  std::string shard;
  int jobs = 1;
  std::string junit, json, exercism, gradescope, csv, markdown, out_dir;
  bool github = false;
  bool sandbox_report = false;
  int memory_mib = 2048;
  int pids = 512;
  bool quiet = false;
};

struct MergeOptions {
  std::vector<std::string> files;
  std::string junit, json, exercism, gradescope;
  bool github = false;
};

SandboxLimits LimitsOf(const GradeOptions& o) {
  SandboxLimits l;
  l.enabled = true;
  l.memory_bytes = uint64_t(o.memory_mib) << 20;
  l.pids = o.pids;
  l.file_size = 64ull << 20;
  return l;
}

// The sandbox's protections for checks built in this kit's build folder: a user of its own
// is in force only if such a user can reach the programs there.
std::vector<Protection> Protections(const Kit& kit, const SandboxLimits& limits, double longest_timeout) {
  std::vector<Protection> out = DescribeSandbox(limits, longest_timeout, 1 << 20);
  if (geteuid() != 0) return out;
  std::error_code ec;
  const fs::path builds = kit.StateDir() / "build";
  fs::create_directories(builds, ec);
  std::string why;
  if (!SandboxUserCanRun(builds.string(), &why))
    for (auto& p : out)
      if (p.name == "user") p = {"user", false, "not enforced: " + why};
  return out;
}

void PrintSandboxReport(const Term& t, const std::vector<Protection>& ps) {
  fmt::print("{}\n", t.Bold("Sandbox protections on this machine:"));
  for (const auto& p : ps)
    fmt::print("  {} {:<19} {}\n", p.in_force ? t.Good("in force    ") : t.Warn("NOT in force"), p.name, p.detail);
}

void PrintExercise(const Term& t, const GradedExercise& g) {
  fmt::print("{} {:<34} {:>3}/{:<3} {}\n", t.VerdictLabel(g.verdict), g.dir_name, g.points, g.points_max,
             t.Dim(fmt::format("({:.1f} s)", g.seconds)));
  if (g.verdict == Verdict::kPass) return;
  std::string head = g.summary;
  if (!g.where.empty()) head = g.where.file + (g.where.line ? ":" + std::to_string(g.where.line) : "") + ": " + head;
  fmt::print("    {}\n", head);
  for (const auto& m : g.missing) fmt::print("      {}\n", m);
  if (!g.check.empty()) fmt::print("    {}\n", t.Dim("in check " + g.check));
  for (const auto& d : g.details) fmt::print("      {}\n", d);
  if (!g.seed.empty()) fmt::print("    {}\n", t.Dim("(perturbation seed " + g.seed + ")"));
}

void PrintReview(const Term& t, const GradedExercise& g) {
  for (const auto& f : g.review) fmt::print("    {} {}\n", t.Warn("review:"), f);
}

// Review flags for the files taken of one exercise, against the kit's versions of them.
std::vector<std::string> FlagsFor(const Kit& kit, const Exercise& e, const StagedSubmission& staged) {
  std::vector<std::string> flags;
  for (const auto& f : e.manifest.edit) {
    std::string mine;
    if (!ReadFile(staged.ExerciseDir(e) / f, &mine)) continue;
    std::vector<std::string> refs;
    std::vector<fs::path> paths = {e.PristinePath(f), e.EditPath(f), kit.SolutionDir(e) / f};
    for (const auto& m : e.manifest.mutants) paths.push_back(kit.MutantDir(e, m.name) / f);
    for (const auto& p : paths) {
      std::string text;
      if (ReadFile(p, &text)) refs.push_back(std::move(text));
    }
    const std::string shown = staged.flat_prefix.empty() ? "exercises/" + e.dir_name + "/" + f
                              : staged.flat_prefix == "./" ? f : staged.flat_prefix + f;
    for (auto& flag : ReviewFlags(shown, mine, refs)) flags.push_back(std::move(flag));
  }
  return flags;
}

void PrintSummary(const Term& t, const GradeReport& r) {
  if (!r.ignored.empty()) {
    fmt::print("{}\n", t.Bold("Ignored (no effect on the grade):"));
    for (const auto& i : r.ignored) fmt::print("  {}\n", i);
    if (r.ignored_more) fmt::print("  ... and {} more\n", r.ignored_more);
  }
  for (const auto& p : r.sandbox)
    if (!p.in_force) fmt::print("{}\n", t.Warn("sandbox: " + p.name + " not in force: " + p.detail));
  if (!r.error.empty()) fmt::print("{}\n", t.Bad("threadlings could not grade this submission: " + r.error));
  int passed = 0;
  for (const auto& e : r.exercises) passed += e.verdict == Verdict::kPass;
  fmt::print("{} {}/{} points, {} of {} exercises passed{}\n", t.Bold("Total:"), r.Points(), r.PointsMax(),
             passed, r.exercises.size(), r.student.empty() ? "" : " (" + r.student + ")");
}

// The outputs asked for, for one report (single submission or merged shards).
int WriteOutputs(const GradeReport& r, const std::string& junit, const std::string& json,
                 const std::string& exercism, const std::string& gradescope, bool github,
                 const std::string& github_prefix) {
  std::string err;
  bool ok = true;
  auto write = [&](const std::string& file, const std::string& content, const char* what) {
    if (file.empty()) return;
    if (!WriteOut(file, content, &err)) {
      PrintError(fmt::format("cannot write the {} result {}: {}", what, file, err));
      ok = false;
    }
  };
  write(json, ReportToJson(r), "JSON");
  write(junit, ReportToJunit({r}), "JUnit");
  if (!exercism.empty()) write((fs::path(exercism) / "results.json").string(), ReportToExercism(r), "Exercism");
  write(gradescope, ReportToGradescope(r), "Gradescope");
  if (github) {
    fmt::print("{}", ReportToGithubAnnotations(r, github_prefix));
    if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary && *summary) {
      std::ofstream out(summary, std::ios::app);
      out << ReportToMarkdown(r) << "\n";
      if (!out) {
        PrintError(std::string("cannot append to $GITHUB_STEP_SUMMARY (") + summary + ")");
        ok = false;
      }
    }
  }
  std::fflush(stdout);
  return ok ? GradeExitCode(r) : kExitError;
}

// The exercises to grade: all, or --exercises, then the shard's share (round robin in
// learning order, so every shard gets early and late exercises).
bool ChooseExercises(const Kit& kit, const GradeOptions& o, std::vector<const Exercise*>* out, std::string* err) {
  std::vector<std::string> names;
  for (const auto& n : o.exercises) {
    size_t start = 0;
    for (size_t comma; (comma = n.find(',', start)) != std::string::npos; start = comma + 1)
      if (comma > start) names.push_back(n.substr(start, comma - start));
    if (start < n.size()) names.push_back(n.substr(start));
  }
  std::vector<const Exercise*> chosen;
  if (names.empty()) {
    for (const auto& e : kit.exercises()) chosen.push_back(&e);
  } else if (!kit.FindAll(names, &chosen, err)) {
    return false;
  }
  if (!o.shard.empty()) {
    int i = 0, n = 0;
    ParseShard(o.shard, &i, &n);
    std::vector<const Exercise*> share;
    for (size_t k = 0; k < chosen.size(); ++k)
      if (int(k % size_t(n)) == i - 1) share.push_back(chosen[k]);
    chosen = share;
  }
  *out = chosen;
  return true;
}

int RunGrade(App& app, const GradeOptions& o) {
  const Term& t = app.term();
  const SandboxLimits limits = LimitsOf(o);
  if (o.sandbox_report) {
    double longest = 0;  // the longest check timeout of the kit
    for (const auto& e : app.kit().exercises())
      for (const auto& c : e.manifest.checks) longest = std::max(longest, std::chrono::duration<double>(c.timeout).count());
    const auto report = Protections(app.kit(), limits, longest);
    PrintSandboxReport(t, report);
    return kExitOk;
  }
  if (o.submission.empty() == o.batch.empty()) {
    PrintError("give one SUBMISSION (a folder or an archive) or --batch DIR; 'threadlings grade --help' shows how");
    return kExitUsage;
  }
  int shard_i = 0, shard_n = 0;
  if (!o.shard.empty() && !ParseShard(o.shard, &shard_i, &shard_n)) {
    PrintError("--shard takes I/N with 1 <= I <= N, e.g. --shard 2/4 (got '" + o.shard + "')");
    return kExitUsage;
  }
  const bool batch = !o.batch.empty();
  if (batch && (!o.exercism.empty() || !o.gradescope.empty() || o.github || !o.json.empty())) {
    PrintError("--exercism, --gradescope, --github and --json describe one submission; with --batch, "
               "each student's JSON goes to --out DIR, and --junit, --csv and --markdown cover the batch");
    return kExitUsage;
  }
  if (batch && !o.student.empty()) {
    PrintError("--student names the student of one submission; with --batch each student is named after their "
               "sub-folder or archive");
    return kExitUsage;
  }
  if (!batch && (!o.csv.empty() || !o.markdown.empty() || !o.out_dir.empty())) {
    PrintError("--csv, --markdown and --out are for --batch DIR; for one submission use --json FILE");
    return kExitUsage;
  }
  if (o.jobs < 1 || o.memory_mib < 64 || o.pids < 16) {
    PrintError("-j must be at least 1, --memory-limit at least 64 (MiB), --pids-limit at least 16");
    return kExitUsage;
  }
  const auto started = Clock::now();
  std::string err;
  std::vector<const Exercise*> exercises;
  if (!ChooseExercises(app.kit(), o, &exercises, &err)) {
    PrintError(err);
    return kExitUsage;
  }

  // The submissions.
  std::vector<fs::path> submissions;
  if (batch) {
    std::error_code ec;
    if (!fs::is_directory(o.batch, ec)) {
      PrintError("--batch " + o.batch + " is not a folder; give a folder with one submission (folder or archive) per student");
      return kExitUsage;
    }
    for (const auto& e : fs::directory_iterator(o.batch, ec))
      if (!e.is_symlink() && (e.is_directory() || (e.is_regular_file() && IsArchive(e.path()))))
        submissions.push_back(e.path());
    std::sort(submissions.begin(), submissions.end());
    if (submissions.empty()) {
      PrintError("--batch " + o.batch + " holds no submissions (sub-folders or archives)");
      return kExitUsage;
    }
  } else {
    std::error_code ec;
    if (!fs::exists(o.submission, ec)) {
      PrintError("the submission " + o.submission + " does not exist; give a student's checkout of the kit (a folder) or an archive of it");
      return kExitUsage;
    }
    submissions.push_back(o.submission);
  }

  Toolchain toolchain;
  const std::string digest = KitDigest(app.kit());
  const bool have_toolchain = app.GetToolchain(&toolchain, &err);
  double longest = 0;
  for (const Exercise* e : exercises)
    for (const auto& c : e->manifest.checks) longest = std::max(longest, std::chrono::duration<double>(c.timeout).count());
  const std::vector<Protection> shown = Protections(app.kit(), limits, longest);

  std::vector<Job> jobs(submissions.size());
  std::set<std::string> tags;
  std::vector<Target> targets;
  std::vector<size_t> target_job;
  const fs::path stage_root = app.kit().StateDir() / "grade" / std::to_string(getpid());
  {
    // Staging folders of graders that were interrupted (named by their pid, no longer alive).
    std::error_code ec;
    for (const auto& d : fs::directory_iterator(stage_root.parent_path(), ec)) {
      const std::string name = d.path().filename().string();
      if (name.find_first_not_of("0123456789") == std::string::npos && kill(std::stoi(name), 0) != 0 && errno == ESRCH)
        fs::remove_all(d.path(), ec);
    }
  }
  for (size_t k = 0; k < submissions.size(); ++k) {
    Job& j = jobs[k];
    j.submission = submissions[k];
    GradeReport& r = j.report;
    r.student = !o.student.empty() && !batch ? o.student : StudentOf(j.submission);
    r.submission = j.submission.string();
    r.threadlings_version = THREADLINGS_VERSION;
    r.kit_digest = digest;
    r.compiler = toolchain.version;
    r.started_at = NowUtc();
    r.shard = o.shard;
    r.sandbox = shown;
    std::string tag = "grade-" + SafeTag(r.student);
    for (int n = 2; tags.count(tag); ++n) tag = "grade-" + SafeTag(r.student) + "-" + std::to_string(n);
    tags.insert(tag);
    j.tag = tag;
    if (!have_toolchain) {
      r.error = err;
      continue;
    }
    std::string stage_err;
    if (!StageSubmission(app.kit(), j.submission, exercises, stage_root / tag, SubmissionLimits{}, &j.staged,
                         &stage_err)) {
      if (!j.staged.unreadable) {
        r.error = stage_err;  // the grader's own failure
        continue;
      }
      // A damaged archive or the like fails every exercise; the grader itself ran fine.
      for (const Exercise* e : exercises) {
        GradedExercise g = Ungraded(*e);
        g.verdict = Verdict::kCompileError;
        g.summary = "the submission could not be read, so nothing can be built: " + stage_err;
        r.exercises.push_back(std::move(g));
      }
      continue;
    }
    r.ignored = j.staged.ignored;
    r.ignored_more = j.staged.ignored_more;
    for (const Exercise* e : exercises) {
      GradedExercise g = Ungraded(*e);
      if (auto it = j.staged.taken.find(e->dir_name); it != j.staged.taken.end()) g.files = it->second;
      if (auto it = j.staged.missing.find(e->dir_name); it != j.staged.missing.end()) {
        g.missing = it->second;
        g.verdict = Verdict::kCompileError;
        g.summary = g.missing.size() == 1 ? "a file to edit is missing from the submission, so nothing can be built"
                                          : "files to edit are missing from the submission, so nothing can be built";
        g.where = {g.missing.front().substr(0, g.missing.front().find(':')), 0};
      } else {
        g.review = FlagsFor(app.kit(), *e, j.staged);
        j.index[e] = r.exercises.size();
        targets.push_back({e, Variant{tag, j.staged.ExerciseDir(*e)}});
        target_job.push_back(k);
        ++j.pending;
      }
      r.exercises.push_back(std::move(g));
    }
  }
  if (!o.quiet) {
    fmt::print("{} {} submission{} against the kit at {} ({} exercise{}{}), with {}\n", t.Bold("grade"),
               submissions.size(), submissions.size() == 1 ? "" : "s", DisplayPath(app.kit().root()),
               exercises.size(), exercises.size() == 1 ? "" : "s", o.shard.empty() ? "" : ", shard " + o.shard,
               have_toolchain ? toolchain.version : "no compiler");
    for (const auto& p : shown)
      if (!p.in_force) fmt::print("{}\n", t.Warn("sandbox: " + p.name + " not in force: " + p.detail));
    // Exercises already decided (a file to edit is missing) come first.
    if (!batch)
      for (const auto& g : jobs.front().report.exercises)
        if (!g.missing.empty() || jobs.front().staged.unreadable) PrintExercise(t, g);
    std::fflush(stdout);
  }

  // Build everything at once, run the checks `-j` at a time.
  size_t finished_jobs = 0;
  auto report_job = [&](Job& j) {
    j.report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    ++finished_jobs;
    if (o.quiet) return;
    if (batch)
      fmt::print("[{}/{}] {:<24} {:>3}/{} points{}\n", finished_jobs, jobs.size(), j.report.student,
                 j.report.Points(), j.report.PointsMax(), j.report.error.empty() ? "" : "  (" + j.report.error + ")");
    std::fflush(stdout);
  };
  for (auto& j : jobs)
    if (j.pending == 0) report_job(j);
  if (!targets.empty()) {
    EngineOptions eo;
    eo.sandbox = limits;
    eo.jobs = o.jobs;
    Engine engine(app.kit(), toolchain, eo);
    engine.Verify(targets, [&](const Target& target, const Outcome& out) {
      Job& j = jobs[target_job[size_t(&target - targets.data())]];  // Verify hands back our own elements
      GradedExercise& g = j.report.exercises[j.index.at(target.exercise)];
      PathMapper map(j.staged.root, app.kit().root());
      if (!j.staged.flat_prefix.empty())  // the files sit at the top of the upload
        map.prefixes.emplace_back("exercises/" + target.exercise->dir_name + "/",
                                  j.staged.flat_prefix == "./" ? "" : j.staged.flat_prefix);
      g.verdict = out.verdict;
      g.points = out.verdict == Verdict::kPass ? g.points_max : 0;
      g.summary = map(out.summary);
      if (!out.where.empty()) g.where = {map(fs::absolute(out.where.file).lexically_normal().string()), out.where.line};
      for (const auto& d : out.details) g.details.push_back(map(d));
      g.check = out.check;
      g.seed = out.seed;
      g.output = Cap(map(out.raw), kMaxOutput);
      g.seconds = out.seconds;
      if (!o.quiet && !batch) {
        PrintExercise(t, g);
        PrintReview(t, g);
        std::fflush(stdout);
      }
      if (--j.pending == 0) report_job(j);
    });
    for (const auto& n : engine.notes()) fmt::print("{}\n", t.Dim(n));
  }
  // A submission's staged files, objects, binaries and run folders are of no further use
  // (a new grade stages afresh): a batch of a class would otherwise keep gigabytes.
  std::error_code ec;
  fs::remove_all(stage_root, ec);
  if (have_toolchain) {
    const BuildTree tree(app.kit(), toolchain);
    for (const auto& target : targets) {
      fs::remove_all(tree.Binary(*target.exercise, target.variant).parent_path(), ec);
      fs::remove_all(tree.RunDir(*target.exercise, target.variant), ec);
    }
  }

  // The results.
  if (!batch) {
    GradeReport& r = jobs.front().report;
    if (!o.quiet) PrintSummary(t, r);
    if (exercises.empty() && r.error.empty()) {
      // More shards than exercises: this one has nothing to grade, which is not a failure.
      if (!o.quiet) fmt::print("shard {} has no exercises (the kit has {})\n", o.shard, app.kit().exercises().size());
      const int code = WriteOutputs(r, o.junit, o.json, o.exercism, o.gradescope, o.github, "");
      return code == kExitError ? code : kExitOk;
    }
    std::string prefix;
    const fs::path rel = fs::absolute(r.submission).lexically_normal().lexically_relative(fs::current_path());
    if (!rel.empty() && rel.native()[0] != '.' && fs::is_directory(r.submission, ec)) prefix = rel.generic_string() + "/";
    return WriteOutputs(r, o.junit, o.json, o.exercism, o.gradescope, o.github, prefix);
  }
  std::vector<GradeReport> reports;
  for (auto& j : jobs) reports.push_back(j.report);
  const std::string out_dir = o.out_dir.empty() ? "grade-results" : o.out_dir;
  bool ok = true;
  auto write = [&](const fs::path& file, const std::string& content) {
    if (!WriteOut(file.string(), content, &err)) {
      PrintError("cannot write " + file.string() + ": " + err);
      ok = false;
    }
  };
  std::set<std::string> names;
  for (const auto& r : reports) {
    std::string name = SafeTag(r.student);
    for (int n = 2; names.count(name); ++n) name = SafeTag(r.student) + "-" + std::to_string(n);
    names.insert(name);
    write(fs::path(out_dir) / (name + ".json"), ReportToJson(r));
  }
  write(o.csv.empty() ? fs::path(out_dir) / "summary.csv" : fs::path(o.csv), BatchCsv(reports));
  write(o.markdown.empty() ? fs::path(out_dir) / "summary.md" : fs::path(o.markdown), BatchMarkdown(reports));
  if (!o.junit.empty()) write(o.junit, ReportToJunit(reports));
  if (!o.quiet) {
    fmt::print("{}\n", BatchMarkdown(reports));
    fmt::print("Results: {} (one JSON per student, summary.csv, summary.md)\n", DisplayPath(out_dir));
  }
  int code = kExitOk;
  for (const auto& r : reports) code = std::max(code, GradeExitCode(r));
  return ok ? code : kExitError;
}

int RunMerge(App& app, const MergeOptions& o) {
  std::vector<GradeReport> shards;
  for (const auto& f : o.files) {
    std::string text, err;
    if (!ReadFile(f, &text)) {
      PrintError("cannot read the shard result " + f + "; give the JSON files that 'grade --shard I/N --json FILE' wrote");
      return kExitUsage;
    }
    GradeReport r;
    if (!ReportFromJson(text, &r, &err)) {
      PrintError(f + ": " + err);
      return kExitUsage;
    }
    shards.push_back(std::move(r));
  }
  GradeReport merged;
  std::string err;
  if (!MergeReports(shards, &merged, &err)) {
    // "shard #2" -> the file's name.
    for (size_t i = 0; i < o.files.size(); ++i) ReplaceAll(&err, "shard #" + std::to_string(i + 1), o.files[i]);
    PrintError("cannot merge: " + err);
    return kExitUsage;
  }
  // Every exercise of the kit should be there once the shards are complete.
  std::set<std::string> have;
  for (const auto& e : merged.exercises) have.insert(e.dir_name);
  std::vector<std::string> absent;
  for (const auto& e : app.kit().exercises())
    if (!have.count(e.dir_name)) absent.push_back(e.dir_name);
  PrintSummary(app.term(), merged);
  if (!absent.empty() && absent.size() < app.kit().exercises().size())
    fmt::print("{}\n", app.term().Warn(fmt::format("{} exercise(s) of the kit are in no shard: {}", absent.size(),
                                                   fmt::format("{}", fmt::join(absent, ", ")))));
  return WriteOutputs(merged, o.junit, o.json, o.exercism, o.gradescope, o.github, "");
}

}  // namespace

std::vector<Command> SetupGrade(CLI::App& parent) {
  auto o = std::make_shared<GradeOptions>();
  CLI::App* grade = parent.add_subcommand(
      "grade",
      "Grade a submission in CI: only the files each exercise lists as edited are taken from it; "
      "checks run sandboxed. Exit code: 0 all passed, 1 some exercise did not pass, 2 bad command "
      "line, 3 the grader could not run.");
  grade->add_option("SUBMISSION", o->submission, "A student's checkout of the kit (a folder) or an archive of it");
  grade->add_option("--batch", o->batch, "Grade every sub-folder or archive of this folder as one student's submission");
  grade->add_option("--student", o->student, "The student's name in the results (default: the submission's name)");
  grade->add_option("--exercises,-e", o->exercises, "Grade only these exercises (names or numbers, comma-separated)")
      ->allow_extra_args(false);  // one value per use, so "-e 1 SUBMISSION" keeps SUBMISSION
  grade->add_option("--shard", o->shard, "Grade share I of N of the exercises (CI matrix jobs), e.g. 2/4; "
                                         "combine the JSON results with 'grade merge'");
  grade->add_option("-j,--jobs", o->jobs, "Exercises whose checks run at the same time (default 1)");
  grade->add_option("--junit", o->junit, "Write JUnit XML here (GitLab, Jenkins)");
  grade->add_option("--json", o->json, "Write threadlings' JSON result here (schema in docs/GRADING.md)");
  grade->add_option("--exercism", o->exercism, "Write results.json (Exercism test runner, version 3) into this folder");
  grade->add_option("--gradescope", o->gradescope, "Write Gradescope's results.json here");
  grade->add_flag("--github", o->github, "Print GitHub Actions annotations and append a summary to $GITHUB_STEP_SUMMARY");
  grade->add_option("--out", o->out_dir, "With --batch: the folder for each student's JSON and the summaries (default grade-results)");
  grade->add_option("--csv", o->csv, "With --batch: the summary table as CSV (default OUT/summary.csv)");
  grade->add_option("--markdown", o->markdown, "With --batch: the summary table as Markdown (default OUT/summary.md)");
  grade->add_option("--memory-limit", o->memory_mib, "Memory per check in MiB, ThreadSanitizer included (default 2048)");
  grade->add_option("--pids-limit", o->pids, "Processes and threads per check (default 512)");
  grade->add_flag("--sandbox-report", o->sandbox_report, "Print which sandbox protections are in force here, and exit");
  grade->add_flag("--quiet,-q", o->quiet, "Print nothing but errors (the result files still get written)");
  grade->footer("Templates for GitHub Actions, GitHub Classroom, GitLab CI and Gradescope: docs/GRADING.md.");

  auto m = std::make_shared<MergeOptions>();
  CLI::App* merge = grade->add_subcommand("merge", "Combine the JSON results of 'grade --shard I/N' into one result");
  merge->add_option("FILES", m->files, "The shards' JSON results")->required();
  merge->add_option("--junit", m->junit, "Write JUnit XML here");
  merge->add_option("--json", m->json, "Write the merged JSON result here");
  merge->add_option("--exercism", m->exercism, "Write results.json (Exercism, version 3) into this folder");
  merge->add_option("--gradescope", m->gradescope, "Write Gradescope's results.json here");
  merge->add_flag("--github", m->github, "Print GitHub Actions annotations and append a summary to $GITHUB_STEP_SUMMARY");

  Command g{grade, [o](App& app) { return RunGrade(app, *o); }};
  Command mc{merge, [m](App& app) { return RunMerge(app, *m); }};
  return {g, mc};  // main runs the last parsed command: merge when `grade merge` was given
}

}  // namespace threadlings
