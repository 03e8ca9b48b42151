#include "manifest.h"

#include <fstream>
#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include "static_rules.h"
#include "suggest.h"
#include "topics.h"
#include "yaml_util.h"

namespace threadlings {
namespace {

const std::vector<std::string> kTopFields = {"format", "name",  "title",  "topics",
                                             "difficulty", "points", "edit", "verdict",
                                             "fixed",  "hints", "checks", "mutants",
                                             "contract", "lock_order", "static_rules_off"};

bool IsPlainName(const std::string& s) {
  // [a-z0-9][a-z0-9_-]* by hand: std::regex costs more to build than the whole manifest.
  auto lower_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (s.empty() || !lower_digit(s[0])) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) { return lower_digit(c) || c == '_' || c == '-'; });
}

// "Suite.Test": two C identifiers joined by one dot.
bool IsGtestName(const std::string& s) {
  const size_t dot = s.find('.');
  if (dot == std::string::npos || s.find('.', dot + 1) != std::string::npos) return false;
  auto ident = [](const std::string& p) {
    if (p.empty() || std::isdigit(static_cast<unsigned char>(p[0]))) return false;
    return std::all_of(p.begin(), p.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
  };
  return ident(s.substr(0, dot)) && ident(s.substr(dot + 1));
}

bool IsSafeRelativePath(const std::string& s) {
  if (s.empty() || s[0] == '/' || s.find('\\') != std::string::npos) return false;
  std::istringstream parts(s);
  for (std::string part; std::getline(parts, part, '/');)
    if (part.empty() || part == "." || part == "..") return false;
  return true;
}

std::vector<std::string> VerdictNames() {
  std::vector<std::string> names;
  for (Verdict v : AllVerdicts()) names.emplace_back(VerdictName(v));
  return names;
}

// Reads a verdict field; `allow_pass` is false everywhere a failure is declared.
std::optional<Verdict> ReadVerdict(YamlReader& r, const YAML::Node& map) {
  const auto s = r.String(map, "verdict");
  if (!s) return std::nullopt;
  const auto v = ParseVerdict(*s);
  if (!v) {
    r.Fail(r.MarkOf(map, "verdict"),
           "unknown verdict '" + *s + "'" + DidYouMean(*s, VerdictNames()));
    return std::nullopt;
  }
  if (*v == Verdict::kPass || *v == Verdict::kError) {
    r.Fail(r.MarkOf(map, "verdict"),
           "verdict '" + *s + "' cannot be declared: a broken version must fail with a bug class");
    return std::nullopt;
  }
  return v;
}

bool ReadTopics(YamlReader& r, const YAML::Node& root, Manifest* m) {
  const auto topics = r.StringList(root, "topics");
  if (!topics) return false;
  if (topics->empty()) return r.Fail(r.MarkOf(root, "topics"), "'topics' must name at least one topic");
  size_t i = 0;
  for (const auto& t : *topics) {
    bool known = false;
    for (const auto& slug : TopicSlugs()) known = known || slug == t;
    if (!known)
      return r.Fail(root["topics"][i].Mark(),
                    "unknown topic '" + t + "'" + DidYouMean(t, TopicSlugs()) +
                        "; topics come from the topic map in shared/notes/README.md");
    ++i;
  }
  m->topics = *topics;
  return true;
}

bool ReadEdit(YamlReader& r, const YAML::Node& root, Manifest* m) {
  const auto edit = r.StringList(root, "edit");
  if (!edit) return false;
  if (edit->empty()) return r.Fail(r.MarkOf(root, "edit"), "'edit' must list at least one file");
  for (size_t i = 0; i < edit->size(); ++i)
    if (!IsSafeRelativePath((*edit)[i]))
      return r.Fail(root["edit"][i].Mark(), "'" + (*edit)[i] +
                                                "' must be a path inside the exercise folder "
                                                "(relative, no '..')");
  m->edit = *edit;
  return true;
}

bool ReadHints(YamlReader& r, const YAML::Node& root, Manifest* m) {
  const auto hints = r.StringList(root, "hints");
  if (!hints) return false;
  if (hints->size() != 3)
    return r.Fail(r.MarkOf(root, "hints"),
                  "'hints' must have exactly three entries (a nudge, a question, nearly the "
                  "answer with a link), not " + std::to_string(hints->size()));
  if ((*hints)[2].find("https://") == std::string::npos)
    return r.Fail(root["hints"][2].Mark(),
                  "the third hint must link to the reference (cppreference or a man page)");
  m->hints = *hints;
  return true;
}

bool ReadChecks(YamlReader& r, const YAML::Node& root, Manifest* m) {
  const YAML::Node checks = root["checks"];
  if (!checks) return r.Fail(root.Mark(), "missing required field 'checks'");
  if (!checks.IsSequence() || checks.size() == 0)
    return r.Fail(r.MarkOf(root, "checks"), "'checks' must be a list of '- test: Suite.Name' entries");
  for (const auto& c : checks) {
    if (!r.ExpectMap(c, {"test", "timeout"}, "a check")) return false;
    CheckSpec spec;
    const auto test = r.String(c, "test");
    if (!test) return false;
    if (!IsGtestName(*test))
      return r.Fail(r.MarkOf(c, "test"),
                    "'test' must be one GoogleTest name 'Suite.Test', not '" + *test + "'");
    spec.test = *test;
    if (c["timeout"]) {
      const auto t = r.Int(c, "timeout", 1, 600);
      if (!t) return false;
      spec.timeout = std::chrono::seconds(*t);
    }
    m->checks.push_back(spec);
  }
  return true;
}

bool ReadMutants(YamlReader& r, const YAML::Node& root, Manifest* m) {
  const YAML::Node mutants = root["mutants"];
  if (!mutants) return true;
  if (!mutants.IsSequence())
    return r.Fail(r.MarkOf(root, "mutants"), "'mutants' must be a list of '- name: ...' entries");
  std::set<std::string> seen;
  for (const auto& node : mutants) {
    if (!r.ExpectMap(node, {"name", "why", "verdict"}, "a mutant")) return false;
    MutantSpec spec;
    const auto name = r.String(node, "name");
    const auto why = r.String(node, "why");
    if (!name || !why) return false;
    if (!IsPlainName(*name))
      return r.Fail(r.MarkOf(node, "name"), "mutant name '" + *name +
                                                "' must use only a-z, 0-9, '_' and '-'");
    if (!seen.insert(*name).second)
      return r.Fail(r.MarkOf(node, "name"), "mutant '" + *name + "' is listed twice");
    const auto v = ReadVerdict(r, node);
    if (!v) return false;
    m->mutants.push_back({*name, *why, *v});
  }
  return true;
}

// `contract:` is a list of {rule, checks}; every check it names is one of `checks:`.
bool ReadContract(YamlReader& r, const YAML::Node& root, Manifest* m) {
  const YAML::Node contract = root["contract"];
  if (!contract) return true;
  if (!contract.IsSequence() || contract.size() == 0)
    return r.Fail(r.MarkOf(root, "contract"), "'contract' must be a list of '- rule: ...' entries with their 'checks'");
  for (const auto& node : contract) {
    if (!r.ExpectMap(node, {"rule", "checks"}, "a contract rule")) return false;
    ContractRule rule;
    const auto text = r.String(node, "rule");
    const auto checks = r.StringList(node, "checks");
    if (!text || !checks) return false;
    if (checks->empty())
      return r.Fail(r.MarkOf(node, "checks"), "the rule '" + *text + "' names no check: every rule needs one that proves it");
    for (size_t i = 0; i < checks->size(); ++i) {
      const std::string& name = (*checks)[i];
      const bool known = std::any_of(m->checks.begin(), m->checks.end(), [&](const CheckSpec& c) { return c.test == name; });
      if (!known) {
        std::vector<std::string> names;
        for (const auto& c : m->checks) names.push_back(c.test);
        return r.Fail(node["checks"][i].Mark(), "'" + name + "' is not one of this exercise's checks" + DidYouMean(name, names));
      }
    }
    m->contract.push_back({*text, *checks});
  }
  return true;
}

bool ReadLockOrder(YamlReader& r, const YAML::Node& root, Manifest* m) {
  if (!root["lock_order"]) return true;
  const auto mode = r.String(root, "lock_order");
  if (!mode) return false;
  if (*mode != "tsan" && *mode != "gate-aware")
    return r.Fail(r.MarkOf(root, "lock_order"), "'lock_order' is 'tsan' (the default) or 'gate-aware', not '" + *mode +
                                                    "'" + DidYouMean(*mode, {"tsan", "gate-aware"}));
  m->gate_aware_lock_order = *mode == "gate-aware";
  return true;
}

}  // namespace

