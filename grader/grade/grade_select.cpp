#include "grade_select.h"

#include <algorithm>

#include "submission.h"
#include "term.h"

namespace threadlings {
namespace {

// The names of --exercises, split at commas.
std::vector<std::string> ExerciseNames(const GradeOptions& o) {
  std::vector<std::string> names;
  for (const auto& n : o.exercises) {
    size_t start = 0;
    for (size_t comma; (comma = n.find(',', start)) != std::string::npos; start = comma + 1)
      if (comma > start) names.push_back(n.substr(start, comma - start));
    if (start < n.size()) names.push_back(n.substr(start));
  }
  return names;
}

bool ListBatch(const std::string& batch, std::vector<fs::path>* out) {
  std::error_code ec;
  if (!fs::is_directory(batch, ec)) {
    PrintError("--batch " + batch + " is not a folder; give a folder with one submission (folder or archive) per student");
    return false;
  }
  for (const auto& e : fs::directory_iterator(batch, ec))
    if (!e.is_symlink() && (e.is_directory() || (e.is_regular_file() && IsArchive(e.path()))))
      out->push_back(e.path());
  std::sort(out->begin(), out->end());
  if (out->empty()) {
    PrintError("--batch " + batch + " holds no submissions (sub-folders or archives)");
    return false;
  }
  return true;
}

}  // namespace

bool ChooseExercises(const Kit& kit, const GradeOptions& o, std::vector<const Exercise*>* out, std::string* err) {
  const std::vector<std::string> names = ExerciseNames(o);
  std::vector<const Exercise*> chosen;
  if (names.empty()) {
    for (const auto& e : kit.exercises()) chosen.push_back(&e);
  } else if (!kit.FindAll(names, &chosen, err)) {
    return false;
  }
  if (!o.shard.empty()) {
    int i = 0, n = 0;
    ParseShard(o.shard, &i, &n);
    std::vector<const Exercise*> share;
    for (size_t k = 0; k < chosen.size(); ++k)
      if (int(k % size_t(n)) == i - 1) share.push_back(chosen[k]);
    chosen = share;
  }
  *out = chosen;
  return true;
}

bool ListSubmissions(const GradeOptions& o, std::vector<fs::path>* out) {
  if (!o.batch.empty()) return ListBatch(o.batch, out);
  std::error_code ec;
  if (!fs::exists(o.submission, ec)) {
    PrintError("the submission " + o.submission + " does not exist; give a student's checkout of the kit (a folder) or an archive of it");
    return false;
  }
  out->push_back(o.submission);
  return true;
}

}  // namespace threadlings
