// What a graded submission's compile may read, decided from the files the preprocessor
// actually opened (its dependency output), never from the source text: the compiler's own
// include folders, the exercise's and the submission's folders, and the kit's support/.
#pragma once

#include <string>
#include <vector>

#include "build.h"
#include "sandbox.h"

namespace threadlings {

/// The compiler's own include folders (what `cxx -E -v` lists), resolved; asked once per compiler.
std::vector<fs::path> CompilerIncludeDirs(const std::string& cxx);

/// The files a make-syntax depfile names after its target, unescaped, in order.
std::vector<std::string> DepfileFiles(const std::string& text);

/// Whether `file`, with symbolic links and `..` resolved, lies inside one of `roots` (resolved too).
bool InsideAny(const fs::path& file, const std::vector<fs::path>& roots);

/// Whether a compiler's output says it ran out of memory: g++'s "virtual memory exhausted" and
/// "out of memory allocating", clang++'s "LLVM ERROR: out of memory".
bool SaysOutOfMemory(const std::string& output);

/// Why a graded variant may not be compiled; `refused` false when it may.
struct IncludeRefusal {
  bool refused = false;
  std::string summary;               ///< one line, naming the file or the limit
  std::vector<std::string> details;  ///< each file refused, and the rule
};

/// How long the preprocessor may take over one source of a graded submission.
inline constexpr int kPreprocessSeconds = 30;

/// Runs the preprocessor over each source of the variant (BuildTree::DependencyCommand) in the
/// sandbox of `limits`, with a time limit, a memory limit (the cgroup's and RLIMIT_AS), an
/// output cap and a file-size cap, its depfiles in `work_dir`. Refuses the variant when a file
/// it opened lies outside CompilerIncludeDirs and KitIncludeRoots, or when preprocessing
/// passed a limit or ended without a depfile. The preprocessor's output is never passed on
/// (it may quote the refused file).
IncludeRefusal CheckIncludes(const BuildTree& tree, const Exercise& e, const Variant& v, const SandboxLimits& limits,
                             const fs::path& work_dir);

}  // namespace threadlings
