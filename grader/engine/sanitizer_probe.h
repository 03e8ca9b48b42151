// Proving that ThreadSanitizer works before anything is graded: a tiny racy canary must
// start and report its race. If it cannot start with address-space randomisation on (as on
// kernels with vm.mmap_rnd_bits > 28), it is tried again with randomisation off.
#pragma once

#include <functional>
#include <string>

#include "kit.h"
#include "process.h"

namespace threadlings {

/// Runs a process; RunProcess in real use, a fake in tests.
using ProcessRunner = std::function<ProcessResult(const ProcessSpec&)>;

/// What the probe found.
struct ProbeResult {
  bool ok = false;       ///< TSan works (possibly only with no_aslr)
  bool no_aslr = false;  ///< checks must run with address-space randomisation off
  std::string note;      ///< for the user, when no_aslr
  std::string error;     ///< when !ok: what the canary said, and what to do
};

/// Runs the canary binary with `tsan_options` (its log goes to `log_dir`/tsan.*).
ProbeResult ProbeSanitizer(const fs::path& canary, const fs::path& log_dir,
                           const std::string& compiler, const ProcessRunner& run);

/// ProbeSanitizer once per canary binary (its path and modification time) in this process:
/// the watch loop verifies after every save, and the answer does not change while the binary
/// does not (30 ms per save). Only a working sanitizer is remembered; a failure, or a canary
/// whose time cannot be read, is probed again next time. Thread-safe.
ProbeResult ProbeSanitizerOnce(const fs::path& canary, const fs::path& log_dir,
                               const std::string& compiler, const ProcessRunner& run);

}  // namespace threadlings
