// The tables of a batch: one row per student, one column per exercise, as CSV and Markdown.
#include <algorithm>

#include "escape.h"
#include "grade_output.h"
#include "output_common.h"

namespace threadlings {
namespace {

using output::ExerciseId;
using output::Join;
using output::MdRow;
using output::MdSeparator;

/// The exercises of a batch: the union over the reports, each new one placed after the one
/// it follows in its report, so learning order is kept when reports cover different parts.
std::vector<std::string> BatchColumns(const std::vector<GradeReport>& reports) {
  std::vector<std::string> columns;
  for (const auto& r : reports) {
    size_t next = 0;  // where an exercise not seen yet goes
    for (const auto& e : r.exercises) {
      const std::string id = ExerciseId(e);
      const auto it = std::find(columns.begin(), columns.end(), id);
      if (it != columns.end()) {
        next = static_cast<size_t>(it - columns.begin()) + 1;
      } else {
        columns.insert(columns.begin() + static_cast<std::ptrdiff_t>(next), id);
        ++next;
      }
    }
  }
  return columns;
}

/// What went wrong in the grader for a report: its error and the exercises it could not grade.
std::string GraderErrors(const GradeReport& r) {
  std::vector<std::string> parts;
  if (!r.error.empty()) parts.push_back(r.error);
  for (const auto& e : r.exercises)
    if (e.verdict == Verdict::kError) parts.push_back(ExerciseId(e) + ": " + e.summary);
  return Join(parts, "; ");
}

/// The batch table: a header row, then one row per report.
std::vector<std::vector<std::string>> BatchTable(const std::vector<GradeReport>& reports) {
  const std::vector<std::string> columns = BatchColumns(reports);
  const bool any_error = std::any_of(reports.begin(), reports.end(), [](const auto& r) { return r.GraderFailed(); });
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = {"student"};
  header.insert(header.end(), columns.begin(), columns.end());
  header.insert(header.end(), {"total", "max"});
  if (any_error) header.push_back("grader_error");
  rows.push_back(std::move(header));
  for (const auto& r : reports) {
    std::vector<std::string> row = {r.student.empty() ? r.submission : r.student};
    for (const auto& id : columns) {
      const auto it = std::find_if(r.exercises.begin(), r.exercises.end(),
                                   [&](const auto& e) { return ExerciseId(e) == id; });
      if (it == r.exercises.end()) row.emplace_back();
      else row.push_back(it->verdict == Verdict::kError ? "error" : std::to_string(it->points));
    }
    row.push_back(r.GraderFailed() ? "error" : std::to_string(r.Points()));
    row.push_back(r.exercises.empty() ? "" : std::to_string(r.PointsMax()));
    if (any_error) row.push_back(GraderErrors(r));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

std::string BatchCsv(const std::vector<GradeReport>& reports) {
  std::string out;
  for (const auto& row : BatchTable(reports)) {
    for (size_t i = 0; i < row.size(); ++i) out += (i == 0 ? "" : ",") + escape::Csv(row[i]);
    out += "\r\n";
  }
  return out;
}

std::string BatchMarkdown(const std::vector<GradeReport>& reports) {
  const auto rows = BatchTable(reports);
  std::string out = MdRow(rows[0]) + MdSeparator(rows[0].size());
  for (size_t i = 1; i < rows.size(); ++i) out += MdRow(rows[i]);
  return out;
}

}  // namespace threadlings
