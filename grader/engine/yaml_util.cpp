#include "yaml_util.h"

#include <sstream>

#include "suggest.h"

namespace threadlings {

std::string FormatSourceError(const std::string& path, const std::string& text, int line0,
                              int col0, const std::string& message) {
  if (line0 < 0) line0 = 0;
  if (col0 < 0) col0 = 0;
  std::ostringstream out;
  out << path << ':' << line0 + 1 << ':' << col0 + 1 << ": error: " << message;
  std::istringstream lines(text);
  std::string line;
  for (int i = 0; std::getline(lines, line); ++i) {
    if (i != line0) continue;
    out << "\n    " << line << "\n    " << std::string(col0, ' ') << '^';
    break;
  }
  return out.str();
}

YamlReader::YamlReader(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {}

bool YamlReader::Parse(YAML::Node* root) {
  try {
    *root = YAML::Load(text_);
  } catch (const YAML::ParserException& e) {
    return Fail(e.mark, e.msg);
  }
  return true;
}

bool YamlReader::Fail(const YAML::Mark& mark, const std::string& message) {
  if (error_.empty()) error_ = FormatSourceError(path_, text_, mark.line, mark.column, message);
  return false;
}

YAML::Mark YamlReader::MarkOf(const YAML::Node& map, const std::string& key) const {
  for (const auto& kv : map)
    if (kv.first.Scalar() == key) return kv.second.IsNull() ? kv.first.Mark() : kv.second.Mark();
  return map.Mark();
}

bool YamlReader::ExpectMap(const YAML::Node& map, const std::vector<std::string>& known,
                           const std::string& what) {
  if (!map.IsMap()) return Fail(map.Mark(), what + " must be a mapping of 'key: value' lines");
  for (const auto& kv : map) {
    const std::string key = kv.first.Scalar();
    bool ok = false;
    for (const auto& k : known) ok = ok || k == key;
    if (!ok)
      return Fail(kv.first.Mark(), "unknown field '" + key + "' in " + what + DidYouMean(key, known));
  }
  return true;
}

std::optional<std::string> YamlReader::String(const YAML::Node& map, const std::string& key,
                                              bool required) {
  const YAML::Node n = map[key];
  if (!n) {
    if (required) Fail(map.Mark(), "missing required field '" + key + "'");
    return std::nullopt;
  }
  if (!n.IsScalar()) {
    Fail(MarkOf(map, key), "field '" + key + "' must be a single value, not a list or mapping");
    return std::nullopt;
  }
  return n.Scalar();
}

std::optional<long> YamlReader::Int(const YAML::Node& map, const std::string& key, long lo,
                                    long hi, bool required) {
  const auto s = String(map, key, required);
  if (!s) return std::nullopt;
  long value = 0;
  size_t used = 0;
  try {
    value = std::stol(*s, &used);
  } catch (...) {
    used = 0;
  }
  if (used == 0 || used != s->size()) {
    Fail(MarkOf(map, key), "field '" + key + "' must be a whole number, not '" + *s + "'");
    return std::nullopt;
  }
  if (value < lo || value > hi) {
    Fail(MarkOf(map, key), "field '" + key + "' must be between " + std::to_string(lo) +
                               " and " + std::to_string(hi) + ", not " + *s);
    return std::nullopt;
  }
  return value;
}

std::optional<std::vector<std::string>> YamlReader::StringList(const YAML::Node& map,
                                                               const std::string& key,
                                                               bool required) {
  const YAML::Node n = map[key];
  if (!n) {
    if (required) Fail(map.Mark(), "missing required field '" + key + "'");
    return std::nullopt;
  }
  if (!n.IsSequence()) {
    Fail(MarkOf(map, key), "field '" + key + "' must be a list, e.g. [a, b] or '- a' lines");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : n) {
    if (!item.IsScalar()) {
      Fail(item.Mark(), "each entry of '" + key + "' must be a single value");
      return std::nullopt;
    }
    out.push_back(item.Scalar());
  }
  return out;
}

}  // namespace threadlings
