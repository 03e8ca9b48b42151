// Goal: every fetch() completes exactly once, even when the task fails: the worker thread
// calls on_done with a FetchResult holding either the value or the very exception the task
// threw. Today a failing task throws on the worker thread, where no caller can catch it; an
// exception that leaves a thread's function calls std::terminate, and the program dies.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

/// What a fetch delivers: the value, or the exception that prevented it.
struct FetchResult {
  std::string value;
  std::exception_ptr error;  ///< null when the fetch succeeded
};

class Fetcher {
 public:
  using Task = std::function<std::string(const std::string&)>;  ///< may throw
  using Callback = std::function<void(FetchResult)>;

  explicit Fetcher(Task task) : task_(std::move(task)), worker_([this] { run(); }) {}

  /// Completes every request still queued, then stops the worker.
  ~Fetcher() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_one();
    worker_.join();
  }

  /// Queues `request`; on_done is called on the worker thread when it is done.
  void fetch(std::string request, Callback on_done) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back({std::move(request), std::move(on_done)});
    }
    ready_.notify_one();
  }

 private:
  struct Job { std::string request; Callback on_done; };

  void run() {
    Job job;
    try {
      std::unique_lock lock(mutex_);
      for (;;) {
        ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // stopping, and nothing left to do
        job = std::move(jobs_.front());
        jobs_.pop_front();
        lock.unlock();  // run the task and the callback without holding the lock
        complete(job);
        lock.lock();
      }
    } catch (...) {
      // a task failed: tell its caller instead of terminating
      if (job.on_done) job.on_done(FetchResult{"", std::current_exception()});
    }
  }

  void complete(Job& job) {
    job.on_done(FetchResult{task_(job.request), nullptr});
  }

  Task task_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::thread worker_;  // last: starts once every other member exists
};