bool ParseManifest(const std::string& path, const std::string& text, Manifest* out,
                   std::string* err) {
  YamlReader r(path, text);
  YAML::Node root;
  Manifest m;
  auto fail = [&] {
    *err = r.error();
    return false;
  };
  if (!r.Parse(&root)) return fail();
  if (!root.IsMap()) {
    r.Fail(root.Mark(), "a manifest must be a mapping of 'key: value' lines");
    return fail();
  }
  if (!r.ExpectMap(root, kTopFields, "the manifest")) return fail();
  const auto format = r.Int(root, "format", 1, 1000);
  if (!format) return fail();
  if (*format != kManifestFormat) {
    r.Fail(r.MarkOf(root, "format"), "manifest format " + std::to_string(*format) +
                                         " is not supported by this threadlings (it reads "
                                         "format " + std::to_string(kManifestFormat) +
                                         "); update threadlings");
    return fail();
  }
  const auto name = r.String(root, "name");
  if (!name) return fail();
  if (!IsPlainName(*name)) {
    r.Fail(r.MarkOf(root, "name"), "name '" + *name + "' must use only a-z, 0-9, '_' and '-'");
    return fail();
  }
  const auto title = r.String(root, "title");
  const auto fixed = r.String(root, "fixed");
  if (!title || !fixed) return fail();
  const auto difficulty = r.Int(root, "difficulty", 1, 5);
  const auto points = r.Int(root, "points", 0, 1000);
  if (!difficulty || !points) return fail();
  m.name = *name;
  m.title = *title;
  m.fixed = *fixed;
  m.difficulty = static_cast<int>(*difficulty);
  m.points = static_cast<int>(*points);
  if (!ReadTopics(r, root, &m) || !ReadEdit(r, root, &m)) return fail();
  const auto verdict = ReadVerdict(r, root);
  if (!verdict) return fail();
  m.verdict = *verdict;
  if (!ReadHints(r, root, &m) || !ReadChecks(r, root, &m) || !ReadMutants(r, root, &m) ||
      !ReadContract(r, root, &m) || !ReadLockOrder(r, root, &m))
    return fail();
  if (!ReadStaticRulesOff(r, root, &m.static_rules_off)) return fail();
  *out = std::move(m);
  return true;
}

bool LoadManifest(const std::string& path, Manifest* out, std::string* err) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *err = path + ": error: cannot read the manifest";
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseManifest(path, text.str(), out, err);
}

}  // namespace threadlings
