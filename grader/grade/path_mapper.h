// Paths in grade reports: the staged files as the submission's, the kit's files relative to
// the kit.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "kit.h"

namespace threadlings {

/// Replaces every occurrence of `from` in `s` with `to`.
void ReplaceAll(std::string* s, const std::string& from, const std::string& to);

/// Rewrites the paths in a check's output: staged files as the submission's
/// ("exercises/01_x/y.h"), the kit's own files relative to the kit.
struct PathMapper {
  /// Applied in order: the staging folder first (it may lie inside the kit's state folder).
  std::vector<std::pair<std::string, std::string>> prefixes;

  PathMapper(const fs::path& stage, const fs::path& kit);
  std::string operator()(std::string s) const;
};

}  // namespace threadlings
