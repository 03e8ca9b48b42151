// Goal: a PendingCall stands for one request sent to a server. Two threads may complete it:
// the network thread when the reply arrives (reply()), and the timer thread when the deadline
// passes (expire()). Whichever comes first wins. on_done must run exactly once per call, on
// every path: a good reply, an error reply, or the deadline, whatever the timing.
#pragma once

#include <mutex>
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
    finish(Result{r.ok ? Outcome::kOk : Outcome::kFailed, r.body});
  }

  /// On the timer thread: the deadline passed (perhaps after the reply).
  void expire() { finish(Result{Outcome::kTimedOut, ""}); }

 private:
  void finish(const Result& result) {
    {
      std::lock_guard lock(m_);
      if (done_) return;
      done_ = true;
    }
    on_done_(result);
  }

  Callback on_done_;
  std::mutex m_;
  bool done_ = false;  // guarded by m_
};
