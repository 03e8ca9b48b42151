#include "path_mapper.h"

namespace threadlings {

void ReplaceAll(std::string* s, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (size_t at = s->find(from); at != std::string::npos; at = s->find(from, at + to.size()))
    s->replace(at, from.size(), to);
}

PathMapper::PathMapper(const fs::path& stage, const fs::path& kit) {
  for (const auto& [root, to] : {std::pair{stage, std::string()}, std::pair{kit, std::string()}}) {
    const std::string abs = fs::absolute(root).lexically_normal().string();
    const std::string slash = abs.back() == '/' ? abs : abs + "/";
    prefixes.emplace_back(slash, to);
    const std::string shown = DisplayPath(root);
    if (shown != abs && !shown.empty() && shown != ".") prefixes.emplace_back(shown + "/", to);
  }
}

std::string PathMapper::operator()(std::string s) const {
  for (const auto& [from, to] : prefixes) ReplaceAll(&s, from, to);
  return s;
}

}  // namespace threadlings
