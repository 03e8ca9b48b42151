// The sandbox for untrusted code (`threadlings grade`): resource limits, a cgroup for memory
// and processes, no network, and a read-only view of the filesystem outside the check's own
// folder. What this machine allows is probed once; what cannot be applied is reported, never
// pretended.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace threadlings {

/// One protection of the sandbox and whether it is in force on this machine.
struct Protection {
  std::string name;    ///< stable: "wall-clock", "cpu-time", "no-core-files", "output-cap",
                       ///< "process-group-kill", "memory", "pids", "network", "filesystem"
  bool in_force = false;
  std::string detail;  ///< the limit ("2 GiB (cgroup v1)"), or why it is not in force
};

/// Limits for one sandboxed process. RLIMIT_AS and RLIMIT_DATA are never used: ThreadSanitizer
/// reserves terabytes of address space and cannot start under either.
struct SandboxLimits {
  bool enabled = false;
  double cpu_seconds = 0;        ///< RLIMIT_CPU of each process; 0: the engine derives it from the check's timeout
  uint64_t memory_bytes = 0;     ///< cgroup memory limit (swap included); 0: none
  int pids = 0;                  ///< cgroup cap on processes and threads; 0: none
  uint64_t file_size = 0;        ///< RLIMIT_FSIZE: the largest file it may write; 0: none
  /// RLIMIT_AS, for the compiler only (a graded submission's preprocessor run, where no cgroup
  /// may hold it); never for a ThreadSanitizer program. 0: none
  uint64_t address_space = 0;
  bool no_network = true;        ///< a new, empty network namespace
  bool read_only_fs = true;      ///< a mount namespace: everything read-only but `writable`, a private /tmp
  std::vector<std::string> writable;  ///< folders it may write (its run folder)
  bool separate_user = true;     ///< when threadlings runs as root: run as a user of its own
  uid_t uid = 0;                 ///< set by RunProcess: the user it runs as (0: no switch)
  gid_t gid = 0;
};

/// The CPU-time limit for a check with this wall-clock timeout: every core busy for the whole
/// timeout, plus 5 s. Never tighter than the wall clock, so a correct check on a machine with
/// many cores is not cut short; it bounds a check that outlives its grader (killed mid-run).
double SandboxCpuSeconds(double timeout_seconds);

/// A fresh user id for one sandboxed check (no account needed; far above real ones).
uid_t NextSandboxUid();

/// Whether a user of its own can read and execute `file` (every parent folder must be
/// searchable by others); `*why` says what to do when not. Cached per folder.
bool SandboxUserCanRun(const std::string& file, std::string* why);

/// What this machine lets threadlings do, probed once (ProbeSandbox).
struct SandboxSupport {
  enum class Cgroup { kNone, kV1, kV2 };
  Cgroup cgroup = Cgroup::kNone;
  std::string memory_parent;  ///< folder under which check cgroups with a memory controller are made
  std::string pids_parent;    ///< the same for pids (equal to memory_parent for v2)
  std::string cgroup_note;    ///< why there is no cgroup, or which one is used
  bool netns = false;
  std::string netns_note;
  bool mountns = false;
  std::string mountns_note;
};

/// Probes the machine (cached after the first call; safe from one thread at a time).
const SandboxSupport& ProbeSandbox();

/// The protections in force for `limits` on this machine, for reports (--sandbox-report and
/// the JSON result). `wall_seconds` and `output_cap` are the watchdog's, for completeness.
std::vector<Protection> DescribeSandbox(const SandboxLimits& limits, double wall_seconds,
                                        size_t output_cap);

/// A cgroup (v1: one per controller) holding one sandboxed process and everything it starts.
class CgroupJail {
 public:
  CgroupJail() = default;
  CgroupJail(const CgroupJail&) = delete;
  CgroupJail& operator=(const CgroupJail&) = delete;
  ~CgroupJail();

  /// Creates the cgroup(s) with these limits; false with a message if it cannot. The file
  /// descriptors of cgroup.procs are opened here, so the child only writes to them.
  bool Create(const SandboxLimits& limits, std::string* err);
  /// In the child after fork(): moves the calling process in. Async-signal-safe.
  bool Join() const;
  /// Kills every process in it and waits until it is empty (reaping what we can reap).
  void KillAll();
  /// After KillAll: whether the memory limit was hit (an OOM kill) or the pids cap refused a fork.
  bool HitMemoryLimit() const;
  bool HitPidsLimit() const;
  /// Removes the cgroup folders (also done by the destructor).
  void Remove();

 private:
  std::vector<std::string> dirs_;  ///< the cgroup folders (one for v2, up to two for v1)
  std::vector<int> procs_fds_;     ///< their cgroup.procs, opened for writing
  std::string memory_dir_, pids_dir_;
  bool v2_ = false;
};

/// In the child after fork(), before exec: the namespaces and the read-only filesystem, then
/// every capability dropped (so that root cannot undo them). Returns 0, or the errno of the
/// step that failed (and `*step` names it). With `hide_debug_info`, kSystemDebugDir is hidden
/// too where a mount namespace is made (see HideSystemDebugInfo). Async-signal-safe.
int EnterSandboxNamespaces(const SandboxLimits& limits, const char** step, bool hide_debug_info = false);

/// Detached debug information of system libraries (Debian's libc6-dbg, which valgrind pulls
/// in, and other -dbg packages).
inline constexpr const char* kSystemDebugDir = "/usr/lib/debug";

/// Whether processes can run with kSystemDebugDir hidden (RunProcess asks it before it hides
/// the folder for a ProcessSpec that wants it); probed once. False when the folder is
/// absent or empty (nothing to hide), or when this machine allows neither a mount namespace
/// (root) nor a user namespace (everyone else).
///
/// Why: g++'s ThreadSanitizer symbolises a report with libbacktrace, which reads the debug
/// information of every loaded library before it prints the first frame. With libc6-dbg
/// installed that is about 0.13 s of each failing check (measured: 0.17 s against 0.04 s for
/// exercise 01), spent on libc frames that no verdict shows. gdb, which does show libc frames
/// for a hung check, runs outside and still sees the folder.
bool CanHideSystemDebugInfo();

/// In the child after fork(), before exec: a private mount namespace (inside a user namespace
/// that maps only the caller's own uid and gid, when not root) in which kSystemDebugDir is an
/// empty read-only tmpfs. Returns 0 when done; -1 when it could not be hidden but the process
/// is as usable as before (go on without it); otherwise the errno of writing the user
/// namespace's id maps, after which the process is not usable. Async-signal-safe.
int HideSystemDebugInfo();

/// Sets the resource limits (CPU, file size). Async-signal-safe.
void ApplySandboxRlimits(const SandboxLimits& limits);

/// "2 GiB", "512 MiB".
std::string FormatBytes(uint64_t bytes);

}  // namespace threadlings
