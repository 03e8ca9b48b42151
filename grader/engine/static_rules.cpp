#include "static_rules.h"

namespace threadlings {

const std::vector<StaticRule>& StaticRules() {
  static const std::vector<StaticRule> rules = {
      {"cv-wait-not-in-loop", StaticTool::kClangQuery, "cv-wait-not-in-loop",
       "a condition_variable wait without a predicate must sit in a loop that re-checks the "
       "condition (or pass the predicate: cv.wait(lock, [&] { return done_; }))",
       "[thread.condition] lets wait() return without any notify (a spurious wakeup), and another "
       "thread may change the state between the notify and the wake-up; this machine never woke "
       "spuriously during the run, but the standard allows it on every call"},
      {"cas-weak-not-in-loop", StaticTool::kClangQuery, "cas-weak-not-in-loop",
       "compare_exchange_weak must be retried in a loop until it succeeds or sees another value "
       "(outside a loop, use compare_exchange_strong)",
       "[atomics.types.operations] allows the weak form to fail spuriously, returning false while "
       "the value equals `expected`; x86-64's lock cmpxchg never does, so the run could not show "
       "it, but ARM and POWER do"},
      {"memory-order-consume", StaticTool::kClangQuery, "memory-order-consume",
       "do not use memory_order_consume: load with memory_order_acquire",
       "[atomics.order] consume orders only the reads that carry a dependency on the loaded value, "
       "and its use is discouraged (P0371); every compiler quietly treats it as acquire, so the "
       "run tested acquire, not what the code says"},
      {"async-without-launch-async", StaticTool::kClangQuery, "async-without-launch-async",
       "start std::async with exactly std::launch::async when the task must run on a thread of "
       "its own",
       "[futures.async] with the default policy (async | deferred) the implementation may defer "
       "the task until get() or wait() on the calling thread, so the work does not overlap and a "
       "wait_for loop never sees it ready; libstdc++ always starts a thread, so the run could not "
       "show it"},
      {"volatile-for-sync", StaticTool::kClangQuery, "volatile-for-sync",
       "volatile does not synchronise threads: use std::atomic, or a mutex around every access",
       "[intro.races] volatile makes an access neither atomic nor ordered between threads: on a "
       "plain variable two conflicting accesses are a data race (undefined behaviour) however the "
       "hardware performs them, and on an atomic it adds nothing the atomic does not already give "
       "(C++20 deprecates most volatile atomic operations)"},
      {"lock-temporary", StaticTool::kClangQuery, "lock-temporary",
       "a lock guard must be a named variable (std::lock_guard lock(m_);): a temporary unlocks at "
       "the end of its own statement",
       "[class.temporary] a temporary is destroyed at the end of the full-expression that creates "
       "it, so the mutex is locked and unlocked on that one line and the code after it runs "
       "unprotected; the run passed because no other thread hit that window"},
      {"lock-shadows-mutex", StaticTool::kCompilerWarning, "-Wvexing-parse",
       "`std::unique_lock<std::mutex>(m_);` declares a new, unlocked lock named m_ that hides the "
       "mutex: give the lock a name (std::unique_lock lock(m_);)",
       "[stmt.ambig] a statement that can be a declaration is a declaration, so T(m_); declares a "
       "default-constructed variable m_ of type T; nothing is locked, and the run passed because "
       "no other thread hit the unprotected code"},
      {"thread-detach", StaticTool::kClangQuery, "thread-detach",
       "do not detach() a thread that uses the object or the caller's local variables: keep it "
       "joinable and join it (or use std::jthread)",
       "[thread.thread.member] after detach() nothing can wait for the thread, so it may still run "
       "after the object or the locals it uses are destroyed (undefined behaviour) or after main "
       "returns; in the run those objects happened to outlive it"},
  };
  return rules;
}

const StaticRule* FindStaticRule(std::string_view id) {
  for (const auto& r : StaticRules())
    if (r.id == id) return &r;
  return nullptr;
}

const StaticRule* RuleForSource(std::string_view source) {
  for (const auto& r : StaticRules())
    if (r.source == source) return &r;
  return nullptr;
}

std::vector<std::string> StaticRuleIds() {
  std::vector<std::string> ids;
  for (const auto& r : StaticRules()) ids.emplace_back(r.id);
  return ids;
}

std::vector<std::string> StaticWarningFlags() {
  std::vector<std::string> flags;
  for (const auto& r : StaticRules())
    if (r.tool == StaticTool::kCompilerWarning) flags.emplace_back(r.source);
  return flags;
}

}  // namespace threadlings
