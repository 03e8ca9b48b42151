// Checks for 12_ping_pong_alternation. The learner does not edit this file.
//
// Printing in the wrong order is not a data race, so ThreadSanitizer has nothing to say; the
// checks record the sequence of prints and compare it with ping, pong, ping, pong, ...
// The first two checks do not rely on luck: they start ONE of the two threads alone.
// - PongWaitsForPing starts only the pong thread. A correct pong() waits for a ping that has
//   not happened, so nothing may be printed; anything printed is pong going first.
// - PingWaitsForPong starts only the ping thread. A correct ping() prints once and then
//   waits for pong; a second ping is a thread that did not wait for its turn.
// - AlternatesUnderJitter runs both threads together many times, with seeded jitter.
#include <ping_pong.h>
#include <threadlings/check.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;

constexpr int kRounds = 20;
constexpr auto kAloneFor = 300ms;  // how long one thread runs alone before the other starts

/// The check's printer: records every print, in order, under its own lock (a broken
/// PingPong may call both print functions at the same time).
class Printer {
 public:
  explicit Printer(bool jitter = false) : jitter_(jitter) {}

  void print(const char* word) {
    {
      std::scoped_lock lock(m_);
      words_.emplace_back(word);
    }
    changed_.notify_all();
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

 private:
  const bool jitter_;
  std::mutex m_;
  std::condition_variable changed_;
  std::vector<std::string> words_;
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

/// Describes how `words` differs from `rounds` x "ping pong", or "" if it does not.
std::string alternation_problem(const std::vector<std::string>& words, int rounds) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string want = i % 2 == 0 ? "ping" : "pong";
    if (words[i] != want)
      return "print number " + std::to_string(i + 1) + " was '" + words[i] + "' where '" + want +
             "' was expected: " + around(words, i);
  }
  if (words.size() != 2u * rounds)
    return std::to_string(words.size()) + " words were printed; expected " +
           std::to_string(2 * rounds);
  return "";
}

}  // namespace

// Only the pong thread runs at first: it must wait for a ping that is not there yet.
TEST(PingPong, PongWaitsForPing) {
  auto game = std::make_unique<PingPong>(kRounds);
  auto printer = std::make_unique<Printer>();
  std::thread pong_thread([&] { game->pong(printer->pong()); });
  const int printed_alone = printer->wait_for_words(1, kAloneFor);
  std::thread ping_thread([&] { game->ping(printer->ping()); });
  ping_thread.join();
  pong_thread.join();
  if (printed_alone > 0) {
    TL_REPORT("wrong-result", "'pong' was printed " + std::to_string(printed_alone) +
                                  " time(s) before the ping thread had even started: pong() "
                                  "must wait until a ping has handed it the turn");
    return;
  }
  if (const auto problem = alternation_problem(printer->words(), kRounds); !problem.empty())
    TL_REPORT("wrong-result", problem);
}

// Only the ping thread runs at first: it may print one ping, then must wait for pong.
TEST(PingPong, PingWaitsForPong) {
  auto game = std::make_unique<PingPong>(kRounds);
  auto printer = std::make_unique<Printer>();
  std::thread ping_thread([&] { game->ping(printer->ping()); });
  const bool first = printer->wait_for_words(1, 2000ms) >= 1;
  const int printed_alone = printer->wait_for_words(2, kAloneFor);
  std::thread pong_thread([&] { game->pong(printer->pong()); });
  ping_thread.join();
  pong_thread.join();
  if (!first) {
    TL_REPORT("wrong-result", "the ping thread printed nothing within 2 s: ping goes first and "
                              "must not wait for pong before its first ping");
    return;
  }
  if (printed_alone > 1) {
    TL_REPORT("wrong-result", "'ping' was printed " + std::to_string(printed_alone) +
                                  " times in a row before the pong thread had even started: "
                                  "after each ping, ping() must wait until pong has had its turn");
    return;
  }
  if (const auto problem = alternation_problem(printer->words(), kRounds); !problem.empty())
    TL_REPORT("wrong-result", problem);
}

// Both threads start together, with seeded jitter after every print; repeated.
TEST(PingPong, AlternatesUnderJitter) {
  constexpr int kGames = 3;
  constexpr int kLongRounds = 100;
  for (int g = 0; g < kGames; ++g) {
    auto game = std::make_unique<PingPong>(kLongRounds);
    auto printer = std::make_unique<Printer>(/*jitter=*/true);
    tl::StartGate gate;
    std::thread pong_thread([&] {
      gate.wait();
      game->pong(printer->pong());
    });
    std::thread ping_thread([&] {
      gate.wait();
      game->ping(printer->ping());
    });
    gate.open();
    ping_thread.join();
    pong_thread.join();
    if (const auto problem = alternation_problem(printer->words(), kLongRounds); !problem.empty()) {
      TL_REPORT("wrong-result", "game " + std::to_string(g + 1) + ": " + problem);
      return;
    }
  }
}
