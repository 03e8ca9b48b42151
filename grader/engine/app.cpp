#include "app.h"

namespace threadlings {

std::string ShowLocation(const Location& where) {
  if (where.empty()) return "";
  std::string s = DisplayPath(where.file);
  if (where.line > 0) s += ":" + std::to_string(where.line);
  if (where.line > 0 && where.column > 0) s += ":" + std::to_string(where.column);
  return s;
}

App::App(GlobalOptions options) : options_(std::move(options)), term_(options_.color) {}

bool App::Open(std::string* err, bool with_exercises) {
  if (!kit_.Open(LocateKit(options_.kit), err, with_exercises)) return false;
  store_ = std::make_unique<ProgressStore>(kit_.StateDir(), options_.program);
  return true;
}

bool App::GetToolchain(Toolchain* out, std::string* err) {
  if (!toolchain_) {
    Toolchain t;
    if (!DetectToolchain(options_.cxx.empty() ? DefaultCompiler() : options_.cxx, &t, err))
      return false;
    toolchain_ = t;
  }
  *out = *toolchain_;
  return true;
}

std::string App::HowTo(char key, const std::string& args) const {
  if (in_watch_ && key) return std::string("press ") + key;
  return "run '" + Cmd(args) + "'";
}

const Exercise* App::Current(const Progress& p) const {
  auto passed = [&](const Exercise& e) {
    const auto it = p.exercises.find(e.name());
    return it != p.exercises.end() && it->second.status == "passed";
  };
  const auto& all = kit_.exercises();
  // Where the watch loop was moved to (n, l), then onwards, wrapping round; else from the first.
  size_t from = 0;
  for (size_t i = 0; i < all.size(); ++i)
    if (all[i].name() == p.current) from = i;
  for (size_t k = 0; k < all.size(); ++k)
    if (!passed(all[(from + k) % all.size()])) return &all[(from + k) % all.size()];
  return nullptr;
}

}  // namespace threadlings
