#include "grade_results.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>

#include "grade_job.h"
#include "grade_output.h"
#include "term.h"

namespace threadlings {
namespace {

bool WriteOut(const std::string& file, const std::string& content, std::string* err) {
  std::error_code ec;
  const fs::path p(file);
  if (p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
  return WriteFileAtomic(p, content, err);
}

// Prints the annotations and appends the Markdown summary to $GITHUB_STEP_SUMMARY, if set.
bool WriteGithub(const GradeReport& r, const std::string& prefix) {
  fmt::print("{}", ReportToGithubAnnotations(r, prefix));
  const char* summary = std::getenv("GITHUB_STEP_SUMMARY");
  if (!summary || !*summary) return true;
  std::ofstream out(summary, std::ios::app);
  out << ReportToMarkdown(r) << "\n";
  if (out) return true;
  PrintError(std::string("cannot append to $GITHUB_STEP_SUMMARY (") + summary + ")");
  return false;
}

}  // namespace

int WriteResults(const GradeReport& r, const ResultFiles& files, const std::string& github_prefix) {
  std::string err;
  bool ok = true;
  auto write = [&](const std::string& file, const std::string& content, const char* what) {
    if (file.empty()) return;
    if (!WriteOut(file, content, &err)) {
      PrintError(fmt::format("cannot write the {} result {}: {}", what, file, err));
      ok = false;
    }
  };
  write(files.json, ReportToJson(r), "JSON");
  write(files.junit, ReportToJunit({r}), "JUnit");
  if (!files.exercism.empty())
    write((fs::path(files.exercism) / "results.json").string(), ReportToExercism(r), "Exercism");
  write(files.gradescope, ReportToGradescope(r), "Gradescope");
  if (files.github && !WriteGithub(r, github_prefix)) ok = false;
  std::fflush(stdout);
  return ok ? GradeExitCode(r) : kExitError;
}

std::string GithubPrefix(const GradeReport& r) {
  std::error_code ec;
  const fs::path rel = fs::absolute(r.submission).lexically_normal().lexically_relative(fs::current_path());
  if (!rel.empty() && rel.native()[0] != '.' && fs::is_directory(r.submission, ec)) return rel.generic_string() + "/";
  return "";
}

int WriteBatchResults(const GradeOptions& o, const std::vector<GradeReport>& reports) {
  const std::string out_dir = o.out_dir.empty() ? "grade-results" : o.out_dir;
  bool ok = true;
  auto write = [&](const fs::path& file, const std::string& content) {
    std::string err;
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
  if (!o.results.junit.empty()) write(o.results.junit, ReportToJunit(reports));
  if (!o.quiet) {
    fmt::print("{}\n", BatchMarkdown(reports));
    fmt::print("Results: {} (one JSON per student, summary.csv, summary.md)\n", DisplayPath(out_dir));
  }
  int code = kExitOk;
  for (const auto& r : reports) code = std::max(code, GradeExitCode(r));
  return ok ? code : kExitError;
}

}  // namespace threadlings
