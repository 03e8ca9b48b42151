#include "tsan_symbolize.h"

#include <map>
#include <sstream>
#include <vector>

#include "spawn.h"
#include "text_scan.h"

namespace threadlings {
namespace {

// "0x00e2e8" and "0xe2e8" are one address.
std::string Canonical(const std::string& hex) {
  const size_t first = hex.find_first_not_of('0', 2);
  return "0x" + (first == std::string::npos ? std::string("0") : hex.substr(first));
}

// A frame line without a file: "    #3 func(args) <null> (check+0x1a2b)". Gives the text
// before the location ("    #3 ") and the hex offset, for a frame of `module` only.
bool UnplacedFrame(const std::string& line, const std::string& module, std::string* prefix, std::string* offset) {
  const std::string tail = " (" + module + "+0x";
  const size_t at = line.rfind(tail);
  if (at == std::string::npos || at < 7 || line.back() != ')' || line.compare(at - 7, 7, " <null>") != 0)
    return false;
  Scanner hex(std::string_view(line).substr(at + tail.size(), line.size() - at - tail.size() - 1));
  if (!hex.EatHexDigits() || !hex.done()) return false;
  Scanner s(line);
  s.SkipSpace();
  if (!s.Eat("#") || !s.EatNumber()) return false;
  *prefix = line.substr(0, line.size() - s.rest().size()) + " ";
  *offset = "0x" + line.substr(at + tail.size(), line.size() - at - tail.size() - 1);
  return true;
}

// "file:LINE:COL"; false for "??:0:0".
bool PlaceOf(const std::string& text, std::string* place) {
  if (text.rfind("??", 0) == 0 || text.empty()) return false;
  *place = text;
  return true;
}

// llvm-symbolizer --print-address --inlining output: for each "0x..." address line,
// (function, place) pairs, innermost first. Addresses it could not place get no entry.
std::map<std::string, std::vector<std::pair<std::string, std::string>>> ParseSymbolizer(const std::string& out) {
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> chains;
  std::istringstream in(out);
  std::string line, current, function, place;
  while (std::getline(in, line)) {
    if (line.rfind("0x", 0) == 0) {
      current = Canonical(line);
      continue;
    }
    if (line.empty()) continue;  // the blank line after each address
    if (current.empty() || !std::getline(in, place)) break;
    function = line;
    std::string where;
    if (PlaceOf(place, &where)) chains[current].emplace_back(function == "??" ? "" : function, where);
  }
  return chains;
}

}  // namespace

std::string SymbolizeMissingFrames(const std::string& log, const fs::path& binary, const std::string& symbolizer,
                                   const SandboxLimits& limits,
                                   const std::function<ProcessResult(const ProcessSpec&)>& run) {
  if (symbolizer.empty()) return log;
  const std::string module = binary.filename().string();
  std::vector<std::string> lines;
  std::istringstream in(log);
  ProcessSpec spec;
  spec.argv = {symbolizer, "--obj=" + binary.string(), "--inlining", "--demangle", "--print-address"};
  for (std::string line, prefix, offset; std::getline(in, line);) {
    if (UnplacedFrame(line, module, &prefix, &offset)) spec.argv.push_back(offset);
    lines.push_back(std::move(line));
  }
  if (spec.argv.size() == 5) return log;
  spec.timeout = std::chrono::seconds(10);
  spec.sandbox = limits;
  const ProcessResult r = run(spec);
  if (!r.started || r.timed_out || r.exit_code != 0) return log;
  const auto chains = ParseSymbolizer(r.output);
  std::string out;
  for (const auto& line : lines) {
    std::string prefix, offset;
    const auto chain = UnplacedFrame(line, module, &prefix, &offset) ? chains.find(Canonical(offset)) : chains.end();
    if (chain == chains.end()) {
      out += line + "\n";
      continue;
    }
    for (const auto& [function, place] : chain->second)
      out += prefix + (function.empty() ? "" : function + " ") + place + " (" + module + "+" + offset + ")\n";
  }
  return out;
}

std::string FindSymbolizer() {
  for (const char* name : {"llvm-symbolizer-14", "llvm-symbolizer"}) {
    const std::string found = FindInPath(name);
    if (found.find('/') != std::string::npos) return found;
  }
  return "";
}

}  // namespace threadlings
