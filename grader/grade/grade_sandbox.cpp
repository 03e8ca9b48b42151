#include "grade_sandbox.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

namespace threadlings {
namespace {

void PrintSandboxReport(const Term& t, const std::vector<Protection>& ps) {
  fmt::print("{}\n", t.Bold("Sandbox protections on this machine:"));
  for (const auto& p : ps)
    fmt::print("  {} {:<19} {}\n", p.in_force ? t.Good("in force    ") : t.Warn("NOT in force"), p.name, p.detail);
}

}  // namespace

double LongestTimeout(const std::vector<const Exercise*>& exercises) {
  double longest = 0;
  for (const Exercise* e : exercises)
    for (const auto& c : e->manifest.checks) longest = std::max(longest, std::chrono::duration<double>(c.timeout).count());
  return longest;
}

std::vector<Protection> GradeProtections(const Kit& kit, const SandboxLimits& limits, double longest_timeout) {
  std::vector<Protection> out = DescribeSandbox(limits, longest_timeout, 1 << 20);
  if (geteuid() != 0) return out;
  std::error_code ec;
  const fs::path builds = kit.StateDir() / "build";
  fs::create_directories(builds, ec);
  std::string why;
  if (!SandboxUserCanRun(builds.string(), &why))
    for (auto& p : out)
      if (p.name == "user") p = {"user", false, "not enforced: " + why};
  return out;
}

int RunSandboxReport(App& app, const SandboxLimits& limits) {
  std::vector<const Exercise*> all;
  for (const auto& e : app.kit().exercises()) all.push_back(&e);
  PrintSandboxReport(app.term(), GradeProtections(app.kit(), limits, LongestTimeout(all)));
  return kExitOk;
}

}  // namespace threadlings
