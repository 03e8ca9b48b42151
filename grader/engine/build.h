// Building exercise checks with ThreadSanitizer: the compiler, and a generated ninja file
// that makes builds incremental (one exercise's edit rebuilds that exercise only).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "compile_errors.h"
#include "kit.h"
#include "process.h"

namespace threadlings {

/// The C++ compiler the checks are built with.
struct Toolchain {
  std::string cxx;      ///< command, e.g. "g++" or "/usr/bin/clang++-14"
  std::string id;       ///< short tag for build folders: "gcc-12", "clang-14"
  std::string version;  ///< first line of `cxx --version`
};

/// Finds `cxx` and asks it for its version; false with a message naming the Debian package
/// to install when it is missing or cannot compile with ThreadSanitizer.
bool DetectToolchain(const std::string& cxx, Toolchain* out, std::string* err);

/// The compiler used when none is given: $THREADLINGS_CXX, else the one threadlings was built with.
std::string DefaultCompiler();

/// Which folder supplies the learner's edited files of an exercise.
struct Variant {
  std::string tag;   ///< "work" (the learner's copy), "pristine", "solution", "mutant-<name>"
  fs::path files;    ///< folder holding the edited files
};

/// The variants of an exercise the kit ships: work, pristine, solution, and each mutant.
std::vector<Variant> KitVariants(const Kit& kit, const Exercise& e);
/// The learner's working copy.
Variant WorkVariant(const Exercise& e);

/// Result of running ninja.
struct BuildOutcome {
  bool ok = false;
  bool infrastructure = false;  ///< the failure is the kit's or the machine's, not the learner's
  std::string output;           ///< ninja's and the compiler's output
  std::string limit;            ///< which limit of a confined compile stopped it ("its time limit (300 s)"), or empty
};

/// The limits a graded submission's compile runs under (BuildTree::ConfineCompiles).
struct CompileLimits {
  std::chrono::seconds wall{300};        ///< the whole ninja run; past it, the learner's compile-error
  uint64_t memory_bytes = uint64_t(2) << 30;  ///< RLIMIT_AS of each compiler, assembler and linker process
  uint64_t file_size = uint64_t(256) << 20;   ///< RLIMIT_FSIZE: the largest object or binary it may write
  size_t output_cap = 1 << 20;           ///< bytes of the compiler's output kept
};

/// A build folder for one toolchain: <state>/build/<toolchain id>/.
class BuildTree {
 public:
  BuildTree(const Kit& kit, Toolchain toolchain);

  /// Writes build.ninja (only when its content changed) covering `variants` of each exercise.
  bool Generate(const std::vector<std::pair<const Exercise*, Variant>>& targets, std::string* err);

  /// From now on, Build (not BuildSupport) runs ninja in the sandbox of `sandbox` (its cgroup,
  /// network and pids settings; memory and files per process from `limits`), so that a compile
  /// past a limit is the learner's compile-error saying which, and nothing of it is left running.
  void ConfineCompiles(const SandboxLimits& sandbox, const CompileLimits& limits);

  /// Builds GoogleTest, the check main and the canary (failures are the grader's errors).
  BuildOutcome BuildSupport();
  /// Whether the support code has been built in this folder (the first build takes a while).
  bool SupportIsBuilt() const;

  /// Builds the check binaries of these targets; with keep_going, builds all it can. Whether
  /// a binary is up to date is decided by content, not by mtime: a binary whose inputs'
  /// digest (InputsDigest) differs from the one recorded when it was built is rebuilt, and a
  /// target whose inputs changed while it was being built is built again, so a binary is
  /// always built from the bytes on disk when its last build started.
  BuildOutcome Build(const std::vector<std::pair<const Exercise*, Variant>>& targets,
                     bool keep_going = false);

  /// Writes `file` (a compile_commands.json) for the learner's copy of every exercise, with
  /// the flags the checks are built with, so that clangd (VS Code, CLion, Vim, Emacs) opens an
  /// exercise as the grader compiles it. Rewritten only when its content changes.
  bool WriteCompileCommands(const fs::path& file, std::string* err) const;

  /// A digest of everything a check binary is built from: the compiler and its flags, every
  /// file of the exercise folder and of the variant's folder, and the support code.
  std::string InputsDigest(const Exercise& e, const Variant& v) const;

  fs::path Binary(const Exercise& e, const Variant& v) const;
  fs::path RunDir(const Exercise& e, const Variant& v) const;
  fs::path Canary() const { return dir_ / "support" / "canary"; }
  const fs::path& dir() const { return dir_; }
  const Toolchain& toolchain() const { return toolchain_; }

  /// The sources compiled into a variant's check: the edited ones from the variant's folder,
  /// the others from the exercise's.
  std::vector<fs::path> Sources(const Exercise& e, const Variant& v) const;
  /// The preprocessor's command listing (make syntax, in `depfile`) every file that compiling
  /// `source` of this variant opens, with the checks' flags and includes; nothing is compiled.
  std::vector<std::string> DependencyCommand(const Exercise& e, const Variant& v, const fs::path& source,
                                             const fs::path& depfile) const;
  /// The kit's folders a check's sources may include from: the exercise's, the variant's,
  /// support/ and GoogleTest's headers (the compiler's own come from CompilerIncludeDirs).
  std::vector<fs::path> KitIncludeRoots(const Exercise& e, const Variant& v) const;

  /// The compile flags every check is built with.
  std::string CompileFlags() const;
  bool IsClang() const;
  std::string PchSource() const;

 private:
  BuildOutcome RunNinja(const std::vector<std::string>& targets, bool keep_going, bool confined);
  std::string TargetName(const Exercise& e, const Variant& v) const;
  /// Where the digest of a binary's inputs is recorded after a build from them succeeded.
  fs::path StampPath(const Exercise& e, const Variant& v) const;
  /// Removes a target's objects and binary, so that ninja must build them again.
  void Invalidate(const Exercise& e, const Variant& v) const;
  /// build.ninja's lines for the support objects and the precompiled header.
  void WriteSupportBuilds(std::ostream& n) const;

  const Kit& kit_;
  Toolchain toolchain_;
  fs::path dir_;
  SandboxLimits compile_sandbox_;  ///< enabled: Build's ninja runs confined
  CompileLimits compile_limits_;
};

}  // namespace threadlings
