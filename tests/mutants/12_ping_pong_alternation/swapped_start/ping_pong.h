// Mutant (wrong fix): two semaphores, one turn per thread, but the turn starts with pong.
// Tempting: the hand-over is right, and "pong answers ping" is easy to read backwards: pong's
// semaphore starts at 1 so that pong is "ready to answer".
// Wrong: the initial counts decide who goes first. With pong's at 1 and ping's at 0, pong prints
// first and every later print is one turn off.
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
      ping_turn_.acquire();  // wait for ping's turn
      print_ping();
      pong_turn_.release();  // now it is pong's turn; ping waits for its next one
    }
  }

  /// Run by the pong thread: prints "pong" `rounds` times, each after the matching ping.
  void pong(const std::function<void()>& print_pong) {
    for (int i = 0; i < rounds_; ++i) {
      pong_turn_.acquire();  // wait until a ping has handed over the turn
      print_pong();
      ping_turn_.release();  // give the turn back to ping
    }
  }

 private:
  const int rounds_;
  std::binary_semaphore ping_turn_{0};
  std::binary_semaphore pong_turn_{1};
};
