#include "build.h"

#include "include_policy.h"
#include "sha256.h"
#include "text_scan.h"

#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <optional>
#include <tuple>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string_view>

#ifndef THREADLINGS_DEFAULT_CXX
#define THREADLINGS_DEFAULT_CXX "g++"
#endif
#ifndef THREADLINGS_GTEST_SOURCE_DIR
#define THREADLINGS_GTEST_SOURCE_DIR "/usr/src/googletest/googletest"
#endif
#ifndef THREADLINGS_NINJA
#define THREADLINGS_NINJA "ninja"
#endif

namespace threadlings {
namespace {

// The pthread lock calls that std::mutex, std::lock and friends compile into, routed through
// support/threadlings/lock_order.cpp.
constexpr const char* kLockWrapFlags =
    "-Wl,--wrap=pthread_mutex_lock,--wrap=pthread_mutex_trylock,--wrap=pthread_mutex_unlock";

// A racy program: TSan must start and must report the race (exit code 66).
constexpr const char* kCanarySource = R"(// Written by threadlings: proves ThreadSanitizer starts and reports on this machine.
// ThreadSanitizer misses a single race like this one in a few runs out of a hundred (g++ 12
// and clang++ 14 alike, measured), so the canary races eight times: one report is enough.
#include <thread>
int shared_value[64];
int main() {
  for (int i = 0; i < 8; ++i) {
    std::thread t([i] { shared_value[i * 8] = 1; });
    shared_value[i * 8] = 2;
    t.join();
  }
  return 0;
}
)";

std::string NinjaEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == ':' || c == '$') out += '$';
    out += c;
  }
  return out;
}

std::string Quote(const std::string& s) {
  if (s.find_first_of(" '\"$\\") == std::string::npos) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::vector<std::string> ExerciseSources(const Exercise& e) {
  std::vector<std::string> sources;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(e.dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".cpp")
      sources.push_back(entry.path().filename().string());
  std::sort(sources.begin(), sources.end());
  return sources;
}

// The major version in a compiler's --version line: that of the first "<major>.<minor>.<patch>"
// ("12" in "g++ (Debian 12.2.0-14) 12.2.0"), or "x".
std::string MajorVersion(std::string_view line) {
  static constexpr std::string_view kDigits = "0123456789";
  for (size_t at = line.find_first_of(kDigits); at != std::string_view::npos; at = line.find_first_of(kDigits, at)) {
    Scanner s(line.substr(at));
    std::string_view major;
    s.EatNumber(&major);
    if (s.Eat(".") && s.EatNumber() && s.Eat(".") && s.EatNumber()) return std::string(major);
    at += major.size();
  }
  return "x";
}

}  // namespace

std::string DefaultCompiler() {
  if (const char* env = std::getenv("THREADLINGS_CXX"); env && *env) return env;
  return THREADLINGS_DEFAULT_CXX;
}

bool DetectToolchain(const std::string& cxx, Toolchain* out, std::string* err) {
  ProcessSpec spec;
  spec.argv = {cxx, "--version"};
  spec.timeout = std::chrono::seconds(20);
  const ProcessResult r = RunProcess(spec);
  const bool clang = cxx.find("clang") != std::string::npos;
  if (!r.started || r.exit_code != 0) {
    *err = "C++ compiler '" + cxx + "' not found or not working (" + DescribeEnding(r, spec) +
           "): install it with 'sudo apt-get install " + (clang ? "clang" : "g++") +
           "', or choose another with --cxx or THREADLINGS_CXX";
    return false;
  }
  out->cxx = cxx;
  out->version = r.output.substr(0, r.output.find('\n'));
  const std::string major = MajorVersion(out->version);
  const bool is_clang = out->version.find("clang") != std::string::npos;
  out->id = (is_clang ? "clang-" : "gcc-") + major;
  return true;
}

Variant WorkVariant(const Exercise& e) { return {"work", e.dir}; }

std::vector<Variant> KitVariants(const Kit& kit, const Exercise& e) {
  std::vector<Variant> v = {WorkVariant(e), {"pristine", e.dir / ".pristine"},
                            {"solution", kit.SolutionDir(e)}};
  for (const auto& m : e.manifest.mutants) v.push_back({"mutant-" + m.name, kit.MutantDir(e, m.name)});
  return v;
}

