// Mutant (wrong fix): keep the mutex, and sleep a little after each print.
// Tempting: while this thread sleeps, the other one surely gets the lock, so they take turns.
// Wrong: "surely" is a guess about the scheduler. Nothing makes a thread wait for the other's
// print: a thread that starts first prints first, and a slow thread is simply overtaken.
// Expected verdict: wrong-result.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

/// Prints ping/pong alternately from two threads: the ping thread calls ping(), the pong
/// thread calls pong().
class PingPong {
 public:
  explicit PingPong(int rounds) : rounds_(rounds) {}

  /// Run by the ping thread: prints "ping" `rounds` times, each before the matching pong.
  void ping(const std::function<void()>& print_ping) {
    for (int i = 0; i < rounds_; ++i) {
      {
        std::scoped_lock lock(m_);
        print_ping();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));  // let pong have its turn
    }
  }

  /// Run by the pong thread: prints "pong" `rounds` times, each after the matching ping.
  void pong(const std::function<void()>& print_pong) {
    for (int i = 0; i < rounds_; ++i) {
      {
        std::scoped_lock lock(m_);
        print_pong();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));  // let ping have its turn
    }
  }

 private:
  const int rounds_;
  std::mutex m_;
};
