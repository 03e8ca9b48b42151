// Mutant (wrong fix): only pong waits: each ping releases a semaphore that pong acquires.
// Tempting: ping goes first anyway, so only pong seems to need waiting.
// Wrong: ping never waits for pong. It prints all its pings in a row, and pong answers later.
// Expected verdict: wrong-result.
#pragma once

#include <functional>
#include <semaphore>

/// Prints ping/pong alternately from two threads: the ping thread calls ping(), the pong
/// thread calls pong().
class PingPong {
 public:
  explicit PingPong(int rounds) : rounds_(rounds) {}

  /// Run by the ping thread: prints "ping" `rounds` times, each before the matching pong.
  void ping(const std::function<void()>& print_ping) {
    for (int i = 0; i < rounds_; ++i) {
      print_ping();
      pings_.release();  // one more ping for pong to answer
    }
  }

  /// Run by the pong thread: prints "pong" `rounds` times, each after the matching ping.
  void pong(const std::function<void()>& print_pong) {
    for (int i = 0; i < rounds_; ++i) {
      pings_.acquire();  // wait for a ping to answer
      print_pong();
    }
  }

 private:
  const int rounds_;
  std::counting_semaphore<> pings_{0};
};