BuildTree::BuildTree(const Kit& kit, Toolchain toolchain)
    : kit_(kit), toolchain_(std::move(toolchain)),
      dir_(kit.StateDir() / "build" / toolchain_.id) {}

std::string BuildTree::CompileFlags() const {
  // g++ -g1: line tables, inlined frames and qualified names, which is all ThreadSanitizer's
  // reports and gdb's stacks need here; a quarter faster to compile than -g. clang++'s -g1
  // (line tables only) loses the qualification ("hit" for "HitCounter::hit"), so clang++
  // keeps -g.
  return std::string("-std=c++20 ") + (IsClang() ? "-g" : "-g1") +
         " -O1 -fno-omit-frame-pointer -fsanitize=thread -Wall -Wextra -fdiagnostics-color=never";
}

bool BuildTree::IsClang() const { return toolchain_.id.rfind("clang", 0) == 0; }

std::string BuildTree::PchSource() const {
  return "// Written by threadlings: precompiled once per build folder and put in front of every\n"
         "// exercise source, so that each save recompiles only the exercise, not GoogleTest.\n"
         "#include \"" + (kit_.SupportDir() / "threadlings" / "tsan_config.h").string() + "\"\n"
         "#include <threadlings/check.h>\n";
}

fs::path BuildTree::Binary(const Exercise& e, const Variant& v) const {
  return dir_ / "ex" / e.dir_name / v.tag / "check";
}

fs::path BuildTree::RunDir(const Exercise& e, const Variant& v) const {
  return dir_ / "run" / e.dir_name / v.tag;
}

std::string BuildTree::TargetName(const Exercise& e, const Variant& v) const {
  return (fs::path("ex") / e.dir_name / v.tag / "check").string();
}

// The support objects, built once per toolchain: GoogleTest, the check main, the lock-order
// checker, the canary and the precompiled header.
void BuildTree::WriteSupportBuilds(std::ostream& n) const {
  const std::string gtest = THREADLINGS_GTEST_SOURCE_DIR;
  n << "build support/gtest-all.o: cxx " << NinjaEscape(gtest + "/src/gtest-all.cc")
    << "\n  includes = -I" << Quote(gtest) << "\n";
  n << "build support/check_main.o: cxx "
    << NinjaEscape((kit_.SupportDir() / "threadlings" / "check_main.cpp").string()) << "\n";
  n << "build support/lock_order.o: cxx "
    << NinjaEscape((kit_.SupportDir() / "threadlings" / "lock_order.cpp").string()) << "\n";
  n << "build support/canary.o: cxx " << NinjaEscape((dir_ / "support" / "canary.cpp").string())
    << "\nbuild support/canary: link support/canary.o\n";
  const std::string pch = IsClang() ? "support/pch.h.pch" : "support/pch.h.gch";
  n << "build " << pch << ": pch support/pch.h\n";
  n << "build support: phony support/gtest-all.o support/check_main.o support/lock_order.o support/canary " << pch
    << "\n\n";
}

