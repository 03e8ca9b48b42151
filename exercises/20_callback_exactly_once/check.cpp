// Checks for 20_callback_exactly_once. The learner does not edit this file.
//
// Each check plays one story of a call, with reply() on a "network" thread and expire() on
// a "timer" thread, and counts what on_done received. The first three stories are
// sequential (one thread is joined before the other starts), so their outcome does not
// depend on timing at all:
//   good reply, then the deadline     -> exactly one kOk with the answer
//   error reply, then the deadline    -> exactly one kFailed with the server's message,
//                                        delivered before reply() returns
//   the deadline, then a late reply   -> exactly one kTimedOut
// The last story starts reply() and expire() together, many times. Whatever the timing,
// exactly one of them may complete the call. A flag that is read and then written without
// synchronisation is a data race that ThreadSanitizer reports on the first round: nothing
// orders the two threads (the gate that starts them orders each one only after the test).
#include <pending_call.h>
#include <threadlings/check.h>

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

std::string name(Outcome o) {
  switch (o) {
    case Outcome::kOk: return "kOk";
    case Outcome::kFailed: return "kFailed";
    case Outcome::kTimedOut: return "kTimedOut";
  }
  return "?";
}

/// Records every on_done call of one PendingCall. Thread-safe: on_done may run on either
/// thread.
class Completions {
 public:
  PendingCall::Callback callback() {
    return [this](const Result& r) {
      std::lock_guard lock(m_);
      got_.push_back(r);
    };
  }

  std::vector<Result> got() {
    std::lock_guard lock(m_);
    return got_;
  }

  /// "" if on_done was called exactly once with `outcome` and `text`, else what went wrong.
  std::string problem(Outcome outcome, const std::string& text, const std::string& story) {
    const auto results = got();
    if (results.empty())
      return story + ": on_done was never called; the caller would wait forever";
    if (results.size() > 1) {
      std::string s = story + ": on_done was called " + std::to_string(results.size()) +
                      " times (";
      for (std::size_t i = 0; i < results.size(); ++i)
        s += (i ? ", " : "") + name(results[i].outcome);
      return s + "); a call must complete exactly once, whichever side comes first";
    }
    if (results[0].outcome != outcome || results[0].text != text)
      return story + ": on_done got " + name(results[0].outcome) + " '" + results[0].text +
             "'; expected " + name(outcome) + " '" + text + "'";
    return "";
  }

 private:
  std::mutex m_;
  std::vector<Result> got_;
};

/// Runs `f` on a new thread and waits for it: the network thread or the timer thread.
template <class F>
void on_thread(F f) {
  std::thread(f).join();
}

}  // namespace

TEST(PendingCall, GoodReplyThenDeadline) {
  auto done = std::make_unique<Completions>();
  auto call = std::make_unique<PendingCall>(done->callback());
  on_thread([&] { call->reply({true, "42"}); });
  on_thread([&] { call->expire(); });  // the timer is never cancelled: it fires anyway
  if (const auto p = done->problem(Outcome::kOk, "42", "reply 42, then the deadline"); !p.empty())
    ADD_FAILURE() << p;
}

TEST(PendingCall, ErrorReplyThenDeadline) {
  auto done = std::make_unique<Completions>();
  auto call = std::make_unique<PendingCall>(done->callback());
  on_thread([&] { call->reply({false, "no such user"}); });
  if (done->got().empty()) {
    ADD_FAILURE() << "reply() with an error returned without calling on_done: the caller of a "
                     "failed request is not told, and waits for the deadline (or forever)";
    return;
  }
  on_thread([&] { call->expire(); });
  if (const auto p = done->problem(Outcome::kFailed, "no such user",
                                   "error reply 'no such user', then the deadline");
      !p.empty())
    ADD_FAILURE() << p;
}

TEST(PendingCall, DeadlineThenLateReply) {
  auto done = std::make_unique<Completions>();
  auto call = std::make_unique<PendingCall>(done->callback());
  on_thread([&] { call->expire(); });
  on_thread([&] { call->reply({true, "42"}); });  // the server answered too late
  if (const auto p = done->problem(Outcome::kTimedOut, "", "the deadline, then a late reply");
      !p.empty())
    ADD_FAILURE() << p;
}

TEST(PendingCall, ReplyRacesTheDeadline) {
  constexpr int kRounds = 100;
  for (int round = 0; round < kRounds; ++round) {
    auto done = std::make_unique<Completions>();
    auto call = std::make_unique<PendingCall>(done->callback());
    tl::StartGate gate;
    std::thread network([&] {
      gate.wait();
      tl::jitter();
      call->reply({true, "42"});
    });
    std::thread timer([&] {
      gate.wait();
      tl::jitter();
      call->expire();
    });
    gate.open();
    network.join();
    timer.join();

    const auto results = done->got();
    std::string problem;
    if (results.size() != 1)
      problem = done->problem(Outcome::kOk, "42", "reply and deadline at the same moment");
    else if (results[0].outcome == Outcome::kTimedOut)
      problem = done->problem(Outcome::kTimedOut, "", "reply and deadline at the same moment");
    else
      problem = done->problem(Outcome::kOk, "42", "reply and deadline at the same moment");
    if (!problem.empty()) {
      ADD_FAILURE() << problem << " (round " << round + 1 << " of " << kRounds << ")";
      return;
    }
  }
}
