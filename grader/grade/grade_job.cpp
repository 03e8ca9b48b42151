#include "grade_job.h"

#include <fmt/format.h>
#include <signal.h>

#include <cctype>
#include <cerrno>
#include <ctime>
#include <set>

#include "review_flags.h"
#include "term.h"

namespace threadlings {
namespace {

std::string NowUtc() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string StudentOf(const fs::path& submission) {
  fs::path p = fs::absolute(submission).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  const std::string stem = ArchiveStem(p);
  return stem.empty() ? p.filename().string() : stem;
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

// A report before anything is graded: who, what with, when.
GradeReport NewReport(const GradePlan& plan, const fs::path& submission) {
  GradeReport r;
  r.student = !plan.student.empty() ? plan.student : StudentOf(submission);
  r.submission = submission.string();
  r.threadlings_version = THREADLINGS_VERSION;
  r.kit_digest = plan.kit_digest;
  r.compiler = plan.toolchain.version;
  r.started_at = NowUtc();
  r.shard = plan.shard;
  r.sandbox = plan.sandbox;
  return r;
}

// The submission's own name, to tell apart two that would be the same student: "alice/" for a
// folder, "alice.tar.gz" for an archive.
std::string EntryName(const fs::path& submission) {
  fs::path p = fs::absolute(submission).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  std::error_code ec;
  return p.filename().string() + (fs::is_directory(p, ec) ? "/" : "");
}

// Two submissions of a batch named alike ("alice/" and "alice.tar.gz" are both "alice") are
// named after their entries instead, with a note: one row each, told apart.
void DisambiguateStudents(std::vector<Job>* jobs) {
  std::map<std::string, std::vector<Job*>> by_name;
  for (auto& j : *jobs) by_name[j.report.student].push_back(&j);
  for (auto& [name, same] : by_name) {
    if (same.size() < 2) continue;
    std::vector<std::string> entries;
    for (Job* j : same) entries.push_back(j->report.student = EntryName(j->submission));
    std::string list;
    for (const auto& e : entries) list += (list.empty() ? "" : ", ") + e;
    PrintNote(fmt::format("{} submissions would all be the student '{}' ({}); each is named after its file or folder",
                          same.size(), name, list));
  }
}

// "grade-<student>", numbered when two students' names make the same tag.
std::string UniqueTag(const std::string& student, std::set<std::string>* tags) {
  std::string tag = "grade-" + SafeTag(student);
  for (int n = 2; tags->count(tag); ++n) tag = "grade-" + SafeTag(student) + "-" + std::to_string(n);
  tags->insert(tag);
  return tag;
}

// A damaged archive or the like fails every exercise; the grader itself ran fine.
void FailUnreadable(const GradePlan& plan, const std::string& why, GradeReport* r) {
  for (const Exercise* e : plan.exercises) {
    GradedExercise g = Ungraded(*e);
    g.verdict = Verdict::kCompileError;
    g.summary = "the submission could not be read, so nothing can be built: " + why;
    r->exercises.push_back(std::move(g));
  }
}

// An exercise of a staged job: decided when files to edit are missing, else a target.
void AddExercise(const Kit& kit, const Exercise& e, size_t k, Job* j, GradeTargets* targets) {
  GradedExercise g = Ungraded(e);
  if (auto it = j->staged.taken.find(e.dir_name); it != j->staged.taken.end()) g.files = it->second;
  if (auto it = j->staged.missing.find(e.dir_name); it != j->staged.missing.end()) {
    g.missing = it->second;
    g.verdict = Verdict::kCompileError;
    g.summary = g.missing.size() == 1 ? "a file to edit is missing from the submission, so nothing can be built"
                                      : "files to edit are missing from the submission, so nothing can be built";
    g.where = {g.missing.front().substr(0, g.missing.front().find(':')), 0};
  } else {
    g.review = FlagsFor(kit, e, j->staged);
    j->index[&e] = j->report.exercises.size();
    targets->targets.push_back({&e, Variant{j->tag, j->staged.ExerciseDir(e)}});
    targets->job.push_back(k);
    ++j->pending;
  }
  j->report.exercises.push_back(std::move(g));
}

// Stages job `k`'s submission and adds its exercises.
void StageJob(const Kit& kit, const GradePlan& plan, size_t k, Job* j, GradeTargets* targets) {
  GradeReport& r = j->report;
  if (!plan.have_toolchain) {
    r.error = plan.toolchain_error;
    return;
  }
  std::string stage_err;
  if (!StageSubmission(kit, j->submission, plan.exercises, plan.stage_root / j->tag, SubmissionLimits{}, &j->staged,
                       &stage_err)) {
    if (j->staged.unreadable) FailUnreadable(plan, stage_err, &r);
    else r.error = stage_err;  // the grader's own failure
    return;
  }
  r.ignored = j->staged.ignored;
  r.ignored_more = j->staged.ignored_more;
  for (const Exercise* e : plan.exercises) AddExercise(kit, *e, k, j, targets);
}

}  // namespace

std::string SafeTag(const std::string& s) {
  std::string out;
  for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
  if (out.empty() || out[0] == '.') out = "s" + out;
  return out.substr(0, 60);
}

void RemoveStaleStages(const fs::path& stage_root) {
  std::error_code ec;
  for (const auto& d : fs::directory_iterator(stage_root.parent_path(), ec)) {
    const std::string name = d.path().filename().string();
    if (name.find_first_not_of("0123456789") == std::string::npos && kill(std::stoi(name), 0) != 0 && errno == ESRCH)
      fs::remove_all(d.path(), ec);
  }
}

std::vector<Job> StageJobs(const Kit& kit, const GradePlan& plan, const std::vector<fs::path>& submissions,
                           GradeTargets* targets) {
  std::vector<Job> jobs(submissions.size());
  std::set<std::string> tags;
  for (size_t k = 0; k < submissions.size(); ++k) {
    jobs[k].submission = submissions[k];
    jobs[k].report = NewReport(plan, jobs[k].submission);
  }
  DisambiguateStudents(&jobs);
  for (size_t k = 0; k < submissions.size(); ++k) {
    jobs[k].tag = UniqueTag(jobs[k].report.student, &tags);
    StageJob(kit, plan, k, &jobs[k], targets);
  }
  return jobs;
}

}  // namespace threadlings