bool BuildTree::Generate(const std::vector<std::pair<const Exercise*, Variant>>& targets,
                         std::string* err) {
  const std::string gtest = THREADLINGS_GTEST_SOURCE_DIR;
  std::ostringstream n;
  n << "# Generated by threadlings; edits are overwritten.\nninja_required_version = 1.10\n"
    << "cxx = " << Quote(toolchain_.cxx) << "\n"
    << "flags = " << CompileFlags() << " -I" << Quote((kit_.SupportDir()).string())
    << " -isystem " << Quote(gtest + "/include") << "\n"
    << "tsan_config = -include " << Quote((kit_.SupportDir() / "threadlings" / "tsan_config.h").string()) << "\n"
    << "rule cxx\n  command = $cxx -MD -MF $out.d $flags $tsan_config $includes -c $in -o $out\n"
    << "  depfile = $out.d\n  deps = gcc\n  description = compile $in\n"
    // The precompiled header (tsan_config.h, check.h and GoogleTest) and the exercise sources
    // that use it: it roughly halves the time from a save to a verdict.
    << "rule pch\n  command = $cxx -MD -MF $out.d $flags "
    // clang++ can instantiate the header's pending templates once, in the precompiled header,
    // instead of in every exercise source that uses it (g++ has no such option; CMake does the
    // same for its own clang++ precompiled headers).
    << (IsClang() ? "-fpch-instantiate-templates " : "") << "-x c++-header $in -o $out\n"
    << "  depfile = $out.d\n  deps = gcc\n  description = precompile $in\n"
    << "rule cxx_pch\n  command = $cxx -MD -MF $out.d $flags "
    << (IsClang() ? "-include-pch support/pch.h.pch" : "-Winvalid-pch -include support/pch.h")
    << " $includes -c $in -o $out\n"
    << "  depfile = $out.d\n  deps = gcc\n  description = compile $in\n"
    << "rule link\n  command = $cxx -fsanitize=thread $in -o $out -pthread\n"
    << "  description = link $out\n"
    // A check's pthread lock calls reach the gate-aware lock-order checker first
    // (support/threadlings/lock_order.cpp; it only forwards unless the exercise asks for it).
    << "rule link_check\n  command = $cxx -fsanitize=thread $in -o $out -pthread " << kLockWrapFlags << "\n"
    << "  description = link $out\n\n";
  WriteSupportBuilds(n);
  const std::string pch = IsClang() ? "support/pch.h.pch" : "support/pch.h.gch";
  std::set<std::string> seen;
  for (const auto& [e, v] : targets) {
    const std::string target = TargetName(*e, v);
    if (!seen.insert(target).second) continue;
    const fs::path obj_dir = fs::path("ex") / e->dir_name / v.tag;
    std::string includes = "-I" + Quote(v.files.string());
    if (v.files != e->dir) includes += " -I" + Quote(e->dir.string());
    std::string objects;
    for (const fs::path& path : Sources(*e, v)) {
      const std::string obj = (obj_dir / (path.filename().string() + ".o")).string();
      n << "build " << NinjaEscape(obj) << ": cxx_pch " << NinjaEscape(path.string()) << " | " << pch
        << "\n  includes = " << includes << "\n";
      objects += " " + NinjaEscape(obj);
    }
    n << "build " << NinjaEscape(target) << ": link_check" << objects
      << " support/check_main.o support/lock_order.o support/gtest-all.o\n\n";
  }
  std::string old;
  const fs::path file = dir_ / "build.ninja";
  const fs::path canary = dir_ / "support" / "canary.cpp";
  std::string canary_old;
  if (!ReadFile(canary, &canary_old) || canary_old != kCanarySource)
    if (!WriteFileAtomic(canary, kCanarySource, err)) return false;
  const fs::path pch_header = dir_ / "support" / "pch.h";
  std::string pch_old;
  if (!ReadFile(pch_header, &pch_old) || pch_old != PchSource())
    if (!WriteFileAtomic(pch_header, PchSource(), err)) return false;
  if (ReadFile(file, &old) && old == n.str()) return true;
  return WriteFileAtomic(file, n.str(), err);
}

std::vector<fs::path> BuildTree::Sources(const Exercise& e, const Variant& v) const {
  std::vector<fs::path> paths;
  for (const auto& src : ExerciseSources(e)) {
    const bool edited = std::find(e.manifest.edit.begin(), e.manifest.edit.end(), src) != e.manifest.edit.end();
    paths.push_back((edited ? v.files : e.dir) / src);
  }
  return paths;
}

std::vector<std::string> BuildTree::DependencyCommand(const Exercise& e, const Variant& v, const fs::path& source,
                                                      const fs::path& depfile) const {
  std::vector<std::string> argv = {toolchain_.cxx};
  std::istringstream flags(CompileFlags());
  for (std::string flag; flags >> flag;) argv.push_back(flag);
  const std::string gtest = THREADLINGS_GTEST_SOURCE_DIR;
  // What the precompiled header holds (PchSource), included as text: the same files are opened.
  argv.insert(argv.end(), {"-I", kit_.SupportDir().string(), "-isystem", gtest + "/include", "-include",
                           (kit_.SupportDir() / "threadlings" / "tsan_config.h").string(), "-include",
                           "threadlings/check.h", "-I", v.files.string(), "-I", e.dir.string(),
                           // -MG: a missing header is listed, not an error (the compile reports it).
                           "-M", "-MG", "-MT", "dep", "-MF", depfile.string(), source.string()});
  return argv;
}

