// Goal: OneShot hands one Report from a producer thread to any number of consumer threads.
// The producer fills the Report and then raises `ready_`; a consumer waits until it sees
// `ready_` and then reads the Report. The Report itself is plain data, not atomic: a consumer
// that sees the flag must also see every write the producer made before raising it. Choose
// the memory orders of the flag so that it does.
#pragma once

#include <atomic>
#include <string>
#include <thread>
#include <utility>
#include <vector>

struct Report {
  std::string title;
  std::vector<int> values;
};

/// Publishes one Report, once, from one producer thread to many consumer threads.
class OneShot {
 public:
  /// Called once, by the producer.
  void publish(Report report) {
    report_ = std::move(report);
    ready_.store(true, std::memory_order_release);
  }

  /// Waits until publish() was called, then gives read access to the Report.
  const Report& wait() const {
    while (!ready_.load(std::memory_order_consume)) std::this_thread::yield();  // cheaper than acquire
    return report_;
  }

 private:
  Report report_;
  std::atomic<bool> ready_{false};
};
