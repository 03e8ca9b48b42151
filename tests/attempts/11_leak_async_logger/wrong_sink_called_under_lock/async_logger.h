// Goal: AsyncLogger must not leak its worker thread.
//
// log() only queues a message; a worker thread, started by the constructor, hands the
// queued messages to the sink one by one, in order. When ~AsyncLogger() returns, every
// message logged before must have reached the sink exactly once, and the worker must have
// finished: nothing the logger started may still be running.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

class AsyncLogger {
 public:
  using Sink = std::function<void(const std::string&)>;

  explicit AsyncLogger(Sink sink)
      : shared_(std::make_shared<Shared>(std::move(sink))),
        worker_([shared = shared_] { drain(*shared); }) {}

  ~AsyncLogger() {
    {
      std::lock_guard lock(shared_->mutex);
      shared_->stopping = true;
    }
    shared_->ready.notify_one();
    worker_.join();
  }

  AsyncLogger(const AsyncLogger&) = delete;
  AsyncLogger& operator=(const AsyncLogger&) = delete;

  /// Queues `message` for the sink and returns at once.
  void log(std::string message) {
    {
      std::lock_guard lock(shared_->mutex);
      shared_->queue.push_back(std::move(message));
    }
    shared_->ready.notify_one();
  }

 private:
  struct Shared {
    explicit Shared(Sink s) : sink(std::move(s)) {}
    Sink sink;
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::string> queue;
    bool stopping = false;  // guarded by mutex
  };

  static void drain(Shared& shared) {
    std::unique_lock lock(shared.mutex);
    for (;;) {
      shared.ready.wait(lock, [&] { return shared.stopping || !shared.queue.empty(); });
      if (shared.queue.empty()) return;  // stopping and fully drained
      std::string message = std::move(shared.queue.front());
      shared.queue.pop_front();
      shared.sink(message);  // keep the lock: simpler, and the order is kept anyway
    }
  }

  std::shared_ptr<Shared> shared_;
  std::thread worker_;  // declared after shared_: it starts once shared_ exists
};
