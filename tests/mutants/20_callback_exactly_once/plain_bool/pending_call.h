// Mutant (wrong fix): a plain bool "completed" flag, tested and then set.
// Tempting: it is the right idea, and every sequential test passes.
// Wrong: reply() and expire() run on two threads, and nothing orders their accesses to the
// flag: a data race. Both can read false before either writes true, and then both call
// on_done. The test and the set must be one atomic step (std::atomic<bool>::exchange, or a
// mutex). Expected verdict: data-race.
#pragma once

#include <functional>
#include <string>
#include <utility>

/// How a call ended.
enum class Outcome { kOk, kFailed, kTimedOut };

/// What on_done receives.
struct Result {
  Outcome outcome;
  std::string text;  ///< the answer (kOk), the server's error message (kFailed), or ""
};

/// What the server sent back.
struct Reply {
  bool ok;           ///< false: the server reports an error
  std::string body;  ///< the answer, or the error message
};

/// One request waiting for its reply or its deadline.
class PendingCall {
 public:
  using Callback = std::function<void(const Result&)>;

  explicit PendingCall(Callback on_done) : on_done_(std::move(on_done)) {}

  /// On the network thread: the server's reply arrived (perhaps after the deadline).
  void reply(const Reply& r) {
    if (completed_) return;  // already completed
    completed_ = true;
    on_done_(r.ok ? Result{Outcome::kOk, r.body} : Result{Outcome::kFailed, r.body});
  }

  /// On the timer thread: the deadline passed (perhaps after the reply).
  void expire() {
    if (completed_) return;
    completed_ = true;
    on_done_(Result{Outcome::kTimedOut, ""});
  }

 private:
  Callback on_done_;
  bool completed_ = false;  // "only one of them can be first"
};
