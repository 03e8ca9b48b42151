// `threadlings config`: shows or changes the quiz's settings (kept in the quiz store).
#include <fmt/core.h>

#include <algorithm>

#include "quiz_cli.h"
#include "review_store.h"

namespace threadlings {

int RunConfig(App& app, const ConfigOptions& o) {
  ReviewStore store;
  std::string err;
  if (!store.Open(QuizDataDir(app.options().data_dir) / "quiz.sqlite3", &err)) {
    PrintError(err);
    return kExitError;
  }
  const std::map<std::string, std::pair<std::vector<std::string>, std::string>> known = {
      {"cards-after-pass", {{"on", "off"}, "on"}},
      {"lang", {{"auto", "en", "ru"}, "auto"}},
      {"track", {{"all", "cpp"}, "all"}}};
  if (!o.value.empty()) {
    const auto& allowed = known.at(o.key).first;
    if (std::find(allowed.begin(), allowed.end(), o.value) == allowed.end()) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      PrintError("'" + o.value + "' is not a value of " + o.key + "; use one of: " + list);
      return kExitUsage;
    }
    if (!store.SetSetting(o.key, o.value, &err)) {
      PrintError(err);
      return kExitError;
    }
    fmt::print("{} = {}\n", o.key, o.value);
    return kExitOk;
  }
  for (const auto& [key, spec] : known) {
    if (!o.key.empty() && key != o.key) continue;
    std::optional<std::string> v;
    if (!store.GetSetting(key, &v, &err)) {
      PrintError(err);
      return kExitError;
    }
    fmt::print("{} = {}{}\n", key, v.value_or(spec.second), v ? "" : " (default)");
  }
  if (o.key.empty()) fmt::print("{}\n", app.term().Dim("store: " + DisplayPath(store.path())));
  return kExitOk;
}

}  // namespace threadlings
