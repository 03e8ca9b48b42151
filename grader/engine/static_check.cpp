#include "static_check.h"

#include <fmt/core.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

#include "spawn.h"
#include "text_scan.h"

namespace threadlings {
namespace {

// The first of `names` found in PATH, or "".
std::string FindTool(const std::vector<std::string>& names) {
  for (const auto& n : names) {
    const std::string found = FindInPath(n);
    if (found.find('/') != std::string::npos) return found;
  }
  return "";
}

// "path:LINE:COL" at the start of `head` (the path may hold colons): the location, or false.
bool ReadSite(std::string_view head, Location* where) {
  const size_t col_colon = head.rfind(':');
  if (col_colon == std::string_view::npos || col_colon == 0) return false;
  const size_t line_colon = head.rfind(':', col_colon - 1);
  if (line_colon == std::string_view::npos) return false;
  const std::string_view line = head.substr(line_colon + 1, col_colon - line_colon - 1);
  const std::string_view col = head.substr(col_colon + 1);
  auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(line) || !digits(col)) return false;
  where->file = std::string(head.substr(0, line_colon));
  where->line = ToInt(line);
  where->column = ToInt(col);
  return true;
}

// The rule a diagnostic line of clang-query stands for: a matcher's `"id" binds here`, or a
// warning of its parse ending in `[-Wflag]`; the part before " note:"/" warning:" goes to `head`.
const StaticRule* RuleOfLine(std::string_view line, std::string_view* head) {
  const size_t note = line.find(": note: \"");
  if (note != std::string_view::npos) {
    const size_t open = note + 9, close = line.find('"', open);
    if (close == std::string_view::npos || line.substr(close) != "\" binds here") return nullptr;
    *head = line.substr(0, note);
    const StaticRule* r = RuleForSource(line.substr(open, close - open));
    return r && r->tool == StaticTool::kClangQuery ? r : nullptr;
  }
  const size_t warning = line.find(": warning: ");
  if (warning == std::string_view::npos || line.empty() || line.back() != ']') return nullptr;
  const size_t open = line.rfind('[');
  if (open == std::string_view::npos || open < warning) return nullptr;
  *head = line.substr(0, warning);
  const StaticRule* r = RuleForSource(line.substr(open + 1, line.size() - open - 2));
  return r && r->tool == StaticTool::kCompilerWarning ? r : nullptr;
}

bool IsLearnerFile(const std::string& file, const std::vector<fs::path>& files) {
  const fs::path p = fs::path(file).lexically_normal();
  return std::any_of(files.begin(), files.end(), [&](const fs::path& f) { return f.lexically_normal() == p; });
}

// clang-query on one learner's file, parsed as the checks are built (C++20) with the
// warnings that are rules turned on.
ProcessSpec QuerySpec(const StaticTools& tools, const StaticInput& in, const fs::path& file) {
  ProcessSpec spec;
  spec.argv = {tools.clang_query, "-f", in.query_file.string(), file.string(),
               "--", "-x", "c++", "-std=c++20", "-Wno-pragma-once-outside-header"};
  for (auto& flag : StaticWarningFlags()) spec.argv.push_back(std::move(flag));
  for (const auto& dir : in.include_dirs) spec.argv.push_back("-I" + dir.string());
  spec.timeout = std::chrono::seconds(60);
  spec.stop_file = in.stop_file.string();
  return spec;
}

std::vector<std::string> MissingToolNotes(const StaticTools& tools) {
  if (!tools.clang_query.empty()) return {};
  return {"clang-query-14 is not installed, so the static rules are skipped (docs/STATIC_RULES.md); "
          "install it: sudo apt-get install clang-tools-14"};
}

bool IsOff(const StaticRule* rule, const std::vector<std::string>& off) {
  return std::find(off.begin(), off.end(), rule->id) != off.end();
}

}  // namespace

StaticTools FindStaticTools() {
  return {FindTool({"clang-query-14", "clang-query"})};
}

std::vector<StaticFinding> ParseStaticFindings(const std::string& output, const std::vector<fs::path>& files) {
  std::vector<StaticFinding> out;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    std::string_view head;
    const StaticRule* rule = RuleOfLine(line, &head);
    StaticFinding f;
    if (!rule || !ReadSite(head, &f.where) || !IsLearnerFile(f.where.file, files)) continue;
    f.rule = rule;
    const bool seen = std::any_of(out.begin(), out.end(), [&](const StaticFinding& o) {
      return o.rule == f.rule && o.where.file == f.where.file && o.where.line == f.where.line;
    });
    if (!seen) out.push_back(f);
  }
  return out;
}

StaticResult RunStaticChecks(const StaticTools& tools, const StaticInput& in,
                             const std::function<ProcessResult(const ProcessSpec&)>& run) {
  StaticResult result;
  result.notes = MissingToolNotes(tools);
  if (!tools.clang_query.empty() && !fs::exists(in.query_file))
    result.notes.push_back("the kit has no " + in.query_file.string() +
                           ", so the static rules are skipped (copy it from threadlings' support/static/)");
  if (tools.clang_query.empty() || !fs::exists(in.query_file)) return result;
  for (const auto& file : in.files) {  // one process at a time: the build uses the other core
    const ProcessResult done = run(QuerySpec(tools, in, file));
    if (!done.started) result.notes.push_back("cannot run " + tools.clang_query + ": " + done.error);
    result.raw += done.output;
    for (const auto& f : ParseStaticFindings(done.output, in.files))
      if (!IsOff(f.rule, in.rules_off)) result.findings.push_back(f);
  }
  std::stable_sort(result.findings.begin(), result.findings.end(), [](const StaticFinding& a, const StaticFinding& b) {
    return std::tie(a.where.file, a.where.line, a.where.column) < std::tie(b.where.file, b.where.line, b.where.column);
  });
  return result;
}

Outcome StaticOutcome(const std::vector<StaticFinding>& findings) {
  Outcome o;
  o.verdict = Verdict::kUnsafePattern;
  const StaticFinding& first = findings.front();
  o.where = first.where;
  o.summary = std::string(first.rule->id) + ": " + std::string(first.rule->rule);
  o.details.push_back("why: " + std::string(first.rule->why));
  for (size_t i = 1; i < findings.size(); ++i) {
    const StaticFinding& f = findings[i];
    o.details.push_back(fmt::format("also {}:{}:{}: {}: {}", f.where.file, f.where.line, f.where.column, f.rule->id,
                                    f.rule->rule));
  }
  return o;
}

StaticRun::StaticRun(const StaticTools& tools, StaticInput in) : stop_file_(in.stop_file) {
  std::error_code ec;
  fs::create_directories(stop_file_.parent_path(), ec);
  fs::remove(stop_file_, ec);
  result_ = std::async(std::launch::async, [tools, in = std::move(in)] { return RunStaticChecks(tools, in); });
}

StaticRun::~StaticRun() {
  if (!result_.valid()) return;
  std::ofstream(stop_file_).put('\n');
  result_.wait();
}

StaticResult StaticRun::Wait() { return result_.valid() ? result_.get() : StaticResult{}; }

}  // namespace threadlings
