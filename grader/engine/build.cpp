#include "build.h"

#include <fmt/core.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <tuple>
#include <cstdlib>
#include <regex>
#include <set>
#include <sstream>

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
  static const std::regex version(R"((\d+)\.\d+\.\d+)");
  std::smatch m;
  const std::string major = std::regex_search(out->version, m, version) ? m[1].str() : "x";
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
    << "  description = link $out\n\n";
  // Support objects, built once per toolchain.
  n << "build support/gtest-all.o: cxx " << NinjaEscape(gtest + "/src/gtest-all.cc")
    << "\n  includes = -I" << Quote(gtest) << "\n";
  n << "build support/check_main.o: cxx "
    << NinjaEscape((kit_.SupportDir() / "threadlings" / "check_main.cpp").string()) << "\n";
  n << "build support/canary.o: cxx " << NinjaEscape((dir_ / "support" / "canary.cpp").string())
    << "\nbuild support/canary: link support/canary.o\n";
  const std::string pch = IsClang() ? "support/pch.h.pch" : "support/pch.h.gch";
  n << "build " << pch << ": pch support/pch.h\n";
  n << "build support: phony support/gtest-all.o support/check_main.o support/canary " << pch << "\n\n";
  std::set<std::string> seen;
  for (const auto& [e, v] : targets) {
    const std::string target = TargetName(*e, v);
    if (!seen.insert(target).second) continue;
    const fs::path obj_dir = fs::path("ex") / e->dir_name / v.tag;
    std::string includes = "-I" + Quote(v.files.string());
    if (v.files != e->dir) includes += " -I" + Quote(e->dir.string());
    std::string objects;
    for (const auto& src : ExerciseSources(*e)) {
      bool edited = false;
      for (const auto& f : e->manifest.edit) edited = edited || f == src;
      const fs::path path = (edited ? v.files : e->dir) / src;
      const std::string obj = (obj_dir / (src + ".o")).string();
      n << "build " << NinjaEscape(obj) << ": cxx_pch " << NinjaEscape(path.string()) << " | " << pch
        << "\n  includes = " << includes << "\n";
      objects += " " + NinjaEscape(obj);
    }
    n << "build " << NinjaEscape(target) << ": link" << objects
      << " support/check_main.o support/gtest-all.o\n\n";
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

BuildOutcome BuildTree::RunNinja(const std::vector<std::string>& targets, bool keep_going) {
  ProcessSpec spec;
  spec.argv = {THREADLINGS_NINJA, "-C", dir_.string()};
  if (keep_going) spec.argv.insert(spec.argv.end(), {"-k", "0"});
  spec.argv.insert(spec.argv.end(), targets.begin(), targets.end());
  spec.timeout = std::chrono::minutes(15);
  spec.env["NINJA_STATUS"] = "[%f/%t] ";
  const ProcessResult r = RunProcess(spec);
  BuildOutcome out;
  out.output = r.output;
  if (!r.started) {
    out.infrastructure = true;
    out.output = "cannot run ninja (" + r.error + "): install it with 'sudo apt-get install ninja-build'";
    return out;
  }
  if (r.timed_out) {
    out.infrastructure = true;
    out.output += "\nthe build " + DescribeEnding(r, spec);
    return out;
  }
  out.ok = r.exit_code == 0;
  return out;
}

BuildOutcome BuildTree::BuildSupport() {
  BuildOutcome out = RunNinja({"support"}, false);
  if (!out.ok) out.infrastructure = true;
  return out;
}

BuildOutcome BuildTree::Build(const std::vector<std::pair<const Exercise*, Variant>>& targets,
                              bool keep_going) {
  std::vector<std::string> names;
  for (const auto& [e, v] : targets) names.push_back(TargetName(*e, v));
  return RunNinja(names, keep_going);
}

namespace {

// Line `n` (1-based) of a file, or "".
std::string SourceLine(const fs::path& file, int n) {
  std::ifstream in(file);
  std::string line;
  for (int i = 1; std::getline(in, line); ++i)
    if (i == n) return line;
  return "";
}

}  // namespace

std::vector<std::string> CondenseCompilerErrors(const std::string& output,
                                                const std::vector<fs::path>& learner_files,
                                                size_t max_errors) {
  static const std::regex diag(R"(^(.+?):(\d+):(\d+): (fatal error|error): (.*)$)");
  // Where a template was used from: gcc's "required from here" (printed before the error),
  // clang's "note: in instantiation of ... requested here" (printed after it).
  static const std::regex site(R"(^(.+?):(\d+):(\d+):\s+(required from here|note: .*requested here.*)$)");
  static const std::regex header(R"(^(.+?): (In instantiation of|In function|In member function|In constructor|In destructor|In lambda|In static member function|In copy constructor).*)");
  struct Error {
    bool learner;
    std::vector<std::string> lines;
    std::string origin;  ///< where the compiler reported it, when moved to the learner's line
    std::string site;    ///< "file:line" of the learner's line it was moved to
    fs::path file;       ///< the file the compiler named
    std::optional<std::tuple<fs::path, int, int>> moved_to;
  };
  auto is_learner = [&](const fs::path& file) {
    for (const auto& f : learner_files)
      if (f.lexically_normal() == file) return true;
    return false;
  };
  std::vector<Error> errors;
  std::istringstream in(output);
  std::string line;
  Error* cur = nullptr;
  std::optional<std::tuple<fs::path, int, int>> pending;  // a learner site seen before the error
  // Moves an error raised inside library code to the learner's line that led to it.
  auto relocate = [&](Error& e, const fs::path& file, int ln, int col) {
    e.learner = true;
    e.moved_to = {file, ln, col};
    e.site = DisplayPath(file) + ":" + std::to_string(ln);
    const std::string message = e.lines.front().substr(e.lines.front().find(": error: ") + 9);
    e.lines = {DisplayPath(file) + ":" + std::to_string(ln) + ":" + std::to_string(col) + ": error: " + message};
    const std::string text = SourceLine(file, ln);
    if (!text.empty()) e.lines.push_back(fmt::format("{:>5} | {}", ln, text));
    e.lines.push_back("      (reported inside " + e.origin + ", instantiated from this line)");
  };
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, diag)) {
      const fs::path file = fs::path(m[1].str()).lexically_normal();
      const bool learner = is_learner(file);
      errors.push_back({learner, {DisplayPath(file) + ":" + m[2].str() + ":" + m[3].str() + ": error: " + m[5].str()},
                        learner ? "" : DisplayPath(file) + ":" + m[2].str(), "", file, std::nullopt});
      cur = &errors.back();
      // The site stays pending until the next "In instantiation of" header: gcc prints later
      // errors of the same instantiation without repeating it.
      if (!learner && pending) relocate(*cur, std::get<0>(*pending), std::get<1>(*pending), std::get<2>(*pending));
      continue;
    }
    if (std::regex_match(line, m, site)) {
      const fs::path file = fs::path(m[1].str()).lexically_normal();
      if (is_learner(file)) {
        const int ln = std::stoi(m[2].str()), col = std::stoi(m[3].str());
        if (m[4].str() == "required from here") pending = {file, ln, col};
        else if (!errors.empty() && !errors.back().learner && !errors.back().origin.empty())
          relocate(errors.back(), file, ln, col);
      }
      cur = nullptr;
      continue;
    }
    if (std::regex_match(line, m, header)) {
      pending.reset();
      cur = nullptr;
      continue;
    }
    // The source line and caret that gcc and clang print under a diagnostic.
    const bool context = !line.empty() && (line[0] == ' ' || std::isdigit(line[0])) &&
                         (line.find(" | ") != std::string::npos || line.find_first_not_of(" ~^") == std::string::npos ||
                          line.rfind("    ", 0) == 0);
    if (cur && cur->site.empty() && context && cur->lines.size() < 3) {
      cur->lines.push_back(line);
      continue;
    }
    cur = nullptr;
  }
  // An error in library code right after one that was traced to the learner's line, in the
  // same file, comes from the same instantiation (clang does not repeat the notes).
  for (size_t i = 1; i < errors.size(); ++i) {
    Error& e = errors[i];
    const Error& prev = errors[i - 1];
    if (!e.learner && prev.moved_to && prev.file == e.file)
      relocate(e, std::get<0>(*prev.moved_to), std::get<1>(*prev.moved_to), std::get<2>(*prev.moved_to));
  }
  // Errors moved to the same learner line are one mistake seen several times: keep the first.
  std::vector<Error> kept;
  for (auto& e : errors) {
    const bool repeat = !e.site.empty() && std::any_of(kept.begin(), kept.end(), [&](const Error& k) { return k.site == e.site; });
    if (!repeat) kept.push_back(std::move(e));
  }
  std::stable_partition(kept.begin(), kept.end(), [](const Error& e) { return e.learner; });
  std::vector<std::string> out;
  for (size_t i = 0; i < kept.size() && i < max_errors; ++i)
    out.insert(out.end(), kept[i].lines.begin(), kept[i].lines.end());
  if (kept.size() > max_errors)
    out.push_back("... and " + std::to_string(kept.size() - max_errors) + " more error(s) (--verbose shows all)");
  return out;
}

}  // namespace threadlings
