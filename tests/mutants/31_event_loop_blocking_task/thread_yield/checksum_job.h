// Mutant (wrong fix): call std::this_thread::yield() after each block.
// Tempting: "yield" is what a polite task does, and with OS threads it lets others run.
// Wrong: std::this_thread::yield() offers the CPU to other OS THREADS. The heartbeat is not a
// thread: it is a callback queued on this very loop, and the loop can only run it once this
// callback returns. The job still holds the loop for all the blocks.
// Expected verdict: starvation.
#pragma once

#include <functional>
#include <memory>
#include <thread>
#include <utility>

#include "event_loop.h"

/// Hashes blocks 0..blocks-1 on an event loop and hands the sum of the hashes to `done`.
class ChecksumJob : public std::enable_shared_from_this<ChecksumJob> {
 public:
  using Hash = std::function<long(int block)>;  ///< hashes one block: about 1 ms of CPU
  using Done = std::function<void(long sum)>;

  static std::shared_ptr<ChecksumJob> create(EventLoop& loop, int blocks, Hash hash, Done done) {
    return std::shared_ptr<ChecksumJob>(
        new ChecksumJob(loop, blocks, std::move(hash), std::move(done)));
  }

  /// Queues the job's next step on the loop and returns at once.
  void start() {
    loop_.post([self = shared_from_this()] { self->step(); });
  }

 private:
  ChecksumJob(EventLoop& loop, int blocks, Hash hash, Done done)
      : loop_(loop), blocks_(blocks), hash_(std::move(hash)), done_(std::move(done)) {}

  /// One callback on the loop.
  void step() {
    while (next_ < blocks_) {
      sum_ += hash_(next_++);
      std::this_thread::yield();  // let the others run
    }
    done_(sum_);
  }

  EventLoop& loop_;
  const int blocks_;
  Hash hash_;
  Done done_;
  int next_ = 0;  ///< the next block to hash
  long sum_ = 0;  ///< the sum of the hashes of blocks 0..next_-1
};
