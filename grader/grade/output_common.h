// What the output formats of grade_output.h share: cutting text, naming a report's exercises,
// and Markdown table cells. Internal to the grade room.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "grade_report.h"

namespace threadlings::output {

using nlohmann::ordered_json;  // keeps the documented field order in what we write

/// At most `max` bytes of `s`, not cutting a UTF-8 sequence in two.
std::string_view CutBytes(std::string_view s, size_t max);

/// True for the second and later bytes of a UTF-8 sequence.
inline bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

/// The parts with `sep` between them.
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

/// Who a report is about: the student, else "submission".
std::string Label(const GradeReport& r);

/// "01_race_hit_counter: Race on a hit counter".
std::string TestName(const GradedExercise& e);

/// The exercise's folder name, else its name: how reports tell exercises apart.
std::string ExerciseId(const GradedExercise& e);

/// "path:line", "path", or "" when unknown.
std::string LocationText(const Location& where);

/// What was found, one fact a line: summary, location, details, check, seed.
std::string FindingText(const GradedExercise& e);

/// The sandbox protections of a report that were not in force.
std::vector<const Protection*> ProtectionsNotInForce(const GradeReport& r);

/// How many exercises of a report passed.
int PassedCount(const GradeReport& r);

/// Pretty-printed JSON ending in a newline; bytes that are not UTF-8 become U+FFFD.
std::string Dump(const ordered_json& j);

/// One Markdown table row of `cells`, each escaped (escape::Markdown).
std::string MdRow(const std::vector<std::string>& cells);

/// The line under a Markdown table's header row.
std::string MdSeparator(size_t columns);

/// Error annotations GitHub shows per step; it drops the rest without a word.
inline constexpr size_t kGithubErrorAnnotations = 10;

/// The error annotations a report calls for: the grader's error and each exercise not passed.
size_t GithubErrorCount(const GradeReport& r);

}  // namespace threadlings::output
