#include "readme_contract.h"

#include <cctype>

namespace threadlings {
namespace {

std::string Collapse(const std::string& s) {
  std::string out;
  for (char c : s) {
    const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// "12. text" -> "text"; empty when `line` is not a numbered item.
bool NumberedItem(const std::string& line, std::string* text) {
  size_t i = 0;
  while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
  if (i == 0 || i + 1 >= line.size() || line[i] != '.' || line[i + 1] != ' ') return false;
  *text = line.substr(i + 2);
  return true;
}

}  // namespace

std::vector<std::string> ReadmeContract(const std::string& readme) {
  std::vector<std::string> items;
  const size_t at = readme.find(std::string(kContractHeading) + "\n");
  if (at == std::string::npos) return items;
  size_t pos = readme.find('\n', at) + 1;
  while (pos < readme.size()) {
    size_t end = readme.find('\n', pos);
    if (end == std::string::npos) end = readme.size();
    const std::string line = readme.substr(pos, end - pos);
    pos = end + 1;
    std::string text;
    if (line.rfind("#", 0) == 0) break;  // the next heading ends the list
    if (NumberedItem(line, &text)) items.push_back(Collapse(text));
    else if (!items.empty() && !line.empty() && std::isspace(static_cast<unsigned char>(line[0])))
      items.back() = Collapse(items.back() + " " + line);  // an item continued on the next line
    else if (!items.empty() && !Collapse(line).empty()) break;  // prose after the list
  }
  return items;
}

std::vector<std::string> ContractProblems(const Exercise& e, const std::string& readme) {
  const auto& rules = e.manifest.contract;
  if (rules.empty()) return {"exercise.yaml has no 'contract:': list the README's rules and the checks that prove each"};
  const std::vector<std::string> items = ReadmeContract(readme);
  if (items.empty())
    return {std::string("README.md has no numbered list under '") + kContractHeading + "'"};
  std::vector<std::string> problems;
  if (items.size() != rules.size())
    problems.push_back("README.md states " + std::to_string(items.size()) + " rule(s), exercise.yaml's contract " +
                       std::to_string(rules.size()));
  for (size_t i = 0; i < std::min(items.size(), rules.size()); ++i)
    if (items[i] != Collapse(rules[i].rule))
      problems.push_back("rule " + std::to_string(i + 1) + " differs: README.md says \"" + items[i] +
                         "\", exercise.yaml \"" + Collapse(rules[i].rule) + "\"");
  return problems;
}

}  // namespace threadlings
