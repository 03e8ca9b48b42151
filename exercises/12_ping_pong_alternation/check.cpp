// Checks for 12_ping_pong_alternation. The learner does not edit this file.
//
// Printing in the wrong order is not a data race, so ThreadSanitizer has nothing to say; the
// checks record the sequence of prints and compare it with ping, pong, ping, pong, ...
// None of them relies on luck:
// - PongWaitsForPing starts only the pong thread. A correct pong() waits for a ping that has
//   not happened, so nothing may be printed; anything printed is pong going first.
// - PingWaitsForPong starts only the ping thread. A correct ping() prints once and then
//   waits for pong; a second ping is a thread that did not wait for its turn.
// - In both, the first print lingers until the other thread starts printing (at most kLinger):
//   a turn handed over BEFORE the print lets the other thread print at the same time, which
//   the printer sees (it counts the prints running at once).
// - AlternatesUnderJitter runs both threads together many times, with seeded jitter.
// - EachPrintSeesTheOneBefore prints into a log that has NO lock of its own: only the hand-over
//   of the turn orders the prints, so a hand-over that does not synchronise (a plain flag,
//   relaxed atomics) is a data race on the log that ThreadSanitizer reports.
// A thread that printed out of turn may then wait forever for a turn that never comes: the
// checks wait at most kFinish for the threads, and report the wrong order they saw instead of
// hanging.
#include <ping_pong.h>
#include <threadlings/check.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kRounds = 20;
constexpr auto kAloneFor = 200ms;  // how long one thread runs alone before the other starts
constexpr auto kLinger = 40ms;     // how long a lingering print waits for the other to start
constexpr auto kFinish = 2000ms;   // how long the threads may take once both have started

/// The check's printer: records every print, in order, under its own lock (a broken
/// PingPong may call both print functions at the same time), and notices two prints that run
/// at the same time. The first `lingering` prints stay inside until another print starts (at
/// most kLinger), so that a thread that hands the turn over before printing is caught.
class Printer {
 public:
  explicit Printer(bool jitter = false, int lingering = 0)
      : jitter_(jitter), lingering_(lingering) {}

  void print(const char* word) {
    if (inside_.fetch_add(1) > 0) note_overlap(word);
    {
      std::scoped_lock lock(m_);
      words_.emplace_back(word);
    }
    changed_.notify_all();
    if (lingering_.fetch_sub(1) > 0) linger();
    inside_.fetch_sub(1);
    if (jitter_) tl::jitter();
  }

  std::function<void()> ping() { return [this] { print("ping"); }; }
  std::function<void()> pong() { return [this] { print("pong"); }; }

  /// Waits up to `limit` until at least `n` words were printed; returns how many were.
  int wait_for_words(int n, std::chrono::milliseconds limit) {
    std::unique_lock lock(m_);
    changed_.wait_for(lock, limit, [&] { return static_cast<int>(words_.size()) >= n; });
    return static_cast<int>(words_.size());
  }

  std::vector<std::string> words() {
    std::scoped_lock lock(m_);
    return words_;
  }

  /// "" or how the first two prints that ran at the same time looked.
  std::string overlap() {
    std::scoped_lock lock(m_);
    return overlap_;
  }

 private:
  void note_overlap(const char* word) {
    std::scoped_lock lock(m_);
    if (!overlap_.empty()) return;
    const std::string before = words_.empty() ? "another print" : "'" + words_.back() + "'";
    overlap_ = "'" + std::string(word) + "' was printed while " + before +
               " was still being printed (after " + std::to_string(words_.size()) +
               " print(s)): a thread may hand the turn over only once its print is done";
  }

  void linger() {
    const auto until = Clock::now() + kLinger;
    while (inside_.load() < 2 && Clock::now() < until) std::this_thread::yield();
  }

  const bool jitter_;
  std::atomic<int> lingering_;
  std::atomic<int> inside_{0};
  std::mutex m_;
  std::condition_variable changed_;
  std::vector<std::string> words_;
  std::string overlap_;
};

/// "ping pong ping [ping] pong": the words around index `at`, the one at `at` in brackets.
std::string around(const std::vector<std::string>& words, std::size_t at) {
  std::string s;
  const std::size_t from = at >= 4 ? at - 4 : 0;
  const std::size_t to = std::min(words.size(), at + 3);
  if (from > 0) s += "... ";
  for (std::size_t i = from; i < to; ++i) {
    if (i > from) s += ' ';
    s += i == at ? "[" + words[i] + "]" : words[i];
  }
  if (to < words.size()) s += " ...";
  return s;
}

/// Describes the first print that breaks ping, pong, ping, ..., or "" if none does.
std::string order_problem(const std::vector<std::string>& words) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string want = i % 2 == 0 ? "ping" : "pong";
    if (words[i] != want)
      return "print number " + std::to_string(i + 1) + " was '" + words[i] + "' where '" + want +
             "' was expected: " + around(words, i);
  }
  return "";
}

/// Describes how `words` differs from `rounds` x "ping pong", or "" if it does not.
std::string alternation_problem(const std::vector<std::string>& words, int rounds) {
  if (auto problem = order_problem(words); !problem.empty()) return problem;
  if (words.size() != 2u * rounds)
    return std::to_string(words.size()) + " words were printed; expected " +
           std::to_string(2 * rounds);
  return "";
}

/// A game of two threads. finish() waits for both; if they are stuck after printing out of
/// turn, it reports what they printed and leaves them (and this game) behind, blocked.
class Game {
 public:
  explicit Game(int rounds, bool jitter = false, int lingering = 0)
      : game_(rounds), printer_(jitter, lingering) {}

