// `threadlings grade merge`: combines the JSON results of `grade --shard I/N` into one result.
#include <fmt/format.h>

#include <set>

#include "cmd_grade.h"
#include "grade_output.h"
#include "grade_results.h"
#include "output_terminal.h"
#include "path_mapper.h"

namespace threadlings {
namespace {

// The shards' reports; false, after printing why, when a file cannot be read.
bool ReadShards(const std::vector<std::string>& files, std::vector<GradeReport>* shards) {
  for (const auto& f : files) {
    std::string text, err;
    if (!ReadFile(f, &text)) {
      PrintError("cannot read the shard result " + f + "; give the JSON files that 'grade --shard I/N --json FILE' wrote");
      return false;
    }
    GradeReport r;
    if (!ReportFromJson(text, &r, &err)) {
      PrintError(f + ": " + err);
      return false;
    }
    shards->push_back(std::move(r));
  }
  return true;
}

// Every exercise of the kit should be there once the shards are complete.
void WarnAbsent(const App& app, const GradeReport& merged) {
  std::set<std::string> have;
  for (const auto& e : merged.exercises) have.insert(e.dir_name);
  std::vector<std::string> absent;
  for (const auto& e : app.kit().exercises())
    if (!have.count(e.dir_name)) absent.push_back(e.dir_name);
  if (!absent.empty() && absent.size() < app.kit().exercises().size())
    fmt::print("{}\n", app.term().Warn(fmt::format("{} exercise(s) of the kit are in no shard: {}", absent.size(),
                                                   fmt::format("{}", fmt::join(absent, ", ")))));
}

}  // namespace

int RunMerge(App& app, const MergeOptions& o) {
  std::vector<GradeReport> shards;
  if (!ReadShards(o.files, &shards)) return kExitUsage;
  GradeReport merged;
  std::string err;
  if (!MergeReports(shards, &merged, &err)) {
    // "shard #2" -> the file's name.
    for (size_t i = 0; i < o.files.size(); ++i) ReplaceAll(&err, "shard #" + std::to_string(i + 1), o.files[i]);
    PrintError("cannot merge: " + err);
    return kExitUsage;
  }
  PrintSummary(app.term(), merged);
  WarnAbsent(app, merged);
  return WriteResults(merged, o.results, "");
}

}  // namespace threadlings
