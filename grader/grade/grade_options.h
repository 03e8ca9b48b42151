// The command lines of `threadlings grade` and `threadlings grade merge`, what tests and the
// CLI fill, and the checks on them.
#pragma once

#include <string>
#include <vector>

#include "sandbox.h"

namespace threadlings {

/// Where the results of one report go; an empty name is not written.
struct ResultFiles {
  std::string junit;       ///< JUnit XML
  std::string json;        ///< threadlings' JSON
  std::string exercism;    ///< a folder: results.json (Exercism, version 3) goes into it
  std::string gradescope;  ///< Gradescope's results.json
  bool github = false;     ///< print GitHub annotations and append to $GITHUB_STEP_SUMMARY
};

/// `threadlings grade`.
struct GradeOptions {
  std::string submission;  ///< one submission: a folder or an archive
  std::string batch;       ///< or a folder of submissions, one per student
  std::string student;     ///< the student's name in the results (one submission only)
  std::vector<std::string> exercises;  ///< names or numbers, each maybe comma-separated
  std::string shard;       ///< "I/N": grade share I of N of the exercises
  int jobs = 1;            ///< exercises whose checks run at the same time
  ResultFiles results;     ///< one submission's results (only `junit` with --batch)
  std::string csv;         ///< --batch: the summary table as CSV
  std::string markdown;    ///< --batch: the summary table as Markdown
  std::string out_dir;     ///< --batch: each student's JSON and the summaries
  bool sandbox_report = false;  ///< print the sandbox's protections and exit
  int memory_mib = 2048;   ///< memory per check
  int pids = 512;          ///< processes and threads per check
  bool quiet = false;      ///< print nothing but errors
};

/// `threadlings grade merge`.
struct MergeOptions {
  std::vector<std::string> files;  ///< the shards' JSON results
  ResultFiles results;
};

/// Reads a shard "I/N" with 1 <= I <= N.
bool ParseShard(const std::string& s, int* i, int* n);

/// Whether the options go together and are in range; prints why not.
bool CheckGradeOptions(const GradeOptions& o);

/// The sandbox of each check.
SandboxLimits LimitsOf(const GradeOptions& o);

}  // namespace threadlings
