// Force-included (-include) into every exercise translation unit by the grader.
//
// libstdc++ 12 implements timed locking (timed_mutex::try_lock_for and friends) with
// pthread_mutex_clocklock / pthread_rwlock_clock*lock, which the ThreadSanitizer runtimes
// of gcc 12 and clang 14 do not intercept: every timed lock would be reported as a false
// data race. Turning the macros off makes libstdc++ fall back to the timedlock calls that
// TSan does understand. See ../shared/GRADING_NOTES.md, "False positives to design around".
#pragma once
#include <bits/c++config.h>
#undef _GLIBCXX_USE_PTHREAD_MUTEX_CLOCKLOCK
#undef _GLIBCXX_USE_PTHREAD_RWLOCK_CLOCKLOCK
