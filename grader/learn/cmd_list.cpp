#include <fmt/core.h>

#include <algorithm>

#include "learn_cli.h"
#include "terminal_text.h"

namespace threadlings {
namespace {

// One row of the list, its cells as shown (the status may be coloured).
struct Row {
  std::string marker;  // "→" on the current exercise
  std::string name, topics, level, status;
};

Row RowOf(const App& app, const Exercise& e, const Progress& progress, const Exercise* current) {
  const Term& t = app.term();
  const auto it = progress.exercises.find(e.name());
  Row row{&e == current ? "→" : " ", e.dir_name, "", std::string(e.manifest.difficulty, '*'), "not started"};
  if (!e.load_error.empty()) row.status = t.Warn("broken manifest");
  else if (it != progress.exercises.end() && it->second.status == "passed") row.status = t.Good("passed");
  else if (it != progress.exercises.end() && it->second.status == "failing")
    row.status = t.Bad("failing (" + it->second.verdict + ")");
  for (const auto& topic : e.manifest.topics) row.topics += (row.topics.empty() ? "" : ", ") + topic;
  return row;
}

// `s` padded with blanks to `width` columns.
std::string Pad(const std::string& s, size_t width) {
  const size_t shown = DisplayWidth(s);
  return shown >= width ? s : s + std::string(width - shown, ' ');
}

// Columns as wide as their widest cell; false when the table would not fit `width` (0: any).
bool PrintTable(const App& app, const std::vector<Row>& rows, size_t width) {
  size_t name = std::string("exercise").size(), topics = std::string("topics").size(), level = 5, status = 6;
  for (const auto& r : rows) {
    name = std::max(name, DisplayWidth(r.name));
    topics = std::max(topics, DisplayWidth(r.topics));
    status = std::max(status, DisplayWidth(r.status));
  }
  if (width && 3 + name + 2 + topics + 2 + level + 2 + status > width) return false;
  const auto line = [&](const std::string& marker, const Row& r) {
    return marker + "  " + Pad(r.name, name) + "  " + Pad(r.topics, topics) + "  " + Pad(r.level, level) + "  " + r.status;
  };
  fmt::print("{}\n", app.term().Bold(line(" ", Row{"", "exercise", "topics", "level", "status"})));
  for (const auto& r : rows) fmt::print("{}\n", line(r.marker, r));
  return true;
}

// On a narrow terminal: the name and level on one line, the status and topics wrapped below.
void PrintStacked(const std::vector<Row>& rows, size_t width) {
  for (const auto& r : rows) {
    fmt::print("{}\n", Wrap(r.marker + "  " + r.name + "  " + r.level, width, "   "));
    fmt::print("{}\n", Wrap("     " + r.status + (r.topics.empty() ? "" : " · " + r.topics), width, "     "));
  }
}

}  // namespace

Command SetupList(CLI::App& parent) {
  auto* cmd = parent.add_subcommand("list", "List the exercises in learning order, with their status");
  return {cmd, [](App& app) { return RunList(app, {}); }};
}

int RunList(App& app, const ListOptions&) {
  Progress progress;
  std::string err;
  if (!app.store().Load(&progress, &err)) {
    PrintError(err);
    return kExitError;
  }
  const Exercise* current = app.Current(progress);
  std::vector<Row> rows;
  int passed = 0;
  for (const auto& e : app.kit().exercises()) {
    rows.push_back(RowOf(app, e, progress, current));
    const auto it = progress.exercises.find(e.name());
    passed += e.load_error.empty() && it != progress.exercises.end() && it->second.status == "passed";
  }
  const size_t width = TerminalWidth();
  if (!PrintTable(app, rows, width)) PrintStacked(rows, width);
  fmt::print("\n{}/{} passed. ", passed, app.kit().exercises().size());
  if (current)
    fmt::print("Next: {}\n", app.Cmd("verify " + current->name()));
  else
    fmt::print("All done!\n");
  return kExitOk;
}

}  // namespace threadlings