  Printer& printer() { return printer_; }

  void start_ping() {
    ping_ = std::thread([this] {
      game_.ping(printer_.ping());
      done_.fetch_add(1);
    });
  }
  void start_pong() {
    pong_ = std::thread([this] {
      game_.pong(printer_.pong());
      done_.fetch_add(1);
    });
  }

  /// Joins both threads and returns true, or, when they are still blocked after kFinish
  /// and have printed out of turn, reports that (as `prefix` + the problem), detaches them
  /// and returns false: the caller must then leak the game.
  bool finish(const std::string& prefix = "", bool report = true) {
    const auto until = Clock::now() + kFinish;
    while (done_.load() < 2 && Clock::now() < until) std::this_thread::sleep_for(1ms);
    std::string problem = printer_.overlap();
    if (problem.empty()) problem = order_problem(printer_.words());
    if (done_.load() < 2 && !problem.empty()) {
      if (report)
        TL_REPORT("wrong-result", prefix + problem + " (and then a thread waited forever for a "
                                         "turn that never came)");
      ping_.detach();
      pong_.detach();
      return false;
    }
    ping_.join();  // blocked with nothing printed out of turn: a deadlock, for the watchdog
    pong_.join();
    return true;
  }

 private:
  PingPong game_;
  Printer printer_;
  std::atomic<int> done_{0};
  std::thread ping_, pong_;
};

/// Reports the first problem the printer saw (an overlap, then the order), if any.
void expect_alternation(Printer& printer, int rounds, const std::string& prefix = "") {
  if (const auto overlap = printer.overlap(); !overlap.empty())
    TL_REPORT("wrong-result", prefix + overlap);
  else if (const auto problem = alternation_problem(printer.words(), rounds); !problem.empty())
    TL_REPORT("wrong-result", prefix + problem);
}

}  // namespace

// Only the pong thread runs at first: it must wait for a ping that is not there yet.
TEST(PingPong, PongWaitsForPing) {
  auto game = std::make_unique<Game>(kRounds, /*jitter=*/false, /*lingering=*/1);
  game->start_pong();
  const int printed_alone = game->printer().wait_for_words(1, kAloneFor);
  game->start_ping();
  if (!game->finish()) {
    game.release();  // its threads are blocked forever and still use it
    return;
  }
  if (printed_alone > 0) {
    TL_REPORT("wrong-result", "'pong' was printed " + std::to_string(printed_alone) +
                                  " time(s) before the ping thread had even started: pong() "
                                  "must wait until a ping has handed it the turn");
    return;
  }
  expect_alternation(game->printer(), kRounds);
}

// Only the ping thread runs at first: it may print one ping, then must wait for pong.
TEST(PingPong, PingWaitsForPong) {
  auto game = std::make_unique<Game>(kRounds, /*jitter=*/false, /*lingering=*/2);
  game->start_ping();
  const bool first = game->printer().wait_for_words(1, 2000ms) >= 1;
  const int printed_alone = game->printer().wait_for_words(2, kAloneFor);
  game->start_pong();
  if (printed_alone > 1) {
    TL_REPORT("wrong-result", "'ping' was printed " + std::to_string(printed_alone) +
                                  " times in a row before the pong thread had even started: "
                                  "after each ping, ping() must wait until pong has had its turn");
    if (!game->finish("", /*report=*/false)) game.release();
    return;
  }
  if (!game->finish()) {
    game.release();
    return;
  }
  if (!first) {
    TL_REPORT("wrong-result", "the ping thread printed nothing within 2 s: ping goes first and "
                              "must not wait for pong before its first ping");
    return;
  }
  expect_alternation(game->printer(), kRounds);
}

// Both threads start together, with seeded jitter after every print; repeated.
TEST(PingPong, AlternatesUnderJitter) {
  constexpr int kGames = 3;
  constexpr int kLongRounds = 100;
  for (int g = 0; g < kGames; ++g) {
    auto game = std::make_unique<Game>(kLongRounds, /*jitter=*/true);
    game->start_pong();
    game->start_ping();
    const std::string prefix = "game " + std::to_string(g + 1) + ": ";
    if (!game->finish(prefix)) {
      game.release();
      return;
    }
    expect_alternation(game->printer(), kLongRounds, prefix);
    if (HasFailure()) return;
  }
}

// The prints write a log that has no lock: only the hand-over of the turn orders them. A
// hand-over that does not synchronise (a plain flag, relaxed atomics) leaves two prints of
// different threads unordered, which ThreadSanitizer reports as a data race on the log.
TEST(PingPong, EachPrintSeesTheOneBefore) {
  constexpr int kGames = 3;
  constexpr int kLongRounds = 100;
  for (int g = 0; g < kGames; ++g) {
    auto game = std::make_unique<PingPong>(kLongRounds);
    auto log = std::make_unique<std::vector<std::string>>();
    auto print = [log = log.get()](const char* word) { log->emplace_back(word); };
    tl::StartGate gate;
    std::thread pong_thread([&] {
      gate.wait();
      game->pong([&] { print("pong"); });
    });
    std::thread ping_thread([&] {
      gate.wait();
      game->ping([&] { print("ping"); });
    });
    gate.open();
    ping_thread.join();
    pong_thread.join();
    if (const auto problem = alternation_problem(*log, kLongRounds); !problem.empty()) {
      TL_REPORT("wrong-result", "game " + std::to_string(g + 1) + ": " + problem);
      return;
    }
  }
}
