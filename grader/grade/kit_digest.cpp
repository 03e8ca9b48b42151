#include "kit_digest.h"

#include <algorithm>
#include <set>

#include "sha256.h"

namespace threadlings {

std::string KitDigest(const Kit& kit) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : kit.exercises()) {
    const std::set<std::string> edited(e.manifest.edit.begin(), e.manifest.edit.end());
    for (const auto& f : fs::recursive_directory_iterator(e.dir, ec))
      if (f.is_regular_file() && !edited.count(f.path().lexically_relative(e.dir).generic_string()))
        files.push_back(f.path());
  }
  for (const auto& f : fs::recursive_directory_iterator(kit.SupportDir(), ec))
    if (f.is_regular_file()) files.push_back(f.path());
  std::sort(files.begin(), files.end());
  std::string all;
  for (const auto& f : files) {
    std::string text;
    ReadFile(f, &text);
    all += f.lexically_relative(kit.root()).generic_string() + '\0' + Sha256Hex(text) + '\n';
  }
  return Sha256Hex(all);
}

}  // namespace threadlings
