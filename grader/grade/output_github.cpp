// GitHub Actions workflow commands: an annotation per exercise not passed.
#include <fmt/format.h>

#include <string_view>

#include "grade_output.h"
#include "output_common.h"

namespace threadlings {
namespace {

using output::ExerciseId;
using output::Join;

std::string GithubData(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

std::string GithubProperty(std::string_view s) {
  std::string out;
  for (char c : GithubData(s)) {
    switch (c) {
      case ':': out += "%3A"; break;
      case ',': out += "%2C"; break;
      default: out += c;
    }
  }
  return out;
}

/// "::command key=value,...::message", escaped.
std::string GithubCommand(std::string_view command, const std::vector<std::pair<std::string, std::string>>& properties,
                          std::string_view message) {
  std::string out = "::" + std::string(command);
  for (size_t i = 0; i < properties.size(); ++i)
    out += (i == 0 ? " " : ",") + properties[i].first + "=" + GithubProperty(properties[i].second);
  return out + "::" + GithubData(message) + "\n";
}

}  // namespace

std::string ReportToGithubAnnotations(const GradeReport& r, const std::string& path_prefix) {
  std::string out;
  if (!r.error.empty()) out += GithubCommand("error", {{"title", "threadlings could not run"}}, r.error);
  for (const auto& e : r.exercises) {
    if (e.verdict == Verdict::kPass) continue;
    std::vector<std::pair<std::string, std::string>> properties;
    if (!e.where.empty()) {
      properties.emplace_back("file", path_prefix + e.where.file);
      if (e.where.line > 0) properties.emplace_back("line", std::to_string(e.where.line));
      if (e.where.line > 0 && e.where.column > 0) properties.emplace_back("col", std::to_string(e.where.column));
    }
    properties.emplace_back("title", e.verdict == Verdict::kError
                                         ? "threadlings could not grade " + ExerciseId(e)
                                         : ExerciseId(e) + ": " + std::string(VerdictName(e.verdict)));
    std::vector<std::string> lines = {e.summary};
    lines.insert(lines.end(), e.details.begin(), e.details.end());
    out += GithubCommand("error", properties, Join(lines, "\n"));
  }
  return out + GithubCommand("notice", {{"title", "threadlings"}},
                             fmt::format("Points {}/{}", r.Points(), r.PointsMax()));
}

}  // namespace threadlings
