// Mutant (wrong fix): replace the mutex with one binary semaphore.
// Tempting: the exercise is about semaphores, and a semaphore can be released by another thread.
// Wrong: both threads acquire and release the SAME semaphore, so it is a mutex by another
// name: one print at a time, in no particular order.
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
      turn_.acquire();
      print_ping();
      turn_.release();
    }
  }

  /// Run by the pong thread: prints "pong" `rounds` times, each after the matching ping.
  void pong(const std::function<void()>& print_pong) {
    for (int i = 0; i < rounds_; ++i) {
      turn_.acquire();
      print_pong();
      turn_.release();
    }
  }

 private:
  const int rounds_;
  std::binary_semaphore turn_{1};
};
