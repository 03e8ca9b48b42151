#include "attempts.h"

#include <algorithm>

#include "suggest.h"
#include "yaml_util.h"

namespace threadlings {

fs::path AttemptsDir(const Kit& kit, const Exercise& e) { return kit.root() / "tests" / "attempts" / e.dir_name; }

bool ParseAttempt(const std::string& path, const std::string& text, Attempt* out, std::string* err) {
  YamlReader r(path, text);
  YAML::Node root;
  auto fail = [&] {
    *err = r.error();
    return false;
  };
  if (!r.Parse(&root)) return fail();
  if (!root.IsMap()) {
    r.Fail(root.Mark(), "an attempt must be a mapping with 'expect' and 'why'");
    return fail();
  }
  if (!r.ExpectMap(root, {"expect", "why", "known_gap"}, "an attempt")) return fail();
  const auto expect = r.String(root, "expect");
  const auto why = r.String(root, "why");
  const auto gap = r.String(root, "known_gap", /*required=*/false);
  if (!expect || !why || r.failed()) return fail();
  const auto verdict = ParseVerdict(*expect);
  if (!verdict || *verdict == Verdict::kError) {
    std::vector<std::string> names;
    for (Verdict v : AllVerdicts())
      if (v != Verdict::kError) names.emplace_back(VerdictName(v));
    r.Fail(r.MarkOf(root, "expect"), "'" + *expect + "' is not a verdict an attempt can get" + DidYouMean(*expect, names));
    return fail();
  }
  if (gap && *verdict == Verdict::kPass) {
    r.Fail(r.MarkOf(root, "known_gap"), "'known_gap' is for a wrong attempt the checks cannot catch yet, not a right one");
    return fail();
  }
  out->expect = *verdict;
  out->why = *why;
  out->known_gap = gap ? *gap : "";
  return true;
}

std::vector<Attempt> LoadAttempts(const Kit& kit, const Exercise& e, std::vector<std::string>* problems) {
  std::vector<Attempt> attempts;
  std::error_code ec;
  const fs::path dir = AttemptsDir(kit, e);
  if (!fs::is_directory(dir, ec)) return attempts;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_directory(ec)) continue;
    Attempt a;
    a.name = entry.path().filename().string();
    a.dir = entry.path();
    const fs::path yaml = a.dir / "attempt.yaml";
    std::string text, err;
    if (!ReadFile(yaml, &text)) {
      problems->push_back("attempt '" + a.name + "' has no " + DisplayPath(yaml) +
                          " (it says 'expect: <verdict>' and 'why: ...')");
      continue;
    }
    if (!ParseAttempt(DisplayPath(yaml), text, &a, &err)) {
      problems->push_back(err);
      continue;
    }
    const auto missing = std::find_if(e.manifest.edit.begin(), e.manifest.edit.end(),
                                      [&](const std::string& f) { return !fs::exists(a.dir / f, ec); });
    if (missing != e.manifest.edit.end()) {
      problems->push_back("attempt '" + a.name + "' lacks the edited file " + DisplayPath(a.dir / *missing));
      continue;
    }
    attempts.push_back(std::move(a));
  }
  std::sort(attempts.begin(), attempts.end(), [](const Attempt& x, const Attempt& y) { return x.name < y.name; });
  return attempts;
}

}  // namespace threadlings
