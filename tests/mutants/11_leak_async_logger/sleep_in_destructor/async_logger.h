// Mutant (a wrong fix): stop flag + detach, and a sleep in the destructor "to let the
// worker finish". Tempting: on an idle machine the worker is usually done within 100 ms.
// Wrong: a sleep is a guess, not a guarantee; a slow sink, a busy machine or a long queue
// outlasts any fixed delay, and then the worker outlives the logger. Only join() waits for
// exactly as long as needed. Verdict: thread-leak.
// Goal: AsyncLogger must not leak its worker thread.
//
// log() only queues a message; a worker thread, started by the constructor, hands the
// queued messages to the sink one by one, in order. When ~AsyncLogger() returns, every
// message logged before must have reached the sink exactly once, and the worker must have
// finished: nothing the logger started may still be running.
#pragma once

#include <chrono>
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
    worker_.detach();
  }

  // Tell the worker to stop and wake it.
  ~AsyncLogger() {
    {
      std::lock_guard lock(shared_->mutex);
      shared_->stopping = true;
    }
    shared_->ready.notify_one();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // give the worker time to finish
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
    bool stopping = false;  // set under `mutex`, so the worker cannot miss it between checks
  };

  static void drain(Shared& shared) {
    std::unique_lock lock(shared.mutex);
    for (;;) {  // ends once the logger is stopping and every queued message is delivered
      shared.ready.wait(lock, [&] { return shared.stopping || !shared.queue.empty(); });
      if (shared.queue.empty()) return;
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
