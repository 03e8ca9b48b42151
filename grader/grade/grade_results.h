// Writing the results of `threadlings grade` and `grade merge` in the formats asked for.
#pragma once

#include <string>
#include <vector>

#include "grade_options.h"
#include "grade_report.h"

namespace threadlings {

/// Writes one report (a submission, or merged shards) where `files` says; GitHub annotations
/// put `github_prefix` before the submission's paths. The report's exit code, or kExitError
/// when a result could not be written.
int WriteResults(const GradeReport& r, const ResultFiles& files, const std::string& github_prefix);

/// A submission folder's path relative to the current folder ("student/"), for annotations;
/// "" for an archive or a folder outside the current one.
std::string GithubPrefix(const GradeReport& r);

/// A batch's results: each student's JSON and the summary tables (--out, --csv, --markdown),
/// and --junit; the table is printed too unless quiet. The worst exit code of the reports, or
/// kExitError when a result could not be written.
int WriteBatchResults(const GradeOptions& o, const std::vector<GradeReport>& reports);

}  // namespace threadlings
