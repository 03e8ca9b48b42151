// Mutant (wrong fix): drop the mutex; the semaphores already control who gets in.
// Tempting: without the mutex nobody can hold it while waiting, and the semaphores seem to
// count every access anyway.
// Wrong: the semaphores only count. Two producers that both got a free slot call push_back on
// the same std::deque at the same moment (two consumers pop_front), which is a data race.
// Expected verdict: data-race.
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
    free_slots_.acquire();
    queue_.push_back(item);
    used_slots_.release();
  }

  /// Removes and returns the item at the front; waits while the queue is empty.
  int pop() {
    used_slots_.acquire();  // wait for an item
    const int item = queue_.front();
    queue_.pop_front();
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
