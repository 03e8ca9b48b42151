// The cgroup folders this grader made, removed when it ends: at a normal exit (std::atexit) and
// when it is interrupted (Ctrl-C, SIGTERM, SIGHUP: the interrupt handler of process.cpp). The
// list lives in fixed buffers of static storage that are never destroyed, so the removal reads
// nothing freed at exit and is safe in a signal handler.
#pragma once

#include <string>

namespace threadlings {

/// Adds a cgroup folder to remove when the grader ends (a parent, or one check's). False when
/// the list is full or the path too long: then it is only removed by whoever made it.
bool TrackCgroup(const std::string& dir);

/// Takes a folder off the list (it was removed, or is about to be).
void UntrackCgroup(const std::string& dir);

/// Kills what is left in the listed folders and removes them, children before parents,
/// waiting at most about a second for killed processes to go. Async-signal-safe.
void RemoveTrackedCgroups();

}  // namespace threadlings
