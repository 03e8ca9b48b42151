// Mutant (wrong fix): post one callback per block, all at once.
// Tempting: each block is now its own callback on the loop, so each callback is short.
// Wrong: all of them are queued at the same moment, AHEAD of the heartbeat, whose timer puts
// it at the back of the queue when it is due. The loop runs the whole queue before it gets
// to the heartbeat: the callbacks are short, but the wait is as long as before. Queue the
// next step only when the previous one has run, so that it lines up behind the others.
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
    for (int block = 0; block < blocks_; ++block)
      loop_.post([self = shared_from_this(), block] {
        self->sum_ += self->hash_(block);
        if (++self->next_ == self->blocks_) self->done_(self->sum_);
      });
  }

  EventLoop& loop_;
  const int blocks_;
  Hash hash_;
  Done done_;
  int next_ = 0;  ///< the next block to hash
  long sum_ = 0;  ///< the sum of the hashes of blocks 0..next_-1
};
