// The static stage: runs clang-query on the learner's files (the kit's matchers, and the
// compiler warnings of its parse that are rules) and turns what it finds into the verdict
// unsafe-pattern. The rules are in static_rules.h.
#pragma once

#include <filesystem>
#include <future>
#include <string>
#include <vector>

#include "process.h"
#include "static_rules.h"
#include "verdict.h"

namespace threadlings {

namespace fs = std::filesystem;

/// The tool the static stage runs; an empty command is a tool that is not installed.
struct StaticTools {
  std::string clang_query;  ///< clang-query-14 (Debian package clang-tools-14)
};

/// Looks for the tool in PATH: the -14 name first, then the unversioned one.
StaticTools FindStaticTools();

/// What one static run looks at.
struct StaticInput {
  std::vector<fs::path> files;         ///< the learner's files, each parsed on its own
  std::vector<fs::path> include_dirs;  ///< -I for each parse (the variant's folder, the exercise's)
  fs::path query_file;                 ///< support/static/threadlings.query
  std::vector<std::string> rules_off;  ///< rule ids the exercise turns off
  fs::path stop_file;                  ///< when it appears, the tools are stopped (Cancel)
};

/// One finding: a rule broken at a place in a learner's file.
struct StaticFinding {
  const StaticRule* rule = nullptr;
  Location where;  ///< file, line and column
};

/// What the static stage found.
struct StaticResult {
  std::vector<StaticFinding> findings;
  std::vector<std::string> notes;  ///< the tool is missing or could not start
  std::string raw;                 ///< the tool's own output
};

/// Runs clang-query on each file in turn and collects the findings in the learner's files,
/// without the rules that are off. A missing tool is a note, never a failure.
StaticResult RunStaticChecks(const StaticTools& tools, const StaticInput& in,
                             const std::function<ProcessResult(const ProcessSpec&)>& run = RunProcess);

/// The findings in clang-query's output ("path:line:col: note: \"rule\" binds here" from a
/// matcher, "path:line:col: warning: text [-Wflag]" from its parse) that lie in `files`.
std::vector<StaticFinding> ParseStaticFindings(const std::string& output, const std::vector<fs::path>& files);

/// The unsafe-pattern outcome for these findings (at least one): the first names the place.
Outcome StaticOutcome(const std::vector<StaticFinding>& findings);

/// A static run on a thread of its own, beside the build and the checks.
class StaticRun {
 public:
  /// Starts the run; with the tool not installed, it only notes that.
  StaticRun(const StaticTools& tools, StaticInput in);
  /// Stops the tool if it is still running and waits for the thread.
  ~StaticRun();
  /// Waits for the run and hands back its result (once).
  StaticResult Wait();

 private:
  fs::path stop_file_;
  std::future<StaticResult> result_;
};

}  // namespace threadlings
