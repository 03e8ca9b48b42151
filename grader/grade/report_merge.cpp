// Merging the reports of the shards of one submission (`threadlings grade merge`).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string_view>

#include "grade_output.h"
#include "output_common.h"

namespace threadlings {
namespace {

using output::ExerciseId;
using output::Join;

bool SameIdentity(const std::vector<GradeReport>& shards, std::string* err) {
  const GradeReport& first = shards[0];
  for (size_t i = 1; i < shards.size(); ++i) {
    const GradeReport& r = shards[i];
    const auto differ = [&](std::string_view what, const std::string& a, const std::string& b) {
      *err = fmt::format("shard #1 has {} '{}' but shard #{} has '{}': they are not shards of one grading",
                         what, a, i + 1, b);
      return false;
    };
    if (r.student != first.student) return differ("student", first.student, r.student);
    if (r.kit_digest != first.kit_digest) return differ("kit digest", first.kit_digest, r.kit_digest);
    if (r.version != first.version)
      return differ("schema version", std::to_string(first.version), std::to_string(r.version));
  }
  return true;
}

void MergeSandbox(const GradeReport& shard, size_t index, std::vector<Protection>* sandbox) {
  for (const auto& p : shard.sandbox) {
    const auto it = std::find_if(sandbox->begin(), sandbox->end(), [&](const auto& q) { return q.name == p.name; });
    if (it == sandbox->end()) {
      sandbox->push_back(p);
    } else if (it->in_force && !p.in_force) {
      *it = p;
      it->detail += fmt::format(" (not in force in shard #{})", index + 1);
    }
  }
}

}  // namespace

bool MergeReports(const std::vector<GradeReport>& shards, GradeReport* out, std::string* err) {
  if (shards.empty()) {
    *err = "no shards to merge";
    return false;
  }
  if (!SameIdentity(shards, err)) return false;
  GradeReport m = shards[0];
  m.shard.clear();
  m.shards_merged.clear();
  m.exercises.clear();
  m.ignored.clear();
  m.sandbox.clear();
  m.seconds = 0;
  m.ignored_more = 0;
  std::vector<std::string> errors;
  std::map<std::string, size_t> graded_in;  // exercise -> the shard that graded it
  for (size_t i = 0; i < shards.size(); ++i) {
    const GradeReport& s = shards[i];
    if (!s.shard.empty() || s.shards_merged.empty()) m.shards_merged.push_back(s.shard);
    else m.shards_merged.insert(m.shards_merged.end(), s.shards_merged.begin(), s.shards_merged.end());
    for (const auto& e : s.exercises) {
      const auto [it, added] = graded_in.emplace(ExerciseId(e), i);
      if (!added) {
        *err = fmt::format("exercise '{}' is graded in shard #{} and in shard #{}", ExerciseId(e), it->second + 1, i + 1);
        return false;
      }
      m.exercises.push_back(e);
    }
    m.seconds += s.seconds;
    if (!s.started_at.empty() && (m.started_at.empty() || s.started_at < m.started_at)) m.started_at = s.started_at;
    for (const auto& f : s.ignored)
      if (std::find(m.ignored.begin(), m.ignored.end(), f) == m.ignored.end()) m.ignored.push_back(f);
    m.ignored_more = std::max(m.ignored_more, s.ignored_more);
    MergeSandbox(s, i, &m.sandbox);
    if (!s.error.empty()) errors.push_back(s.error);
  }
  std::stable_sort(m.exercises.begin(), m.exercises.end(),
                   [](const auto& a, const auto& b) { return ExerciseId(a) < ExerciseId(b); });
  m.error = Join(errors, "; ");
  *out = std::move(m);
  return true;
}

}  // namespace threadlings
