// Goal: two threads share one PingPong: one calls ping(), the other pong(). Together they must
// print "ping", "pong", "ping", "pong", ... strictly alternating and starting with ping,
// `rounds` times each. As written, the mutex keeps two prints from overlapping, but it does
// not decide whose turn it is: a thread can print several times in a row, and pong can even go
// first. Make each thread wait for its own turn, and hand the turn over after printing.
#pragma once

#include <functional>
#include <mutex>
#include <semaphore>

/// Prints ping/pong alternately from two threads: the ping thread calls ping(), the pong
/// thread calls pong().
class PingPong {
 public:
  explicit PingPong(int rounds) : rounds_(rounds) {}

  /// Run by the ping thread: prints "ping" `rounds` times, each before the matching pong.
  void ping(const std::function<void()>& print_ping) {
    for (int i = 0; i < rounds_; ++i) {
      ping_turn_.acquire();
      std::lock_guard<std::mutex>{m_};  // and still one print at a time
      print_ping();
      pong_turn_.release();
    }
  }

  /// Run by the pong thread: prints "pong" `rounds` times, each after the matching ping.
  void pong(const std::function<void()>& print_pong) {
    for (int i = 0; i < rounds_; ++i) {
      pong_turn_.acquire();
      std::lock_guard<std::mutex>{m_};  // and still one print at a time
      print_pong();
      ping_turn_.release();
    }
  }

 private:
  const int rounds_;
  std::mutex m_;
  std::binary_semaphore ping_turn_{1};
  std::binary_semaphore pong_turn_{0};
};
