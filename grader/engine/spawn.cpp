#include "spawn.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>

extern char** environ;

namespace threadlings {
namespace {

std::vector<std::string> BuildEnv(const ProcessSpec& spec) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    const std::string key = entry.substr(0, entry.find('='));
    bool drop = spec.env.count(key) > 0;
    for (const auto& u : spec.unset_env) drop = drop || u == key;
    if (!drop) env.push_back(entry);
  }
  for (const auto& [k, v] : spec.env) env.push_back(k + "=" + v);
  return env;
}

// What failed in the child before exec, reported with its errno.
enum ChildStep : int { kStepChdir = 1, kStepExec, kStepCgroup, kStepNamespaces, kStepHideDebugInfo };

[[noreturn]] void ChildFailed(int err_fd, int step) {
  const int report[2] = {errno, step};
  (void)!write(err_fd, report, sizeof report);
  _exit(127);
}

// In the child, after fork(): set up and exec; reports errno and the step through `err_fd`
// on failure.
[[noreturn]] void ExecChild(const ProcessSpec& spec, const std::vector<std::string>& env,
                            int out_fd, int err_fd, const CgroupJail* jail, bool hide_debug_info) {
  setpgid(0, 0);
  if (jail && !jail->Join()) ChildFailed(err_fd, kStepCgroup);
  if (spec.sandbox.enabled) {
    const char* step = "";
    if (const int e = EnterSandboxNamespaces(spec.sandbox, &step, hide_debug_info); e != 0) {
      errno = e;
      ChildFailed(err_fd, kStepNamespaces);
    }
    ApplySandboxRlimits(spec.sandbox);
  } else if (hide_debug_info) {
    // -1: not hidden, but the process is as it was: run it so.
    if (const int e = HideSystemDebugInfo(); e > 0) {
      errno = e;
      ChildFailed(err_fd, kStepHideDebugInfo);
    }
  }
  signal(SIGPIPE, SIG_DFL);
  int devnull = open("/dev/null", O_RDONLY);
  if (devnull >= 0) dup2(devnull, 0);
  dup2(out_fd, 1);
  dup2(out_fd, 2);
  rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  if (spec.no_aslr) personality(ADDR_NO_RANDOMIZE);
  if (!spec.cwd.empty() && chdir(spec.cwd.c_str()) != 0) ChildFailed(err_fd, kStepChdir);
  std::vector<char*> argv, envp;
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  execvpe(argv[0], argv.data(), envp.data());
  ChildFailed(err_fd, kStepExec);
}


// `name` as execvp would find it: itself when it holds a '/', else the first match in $PATH.


// A user of its own, when we are root and it can reach its program; it owns its run folder.
// (When it cannot, `grade` has already reported the protection as not in force.)
bool GiveOwnUser(const ProcessSpec& spec, ProcessSpec* sandboxed, std::string* error) {
  std::string why;
  if (!spec.sandbox.separate_user || geteuid() != 0 || !SandboxUserCanRun(FindInPath(spec.argv[0]), &why))
    return true;
  sandboxed->sandbox.uid = NextSandboxUid();
  sandboxed->sandbox.gid = sandboxed->sandbox.uid;
  for (const auto& w : sandboxed->sandbox.writable)
    if (chown(w.c_str(), sandboxed->sandbox.uid, sandboxed->sandbox.gid) != 0) {
      *error = "cannot hand the folder " + w + " to the check's user: " + std::strerror(errno);
      return false;
    }
  return true;
}

}  // namespace

std::string FindInPath(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return name;
}

// Fills `c` for `spec`; false with `*error` when the sandbox cannot be set up.
bool Confine(const ProcessSpec& spec, Confinement* c, std::string* error) {
  c->run = &spec;
  if (!spec.sandbox.enabled) return true;
  const SandboxSupport& support = ProbeSandbox();
  c->sandboxed = spec;
  c->sandboxed.sandbox.read_only_fs = spec.sandbox.read_only_fs && support.mountns;
  c->sandboxed.sandbox.no_network = spec.sandbox.no_network && support.netns;
  c->run = &c->sandboxed;
  if (!GiveOwnUser(spec, &c->sandboxed, error)) return false;
  if (support.cgroup != SandboxSupport::Cgroup::kNone && (spec.sandbox.memory_bytes > 0 || spec.sandbox.pids > 0)) {
    std::string err;
    if (!c->jail.Create(spec.sandbox, &err)) {
      *error = "cannot set up the sandbox: " + err;
      return false;
    }
    c->jailed = true;
  }
  return true;
}

// Forks the child, which sets itself up and execs; false with `*error` when it cannot fork.
bool Fork(const Confinement& c, Child* child, std::string* error) {
  const std::vector<std::string> env = BuildEnv(*c.run);
  int out[2] = {-1, -1}, err[2] = {-1, -1};
  // On failure, the pipes made so far are closed (errno kept for the message).
  const auto fail = [&](const char* what) {
    *error = what + std::string(std::strerror(errno));
    for (const int fd : {out[0], out[1], err[0], err[1]})
      if (fd >= 0) close(fd);
    return false;
  };
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) return fail("cannot create a pipe: ");
  // Probed (once) before the fork: the child may only make async-signal-safe calls.
  const bool hide_debug_info = c.run->hide_system_debug_info && CanHideSystemDebugInfo();
  const pid_t pid = fork();
  if (pid < 0) return fail("cannot fork: ");
  if (pid == 0) ExecChild(*c.run, env, out[1], err[1], c.jailed ? &c.jail : nullptr, hide_debug_info);
  setpgid(pid, pid);  // also in the parent, so the group exists before we could kill it
  close(out[1]);
  close(err[1]);
  *child = {pid, out[0], err[0]};
  return true;
}

// Waits until the child has exec'd; false with `*error` (the step that failed, and why) when
// it could not.
bool AwaitExec(const ProcessSpec& spec, const Child& child, std::string* error) {
  int failure[2] = {0, 0};
  if (read(child.failure, failure, sizeof failure) == sizeof failure) {
    close(child.failure);
    close(child.out);
    waitpid(child.pid, nullptr, 0);
    const char* what = failure[1] == kStepChdir        ? "cannot enter the folder '"
                       : failure[1] == kStepCgroup     ? "cannot put into its cgroup '"
                       : failure[1] == kStepNamespaces ? "cannot set up the sandbox's namespaces for '"
                       : failure[1] == kStepHideDebugInfo
                           ? "cannot hide /usr/lib/debug (a user and mount namespace) for '"
                                                       : "cannot run '";
    *error = what + (failure[1] == kStepChdir ? spec.cwd : spec.argv[0]) + "': " + std::strerror(failure[0]);
    return false;
  }
  close(child.failure);
  fcntl(child.out, F_SETFL, O_NONBLOCK);
  return true;
}

}  // namespace threadlings
