// Reading YAML with errors that point at the spot: "file:line:col: error: ..." plus the
// offending line and a caret. Shared by manifests and (later) flashcards.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

namespace threadlings {

/// A YAML document being read, and the first error found in it.
class YamlReader {
 public:
  /// `path` is used in messages only; `text` is the document.
  YamlReader(std::string path, std::string text);

  /// Parses the text; false (with error()) on a syntax error.
  bool Parse(YAML::Node* root);

  /// Records an error at `mark` (the first one wins); always returns false.
  bool Fail(const YAML::Mark& mark, const std::string& message);

  /// The full message of the first error, or empty.
  const std::string& error() const { return error_; }
  bool failed() const { return !error_.empty(); }

  /// Requires `map` to be a mapping whose keys are all in `known`.
  bool ExpectMap(const YAML::Node& map, const std::vector<std::string>& known,
                 const std::string& what);

  /// Reads a required (or optional, when `required` is false) scalar field.
  std::optional<std::string> String(const YAML::Node& map, const std::string& key,
                                    bool required = true);
  /// Reads an integer field within [lo, hi].
  std::optional<long> Int(const YAML::Node& map, const std::string& key, long lo, long hi,
                          bool required = true);
  /// Reads a list of scalars.
  std::optional<std::vector<std::string>> StringList(const YAML::Node& map,
                                                     const std::string& key,
                                                     bool required = true);

  /// The mark of a map's key (for errors about a value that is present).
  YAML::Mark MarkOf(const YAML::Node& map, const std::string& key) const;

 private:
  std::string path_;
  std::string text_;
  std::string error_;
};

/// "path:line:col: error: message\n  <line>\n  <caret>" for a 0-based mark.
std::string FormatSourceError(const std::string& path, const std::string& text, int line0,
                              int col0, const std::string& message);

}  // namespace threadlings
