// The formats a GradeReport is written in (our JSON, JUnit XML, Exercism, Gradescope, GitHub
// Actions, Markdown, batch tables), reading our JSON back, and merging shards.
#pragma once

#include <string>
#include <vector>

#include "grade_report.h"

namespace threadlings {

/// Our own versioned schema ("schema": "threadlings-grade"), pretty-printed, ending in a newline.
/// Bytes that are not valid UTF-8 are written as U+FFFD.
std::string ReportToJson(const GradeReport& r);

/// Reads what ReportToJson wrote (the exact inverse). Unknown fields are ignored, missing
/// ones take their defaults; on error `err` names the field ("exercises[3].verdict: ...").
bool ReportFromJson(const std::string& text, GradeReport* out, std::string* err);

/// JUnit XML (GitLab, Jenkins): one <testsuite> per report, one <testcase> per exercise, and
/// a "grader" test case with an <error> when the grader itself could not run.
std::string ReportToJunit(const std::vector<GradeReport>& reports);

/// Exercism's test-runner results.json, version 3.
std::string ReportToExercism(const GradeReport& r);

/// Gradescope's results.json.
std::string ReportToGradescope(const GradeReport& r);

/// GitHub Actions workflow commands: an ::error per exercise not passed, a final ::notice with
/// the points. `path_prefix` goes before the submission-relative paths ("" or "student/").
std::string ReportToGithubAnnotations(const GradeReport& r, const std::string& path_prefix);

/// Markdown for $GITHUB_STEP_SUMMARY: points, a table of exercises, what did not pass.
std::string ReportToMarkdown(const GradeReport& r);

/// One row per student, one column per exercise (points earned), then total and max; a last
/// column grader_error only when some report has one. CSV quoted per RFC 4180, CRLF lines.
std::string BatchCsv(const std::vector<GradeReport>& reports);

/// The same table as BatchCsv, in Markdown.
std::string BatchMarkdown(const std::vector<GradeReport>& reports);

/// Combines the shards of one submission (`threadlings grade merge`). Messages name inputs
/// as "shard #N", where N is the 1-based position in `shards`.
bool MergeReports(const std::vector<GradeReport>& shards, GradeReport* out, std::string* err);

}  // namespace threadlings
