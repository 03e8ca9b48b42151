// exercise.yaml's `static_rules_off:`, read apart from the rest of the manifest.
#include "static_rules.h"
#include "suggest.h"
#include "yaml_util.h"

namespace threadlings {

bool ReadStaticRulesOff(YamlReader& r, const YAML::Node& root, std::vector<std::string>* out) {
  if (!root["static_rules_off"]) return true;
  const auto ids = r.StringList(root, "static_rules_off");
  if (!ids) return false;
  for (size_t i = 0; i < ids->size(); ++i) {
    const std::string& id = (*ids)[i];
    if (!FindStaticRule(id))
      return r.Fail(root["static_rules_off"][i].Mark(),
                    "unknown static rule '" + id + "'" + DidYouMean(id, StaticRuleIds()) +
                        "; the rules are listed in docs/STATIC_RULES.md");
  }
  *out = *ids;
  return true;
}

}  // namespace threadlings
