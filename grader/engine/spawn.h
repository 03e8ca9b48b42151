// Starting a child for RunProcess: its confinement (the sandbox as far as this machine allows
// it, and its cgroup), the fork, the set-up in the child before exec, and the child's report of
// a step that failed there.
#pragma once

#include <sys/types.h>

#include <string>

#include "process.h"
#include "sandbox.h"

namespace threadlings {

/// The sandbox as far as this machine allows it (DescribeSandbox reports the rest): the spec
/// that runs, and the cgroup that holds it.
struct Confinement {
  const ProcessSpec* run = nullptr;  ///< the caller's spec, or `sandboxed`
  ProcessSpec sandboxed;             ///< the caller's, with what this machine cannot do turned off
  CgroupJail jail;
  bool jailed = false;               ///< `jail` was created and the child joins it
};

/// The program `name` as found in PATH: `name` itself when it holds a '/' or is not there.
std::string FindInPath(const std::string& name);

/// Fills `c` for `spec`; false with `*error` when the sandbox cannot be set up.
bool Confine(const ProcessSpec& spec, Confinement* c, std::string* error);

/// A child forked, in a process group of its own.
struct Child {
  pid_t pid = -1;    ///< also its process group's id
  int out = -1;      ///< the read end of its stdout and stderr
  int failure = -1;  ///< the read end of its report of a step that failed before exec
};

/// Forks the child, which sets itself up and execs `c.run`; false with `*error` when it
/// cannot fork.
bool Fork(const Confinement& c, Child* child, std::string* error);

/// Waits until the child has exec'd; false with `*error` (the step that failed, and why) when
/// it could not, its pipes closed and it reaped. On success `child.out` is non-blocking.
bool AwaitExec(const ProcessSpec& spec, const Child& child, std::string* error);

}  // namespace threadlings