std::vector<fs::path> BuildTree::KitIncludeRoots(const Exercise& e, const Variant& v) const {
  return {e.dir, v.files, kit_.SupportDir(), fs::path(THREADLINGS_GTEST_SOURCE_DIR) / "include"};
}

void BuildTree::ConfineCompiles(const SandboxLimits& sandbox, const CompileLimits& limits) {
  compile_limits_ = limits;
  compile_sandbox_ = sandbox;
  compile_sandbox_.enabled = true;
  // One memory budget for a whole parallel build would fail good code on a busy build: each
  // process gets its own address-space limit instead (no compiler is a ThreadSanitizer program).
  compile_sandbox_.memory_bytes = 0;
  compile_sandbox_.address_space = limits.memory_bytes;
  compile_sandbox_.file_size = limits.file_size;
  compile_sandbox_.cpu_seconds = double(limits.wall.count());
  // ninja puts each command in a process group of its own: the pids cgroup is what lets every
  // compiler be killed at the end (its cap, not meant to bind, stays above a parallel build's needs).
  compile_sandbox_.pids = std::max(compile_sandbox_.pids, 4096);
  compile_sandbox_.read_only_fs = false;
  compile_sandbox_.separate_user = false;
  compile_sandbox_.writable.clear();
}

namespace {

// Which limit of a confined compile its output shows it passed, or "".
std::string LimitInOutput(const std::string& output, const CompileLimits& limits) {
  if (SaysOutOfMemory(output))
    return "its memory limit (" + FormatBytes(limits.memory_bytes) + " per compiler process)";
  if (output.find("File size limit exceeded") != std::string::npos)
    return "its file-size limit (" + FormatBytes(limits.file_size) + " per file written)";
  if (output.find("CPU time limit exceeded") != std::string::npos)
    return fmt::format("its CPU-time limit ({} s)", limits.wall.count());
  return "";
}

}  // namespace

BuildOutcome BuildTree::RunNinja(const std::vector<std::string>& targets, bool keep_going, bool confined) {
  ProcessSpec spec;
  spec.argv = {THREADLINGS_NINJA, "-C", dir_.string()};
  if (keep_going) spec.argv.insert(spec.argv.end(), {"-k", "0"});
  spec.argv.insert(spec.argv.end(), targets.begin(), targets.end());
  spec.timeout = std::chrono::minutes(15);
  spec.env["NINJA_STATUS"] = "[%f/%t] ";
  confined = confined && compile_sandbox_.enabled;
  if (confined) {
    spec.sandbox = compile_sandbox_;
    spec.timeout = compile_limits_.wall;
    spec.output_cap = compile_limits_.output_cap;
  }
  const ProcessResult r = RunProcess(spec);
  BuildOutcome out;
  out.output = r.output;
  if (!r.started) {
    out.infrastructure = true;
    out.output = "cannot run ninja (" + r.error + "): install it with 'sudo apt-get install ninja-build'";
    return out;
  }
  if (r.timed_out) {
    out.infrastructure = !confined;  // a graded submission's compile past its limit is the learner's
    if (confined) out.limit = fmt::format("its time limit ({} s)", compile_limits_.wall.count());
    out.output += "\nthe build " + DescribeEnding(r, spec);
    return out;
  }
  out.ok = r.exit_code == 0;
  if (!out.ok && confined) out.limit = LimitInOutput(r.output, compile_limits_);
  return out;
}

bool BuildTree::WriteCompileCommands(const fs::path& file, std::string* err) const {
  const std::string gtest = THREADLINGS_GTEST_SOURCE_DIR;
  const std::string flags = CompileFlags() + " -I" + Quote(kit_.SupportDir().string()) + " -isystem " +
                            Quote(gtest + "/include") + " -include " +
                            Quote((kit_.SupportDir() / "threadlings" / "tsan_config.h").string());
  nlohmann::json commands = nlohmann::json::array();
  for (const auto& e : kit_.exercises())
    for (const auto& src : ExerciseSources(e)) {
      const fs::path path = e.dir / src;
      commands.push_back({{"directory", e.dir.string()},
                          {"file", path.string()},
                          {"command", Quote(toolchain_.cxx) + " " + flags + " -I" + Quote(e.dir.string()) +
                                          " -c " + Quote(path.string())}});
    }
  const std::string text = commands.dump(2) + "\n";
  std::string old;
  if (ReadFile(file, &old) && old == text) return true;
  return WriteFileAtomic(file, text, err);
}

