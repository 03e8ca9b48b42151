// The sandbox's cgroups, shared by the probe (ProbeSandbox) and the jail (CgroupJail): a parent
// cgroup of this grader's own, made once, under which each check gets one.
#pragma once

#include "sandbox.h"

namespace threadlings {

/// Finds a usable cgroup (v2, else v1's memory and pids hierarchies) and makes this grader's
/// parent cgroup(s) in it; fills s->cgroup, the parents and s->cgroup_note. The parents are
/// removed when the grader ends (cgroup_cleanup.h).
void ProbeCgroups(SandboxSupport* s);

}  // namespace threadlings
