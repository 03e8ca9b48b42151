// Mutant (wrong fix): insert under the lock, and wait for the free slot after unlocking.
// Tempting: the producer no longer waits while holding the lock, so the hang is gone.
// Wrong: the item is already in the queue when the producer starts waiting for room for it,
// so a full queue briefly holds capacity + 1 items. The wait must come before the insert.
// Expected verdict: wrong-result.
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <semaphore>

/// A first-in first-out queue of at most `capacity` items, shared by producers and consumers.
class BoundedQueue {
 public:
  explicit BoundedQueue(std::ptrdiff_t capacity) : free_slots_(capacity) {}

  /// Adds `item` at the back; waits while the queue is full.
  void push(int item) {
    {
      std::scoped_lock lock(m_);
      queue_.push_back(item);
    }
    used_slots_.release();
    free_slots_.acquire();  // wait for room, but no longer while holding the lock
  }

  /// Removes and returns the item at the front; waits while the queue is empty.
  int pop() {
    used_slots_.acquire();  // wait for an item
    int item;
    {
      std::scoped_lock lock(m_);
      item = queue_.front();
      queue_.pop_front();
    }
    free_slots_.release();
    return item;
  }

  /// The number of items in the queue now.
  std::size_t size() {
    std::scoped_lock lock(m_);
    return queue_.size();
  }

 private:
  std::mutex m_;                               // guards queue_
  std::counting_semaphore<> free_slots_;       // free places in the queue: capacity at first
  std::counting_semaphore<> used_slots_{0};    // items in the queue, ready to be popped
  std::deque<int> queue_;
};
