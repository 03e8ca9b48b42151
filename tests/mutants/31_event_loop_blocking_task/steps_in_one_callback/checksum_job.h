// Mutant (wrong fix): split the work into steps, but run all the steps in one callback.
// Tempting: the work is now "in small steps", one block each, exactly as asked.
// Wrong: the steps are called from a loop inside one callback, so the loop of the
// application gets nothing back between them: the callback still returns only when every
// block is hashed. A step helps only if it RETURNS to the event loop.
// Expected verdict: starvation.
#pragma once

#include <functional>
#include <memory>
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
    while (!hash_one_block()) {
    }
    done_(sum_);
  }

  /// One small step: hashes the next block; says whether the job is finished.
  bool hash_one_block() {
    if (next_ < blocks_) sum_ += hash_(next_++);
    return next_ == blocks_;
  }

  EventLoop& loop_;
  const int blocks_;
  Hash hash_;
  Done done_;
  int next_ = 0;  ///< the next block to hash
  long sum_ = 0;  ///< the sum of the hashes of blocks 0..next_-1
};