bool BuildTree::SupportIsBuilt() const {
  std::error_code ec;
  const char* pch = IsClang() ? "support/pch.h.pch" : "support/pch.h.gch";
  return fs::exists(dir_ / "support/gtest-all.o", ec) && fs::exists(dir_ / pch, ec);
}

BuildOutcome BuildTree::BuildSupport() {
  BuildOutcome out = RunNinja({"support"}, false, /*confined=*/false);
  if (!out.ok) out.infrastructure = true;
  return out;
}

BuildOutcome BuildTree::Build(const std::vector<std::pair<const Exercise*, Variant>>& targets,
                              bool keep_going) {
  std::vector<std::string> names, digests;
  for (const auto& [e, v] : targets) {
    names.push_back(TargetName(*e, v));
    digests.push_back(InputsDigest(*e, v));
    std::string recorded;
    // mtimes cannot be trusted (`cp -a`, `tar x` and editors restore older ones).
    if (!ReadFile(StampPath(*e, v), &recorded) || recorded != digests.back()) Invalidate(*e, v);
  }
  // A file saved while its build ran: build again from the new bytes (a few times at most,
  // for an editor that keeps saving; then the stamp is left unwritten and the next build
  // starts afresh).
  constexpr int kMaxRebuilds = 4;
  BuildOutcome out;
  bool settled = false;
  for (int attempt = 0; attempt <= kMaxRebuilds && !settled; ++attempt) {
    out = RunNinja(names, keep_going, /*confined=*/true);
    settled = true;
    for (size_t i = 0; i < targets.size(); ++i) {
      const auto& [e, v] = targets[i];
      std::string now = InputsDigest(*e, v);
      if (now == digests[i]) continue;
      settled = false;
      digests[i] = std::move(now);
      Invalidate(*e, v);
    }
  }
  for (size_t i = 0; i < targets.size(); ++i) {
    const auto& [e, v] = targets[i];
    // A stale target's binary was removed above, so a binary that exists now was built from
    // (or is up to date with) these inputs; one whose build failed has none (with keep_going,
    // the others still get their stamps).
    std::error_code ec;
    std::string err;
    if (settled && fs::exists(Binary(*e, v), ec)) WriteFileAtomic(StampPath(*e, v), digests[i], &err);
    else fs::remove(StampPath(*e, v), ec);
  }
  return out;
}

fs::path BuildTree::StampPath(const Exercise& e, const Variant& v) const {
  return Binary(e, v).string() + ".inputs";
}

void BuildTree::Invalidate(const Exercise& e, const Variant& v) const {
  std::error_code ec;
  fs::remove(StampPath(e, v), ec);
  fs::remove(Binary(e, v), ec);
  for (const auto& src : ExerciseSources(e)) fs::remove(Binary(e, v).parent_path() / (src + ".o"), ec);
}

std::string BuildTree::InputsDigest(const Exercise& e, const Variant& v) const {
  std::vector<fs::path> files;
  auto add_folder = [&files](const fs::path& dir) {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
      if (it->is_regular_file(ec)) files.push_back(it->path());
  };
  add_folder(e.dir);
  add_folder(v.files);  // inside e.dir for "work" and "pristine" (unique() drops the repeats)
  add_folder(kit_.SupportDir());
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  Sha256 digest;
  digest.Add(toolchain_.cxx + "\n" + toolchain_.version + "\n" + CompileFlags() + "\n");
  for (const auto& file : files) {
    std::string text;
    ReadFile(file, &text);
    digest.Add(file.string() + "\n" + std::to_string(text.size()) + "\n");
    digest.Add(text);
  }
  return digest.Hex();
}

}  // namespace threadlings
