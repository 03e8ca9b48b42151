// The static rules: bugs no run on x86-64 with libstdc++ can show (spurious wakeups, weak CAS
// failures, consume, deferred async, volatile, a lock that locks nothing, a detached thread),
// each found by a real tool on the learner's files, never by a regular expression.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace YAML {
class Node;
}

namespace threadlings {

class YamlReader;

/// How clang-query's run on a learner's file finds a rule.
enum class StaticTool {
  kClangQuery,       ///< a matcher in support/static/threadlings.query, bound to the rule's id
  kCompilerWarning,  ///< a warning of clang's own parse of the file ("[-Wvexing-parse]")
};

/// One rule of the static stage (docs/STATIC_RULES.md).
struct StaticRule {
  std::string_view id;    ///< stable name, used in exercise.yaml's static_rules_off
  StaticTool tool;
  std::string_view source;  ///< the clang-query binding or the warning flag that finds it
  std::string_view rule;  ///< the rule, one sentence
  std::string_view why;   ///< why it is wrong under the C++ standard though the run passed
};

/// Every rule, in the order of docs/STATIC_RULES.md.
const std::vector<StaticRule>& StaticRules();

/// The rule with this id, or nullptr.
const StaticRule* FindStaticRule(std::string_view id);

/// The rule a finding stands for: a clang-query binding ("cv-wait-not-in-loop") or a warning
/// flag ("-Wvexing-parse"); nullptr for anything else.
const StaticRule* RuleForSource(std::string_view source);

/// Every rule id, for messages ("did you mean").
std::vector<std::string> StaticRuleIds();

/// Reads exercise.yaml's optional `static_rules_off:` (a list of rule ids) into `out`; an
/// unknown id is an error at its place (static_rules_yaml.cpp).
bool ReadStaticRulesOff(YamlReader& r, const YAML::Node& root, std::vector<std::string>* out);

/// The compiler warnings the static stage turns on for clang-query's parse ("-Wvexing-parse").
std::vector<std::string> StaticWarningFlags();

}  // namespace threadlings
