// Goal: ChecksumJob hashes a big file block by block on the application's event loop
// (event_loop.h). The loop has ONE thread and runs one callback at a time, to its end: while
// a callback runs, nothing else on the loop can, not the heartbeat, not a network reply. As
// written, the job hashes every block in a single callback: for about a fifth of a second
// the rest of the application is frozen. Split the work: hash one block per callback, and
// give the loop back in between, so that the other callbacks get their turns.
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
    // a few blocks per callback keeps the overhead of posting low
    for (int i = 0; i < 50 && next_ < blocks_; ++i) sum_ += hash_(next_++);
    if (next_ < blocks_)
      loop_.post([self = shared_from_this()] { self->step(); });
    else
      done_(sum_);
  }

  EventLoop& loop_;
  const int blocks_;
  Hash hash_;
  Done done_;
  int next_ = 0;  ///< the next block to hash
  long sum_ = 0;  ///< the sum of the hashes of blocks 0..next_-1
};
