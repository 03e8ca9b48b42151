// Goal: BoundedQueue hands work items from producer threads to consumer threads. It holds at
// most `capacity` items: push() waits while the queue is full, pop() waits while it is empty.
// As written, the whole program hangs as soon as the queue is full and a consumer comes to
// take an item. Fix it so that a full queue blocks only its producers, an empty one only its
// consumers, every item pushed is popped exactly once, and the queue never holds more than
// `capacity` items.
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
    free_slots_.acquire();  // wait for a free place before taking the lock
    {
      std::scoped_lock lock(m_);
      queue_.push_back(item);
    }
    used_slots_.release();
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
