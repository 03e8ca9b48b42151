#include "course_progress.h"

namespace threadlings {

bool HasPassed(const Progress& p, const Exercise& e) {
  const auto it = p.exercises.find(e.name());
  return it != p.exercises.end() && it->second.status == "passed";
}

size_t CountPassed(const Kit& kit, const Progress& p) {
  size_t passed = 0;
  for (const auto& e : kit.exercises()) passed += HasPassed(p, e) ? 1 : 0;
  return passed;
}

const Exercise* NextUnpassed(const Kit& kit, const Progress& p, const Exercise& from) {
  const auto& all = kit.exercises();
  size_t i = 0;
  while (i < all.size() && &all[i] != &from) ++i;
  for (size_t k = 1; k <= all.size(); ++k) {
    const Exercise& e = all[(i + k) % all.size()];
    if (!HasPassed(p, e)) return &e;
  }
  return nullptr;
}

std::string ProgressBar(size_t passed, size_t total, size_t width) {
  const size_t filled = total ? passed * width / total : 0;
  return "[" + std::string(filled, '#') + std::string(width - filled, '-') + "] " + std::to_string(passed) +
         "/" + std::to_string(total);
}

}  // namespace threadlings
