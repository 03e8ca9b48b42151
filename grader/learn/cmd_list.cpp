#include <fmt/core.h>

#include "learn_cli.h"

namespace threadlings {

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
  const Term& t = app.term();
  const Exercise* current = app.Current(progress);
  fmt::print("{}\n", t.Bold(fmt::format("   {:<30} {:<28} {:<6} {}", "exercise", "topics", "level", "status")));
  int passed = 0;
  for (const auto& e : app.kit().exercises()) {
    const auto it = progress.exercises.find(e.name());
    std::string status = "not started";
    if (!e.load_error.empty()) status = t.Warn("broken manifest");
    else if (it != progress.exercises.end() && it->second.status == "passed") {
      status = t.Good("passed");
      ++passed;
    } else if (it != progress.exercises.end() && it->second.status == "failing") {
      status = t.Bad("failing (" + it->second.verdict + ")");
    }
    std::string topics;
    for (const auto& topic : e.manifest.topics) topics += (topics.empty() ? "" : ",") + topic;
    const std::string marker = &e == current ? "→" : " ";
    fmt::print("{}  {:<30} {:<28} {:<6} {}\n", marker, e.dir_name, topics,
               std::string(e.manifest.difficulty, '*'), status);
  }
  fmt::print("\n{}/{} passed. ", passed, app.kit().exercises().size());
  if (current)
    fmt::print("Next: {}\n", app.Cmd("verify " + current->name()));
  else
    fmt::print("All done!\n");
  return kExitOk;
}

}  // namespace threadlings
