#include "verdict.h"

#include <array>

namespace threadlings {
namespace {

struct Info {
  Verdict verdict;
  std::string_view name;
  int exit_code;
  std::string_view explanation;
  std::string_view next;
};

// Exit codes: 0 pass, 1 for every learner-side failure class, distinct codes would make
// shell use awkward; the verdict name is the machine-readable part. 2 is reserved for bad
// command-line usage (CLI11), 3 for the grader's own errors.
constexpr std::array<Info, 14> kInfo = {{
    {Verdict::kPass, "pass", 0, "Every check passed and ThreadSanitizer reported nothing.",
     "Move on to the next exercise."},
    {Verdict::kCompileError, "compile-error", 1, "The compiler rejected the code.",
     "Fix the first error shown; later errors often follow from it."},
    {Verdict::kDataRace, "data-race", 1,
     "Two threads accessed the same memory, at least one of them wrote, and nothing ordered "
     "the two accesses (no common lock, no atomic, no happens-before). In C++ that is "
     "undefined behaviour.",
     "Find the shared state at the lines shown and make every access to it synchronised: one "
     "mutex held around each access, or std::atomic."},
    {Verdict::kLockOrderInversion, "lock-order-inversion", 1,
     "Two threads take the same locks in opposite orders. This run did not hang, but with "
     "unlucky timing each thread holds one lock and waits forever for the other.",
     "Take both locks in one call (std::scoped_lock), or always in one global order."},
    {Verdict::kDeadlock, "deadlock", 1,
     "The program stopped making progress: its threads were blocked, waiting on each other "
     "(or on a wakeup that never comes), until the time limit.",
     "Look at what each thread is waiting for in the stacks; check lock order and every "
     "condition-variable wait (is there a predicate, is the notify after the state change?)."},
    {Verdict::kLivelock, "livelock", 1,
     "The threads kept running but made no progress: they keep reacting to each other "
     "instead of finishing.",
     "Break the symmetry: take resources in one order, or back off by different amounts."},
    {Verdict::kStarvation, "starvation", 1,
     "A thread waited far longer than the fairness bound while others kept getting the "
     "resource.",
     "Make the policy fair: once a waiter is queued, newcomers must not keep overtaking it."},
    {Verdict::kThreadLeak, "thread-leak", 1,
     "Threads were still running (or never joined) after the object that started them was "
     "gone.",
     "Give every thread an owner that stops it and joins it: signal stop, wake it, join() in "
     "the destructor (or use std::jthread)."},
    {Verdict::kCrash, "crash", 1,
     "The program died: a signal, or std::terminate (an exception escaped a thread, or a "
     "joinable std::thread was destroyed).",
     "Catch errors where they happen and hand them to the caller as values; join threads "
     "before their std::thread objects are destroyed."},
    {Verdict::kWrongResult, "wrong-result", 1, "A check's assertion failed.",
     "Read the failed expectation: which invariant broke, and which interleaving breaks it?"},
    {Verdict::kMisuse, "misuse", 1,
     "A synchronisation object was used against its rules (e.g. a mutex unlocked by a thread "
     "that does not own it).",
     "Only the thread that locked a mutex may unlock it; to signal between threads use a "
     "semaphore or a condition variable."},
    {Verdict::kUnsafePattern, "unsafe-pattern", 1,
     "Every check passed, but the code relies on something the C++ standard does not promise "
     "(a wait without a loop, a weak compare-exchange without a retry, memory_order_consume, "
     "std::async without std::launch::async, volatile, a lock that locks nothing, a detached "
     "thread): this machine cannot show the failure, another one can.",
     "Read the rule and why at the line shown, and change the code the way the rule says; "
     "docs/STATIC_RULES.md has every rule with an example."},
    {Verdict::kTimeout, "timeout", 1,
     "The run exceeded its time limit while still using the CPU (a busy wait, an endless "
     "loop, or a livelock).",
     "Look for loops that wait by spinning, and for retry loops that never give up."},
    {Verdict::kError, "error", 3,
     "The grader itself could not run this exercise; this is not your fault.",
     "Read the message; it names what is missing or broken in the kit or the machine."},
}};

const Info& Find(Verdict v) { return kInfo[static_cast<size_t>(v)]; }

}  // namespace

const std::vector<Verdict>& AllVerdicts() {
  static const std::vector<Verdict> all = [] {
    std::vector<Verdict> v;
    for (const auto& i : kInfo) v.push_back(i.verdict);
    return v;
  }();
  return all;
}

std::string_view VerdictName(Verdict v) { return Find(v).name; }

std::optional<Verdict> ParseVerdict(std::string_view name) {
  for (const auto& i : kInfo)
    if (i.name == name) return i.verdict;
  return std::nullopt;
}

int VerdictExitCode(Verdict v) { return Find(v).exit_code; }
std::string_view VerdictExplanation(Verdict v) { return Find(v).explanation; }
std::string_view VerdictNextStep(Verdict v) { return Find(v).next; }

}  // namespace threadlings
