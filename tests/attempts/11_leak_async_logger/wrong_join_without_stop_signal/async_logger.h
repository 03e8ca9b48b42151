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
    if (worker_.joinable()) worker_.join();
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

  };

  static void drain(Shared& shared) {
    std::unique_lock lock(shared.mutex);
    for (;;) {
      shared.ready.wait(lock, [&] { return !shared.queue.empty(); });
      std::string message = std::move(shared.queue.front());
      shared.queue.pop_front();
      lock.unlock();  // call the sink without the lock: log() must never wait for the sink
      shared.sink(message);
      lock.lock();
    }
  }

  std::shared_ptr<Shared> shared_;
  std::thread worker_;  // declared after shared_: it starts once shared_ exists
};
