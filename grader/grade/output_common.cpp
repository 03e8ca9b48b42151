#include "output_common.h"

#include <fmt/format.h>

#include <algorithm>

#include "escape.h"

namespace threadlings::output {

std::string_view CutBytes(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = max;
  while (cut > 0 && IsContinuationByte(s[cut])) --cut;
  return s.substr(0, cut);
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

std::string Label(const GradeReport& r) { return r.student.empty() ? "submission" : r.student; }

std::string TestName(const GradedExercise& e) {
  const std::string& id = e.dir_name.empty() ? e.name : e.dir_name;
  return e.title.empty() ? id : id + ": " + e.title;
}

std::string ExerciseId(const GradedExercise& e) { return e.dir_name.empty() ? e.name : e.dir_name; }

std::string LocationText(const Location& where) {
  if (where.empty()) return "";
  if (where.line > 0 && where.column > 0) return fmt::format("{}:{}:{}", where.file, where.line, where.column);
  return where.line > 0 ? fmt::format("{}:{}", where.file, where.line) : where.file;
}

std::string FindingText(const GradedExercise& e) {
  std::vector<std::string> lines;
  if (!e.summary.empty()) lines.push_back(e.summary);
  if (!e.where.empty()) lines.push_back("at " + LocationText(e.where));
  for (const auto& d : e.details) lines.push_back("  " + d);
  if (!e.check.empty()) lines.push_back("check: " + e.check);
  if (!e.seed.empty()) lines.push_back("seed: " + e.seed);
  return Join(lines, "\n");
}

std::vector<const Protection*> ProtectionsNotInForce(const GradeReport& r) {
  std::vector<const Protection*> out;
  for (const auto& p : r.sandbox)
    if (!p.in_force) out.push_back(&p);
  return out;
}

int PassedCount(const GradeReport& r) {
  return static_cast<int>(std::count_if(r.exercises.begin(), r.exercises.end(),
                                        [](const auto& e) { return e.verdict == Verdict::kPass; }));
}

std::string Dump(const ordered_json& j) {
  return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string MdRow(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const auto& c : cells) out += " " + escape::Markdown(c) + " |";
  return out + "\n";
}

std::string MdSeparator(size_t columns) {
  std::string out = "|";
  for (size_t i = 0; i < columns; ++i) out += "---|";
  return out + "\n";
}

size_t GithubErrorCount(const GradeReport& r) {
  return (r.error.empty() ? 0 : 1) + r.exercises.size() - static_cast<size_t>(PassedCount(r));
}

}  // namespace threadlings::output
