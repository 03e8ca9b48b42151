// Frames ThreadSanitizer could not place. g++'s ThreadSanitizer symbolises with its built-in
// libbacktrace, which names some functions of the learner's headers (an inline function
// started by std::thread, a vector made inside one) without their file: "sum_slice(...)
// <null> (check+0xe2e8)". llvm-symbolizer reads the same debug information correctly (binutils'
// addr2line 2.40 does not: it names the wrong file of a DWARF 5 line table), so those frames
// are asked again, and the learner's line is shown instead of "outside your files".
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "process.h"

namespace threadlings {

namespace fs = std::filesystem;

/// `log` (ThreadSanitizer's report text) with every frame of `binary` that has no file
/// ("<null>") replaced by what llvm-symbolizer says of its address: the frame itself and the
/// frames inlined into it, innermost first, in ThreadSanitizer's own format. Frames it cannot
/// place, and every other line, are kept as they are, as is the whole log without
/// llvm-symbolizer (Debian package llvm-14). `limits` is the sandbox it runs in (the binary is
/// the learner's; off outside `grade`).
std::string SymbolizeMissingFrames(const std::string& log, const fs::path& binary, const std::string& symbolizer,
                                   const SandboxLimits& limits = {},
                                   const std::function<ProcessResult(const ProcessSpec&)>& run = RunProcess);

/// llvm-symbolizer's path (the -14 name first), or "" when it is not installed.
std::string FindSymbolizer();

}  // namespace threadlings
