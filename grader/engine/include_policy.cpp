#include "include_policy.h"

#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <sstream>

#include "process.h"

namespace threadlings {
namespace {

constexpr const char* kRule =
    "a graded file may include only the standard library and the compiler's own headers, the "
    "exercise's own files and the kit's support/ folder; any other file (another path, /dev/*, ../, "
    "the kit's solutions, another student's files) is refused before compiling, decided from the "
    "files the preprocessor opened";

fs::path Resolved(const fs::path& p) {
  std::error_code ec;
  fs::path r = fs::weakly_canonical(p, ec);
  return ec ? p.lexically_normal() : r;
}

// The folders listed between "search starts here:" and "End of search list." in `cxx -v`'s output.
std::vector<fs::path> ParseSearchList(const std::string& output) {
  std::vector<fs::path> dirs;
  std::istringstream lines(output);
  bool in_list = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.find("search starts here:") != std::string::npos) in_list = true;
    else if (line.rfind("End of search list.", 0) == 0) in_list = false;
    else if (in_list && !line.empty() && line[0] == ' ') {
      std::string dir = line.substr(1);
      if (const size_t at = dir.find(" (framework directory)"); at != std::string::npos) dir.resize(at);
      dirs.push_back(Resolved(dir));
    }
  }
  return dirs;
}

// The ProcessSpec of one preprocessor run: the sandbox's limits, a time limit, and no user of
// its own (it must read the staged files and the kit as the grader does).
ProcessSpec PreprocessSpec(std::vector<std::string> argv, const SandboxLimits& limits, const fs::path& work_dir) {
  ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.cwd = work_dir.string();
  spec.timeout = std::chrono::seconds(kPreprocessSeconds);
  spec.output_cap = 64 << 10;
  spec.sandbox = limits;
  spec.sandbox.enabled = true;
  spec.sandbox.writable = {work_dir.string()};
  spec.sandbox.cpu_seconds = kPreprocessSeconds;
  spec.sandbox.file_size = 16 << 20;  // a depfile
  spec.sandbox.separate_user = false;
  if (spec.sandbox.memory_bytes == 0) spec.sandbox.memory_bytes = uint64_t(2) << 30;
  spec.sandbox.address_space = spec.sandbox.memory_bytes;
  if (spec.sandbox.pids == 0) spec.sandbox.pids = 64;
  return spec;
}

// Which limit stopped a preprocessor run, or "" when none did.
std::string LimitPassed(const ProcessResult& p, const ProcessSpec& spec) {
  if (p.timed_out) return fmt::format("its time limit ({} s)", kPreprocessSeconds);
  if (p.memory_limit_hit || p.signal == SIGKILL || SaysOutOfMemory(p.output))
    return "its memory limit (" + FormatBytes(spec.sandbox.memory_bytes) + ")";
  if (p.signal == SIGXCPU) return fmt::format("its CPU-time limit ({} s)", kPreprocessSeconds);
  if (p.signal == SIGXFSZ) return "its file-size limit (" + FormatBytes(spec.sandbox.file_size) + ")";
  return "";
}

IncludeRefusal Refuse(std::string summary, std::vector<std::string> details, bool name_the_rule = true) {
  if (name_the_rule) details.push_back(std::string("the rule: ") + kRule);
  return {true, std::move(summary), std::move(details)};
}

}  // namespace

bool SaysOutOfMemory(const std::string& output) {
  for (const char* words : {"out of memory", "memory exhausted", "Cannot allocate memory", "std::bad_alloc"})
    if (output.find(words) != std::string::npos) return true;
  return false;
}

std::vector<fs::path> CompilerIncludeDirs(const std::string& cxx) {
  static std::mutex mutex;
  static std::map<std::string, std::vector<fs::path>> cache;
  std::lock_guard lock(mutex);
  if (auto it = cache.find(cxx); it != cache.end()) return it->second;
  ProcessSpec spec;
  spec.argv = {cxx, "-std=c++20", "-E", "-x", "c++", "-v", "/dev/null"};
  spec.timeout = std::chrono::seconds(30);
  return cache[cxx] = ParseSearchList(RunProcess(spec).output);
}

std::vector<std::string> DepfileFiles(const std::string& text) {
  std::vector<std::string> files;
  const size_t colon = text.find(": ");
  std::string word;
  auto flush = [&] {
    if (!word.empty()) files.push_back(word);
    word.clear();
  };
  for (size_t i = colon == std::string::npos ? text.size() : colon + 2; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' && i + 1 < text.size() && (text[i + 1] == '\n' || text[i + 1] == '\r')) {
      flush();
      ++i;
    } else if (c == '\\' && i + 1 < text.size() && (text[i + 1] == ' ' || text[i + 1] == '#' || text[i + 1] == '\\')) {
      word += text[++i];
    } else if (c == '$' && i + 1 < text.size() && text[i + 1] == '$') {
      word += text[++i];
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      flush();
    } else {
      word += c;
    }
  }
  flush();
  return files;
}

bool InsideAny(const fs::path& file, const std::vector<fs::path>& roots) {
  const std::string f = Resolved(file).string();
  return std::any_of(roots.begin(), roots.end(), [&](const fs::path& root) {
    std::string r = Resolved(root).string();
    if (r.empty()) return false;
    if (r.back() != '/') r += '/';
    return f.rfind(r, 0) == 0;
  });
}

IncludeRefusal CheckIncludes(const BuildTree& tree, const Exercise& e, const Variant& v, const SandboxLimits& limits,
                             const fs::path& work_dir) {
  std::vector<fs::path> roots = CompilerIncludeDirs(tree.toolchain().cxx);
  for (const auto& r : tree.KitIncludeRoots(e, v)) roots.push_back(r);
  std::error_code ec;
  fs::create_directories(work_dir, ec);
  std::vector<std::string> outside;
  for (const fs::path& source : tree.Sources(e, v)) {
    const fs::path depfile = work_dir / (source.filename().string() + ".d");
    fs::remove(depfile, ec);
    const ProcessSpec spec = PreprocessSpec(tree.DependencyCommand(e, v, source, depfile), limits, work_dir);
    const ProcessResult p = RunProcess(spec);
    if (!p.started) continue;  // no compiler: the build says so
    if (const std::string limit = LimitPassed(p, spec); !limit.empty())
      return Refuse("the compile was stopped: preprocessing " + source.filename().string() + " went past " + limit,
                    {"an #include of a device such as /dev/zero, of a file that never ends, or of a header "
                     "that includes itself without end does this"},
                    /*name_the_rule=*/false);
    std::string text;
    if (!ReadFile(depfile, &text))
      return Refuse("the compile was stopped: the preprocessor ended (" + DescribeEnding(p, spec) +
                        ") before it listed the files " + source.filename().string() + " includes",
                    {});
    for (const std::string& f : DepfileFiles(text)) {
      const fs::path path = fs::path(f).is_absolute() ? fs::path(f) : work_dir / f;
      if (!fs::exists(path, ec)) continue;  // a header that is missing (-MG): the compile says so
      if (!InsideAny(path, roots) && std::find(outside.begin(), outside.end(), f) == outside.end()) outside.push_back(f);
    }
  }
  if (outside.empty()) return {};
  std::vector<std::string> details;
  for (const auto& f : outside) details.push_back("refused: the preprocessor opened '" + Resolved(f).string() + "'");
  return Refuse("the code includes a file from outside the exercise: " + Resolved(outside.front()).string(),
                std::move(details));
}

}  // namespace threadlings
