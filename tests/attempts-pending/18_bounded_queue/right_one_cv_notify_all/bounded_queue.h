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
#include <condition_variable>

/// A first-in first-out queue of at most `capacity` items, shared by producers and consumers.
class BoundedQueue {
 public:
  explicit BoundedQueue(std::ptrdiff_t capacity) : capacity_(static_cast<std::size_t>(capacity)) {}

  /// Adds `item` at the back; waits while the queue is full.
  void push(int item) {
    std::unique_lock lock(m_);
    changed_.wait(lock, [this] { return queue_.size() < capacity_; });
    queue_.push_back(item);
    changed_.notify_all();
  }

  /// Removes and returns the item at the front; waits while the queue is empty.
  int pop() {
    std::unique_lock lock(m_);
    changed_.wait(lock, [this] { return !queue_.empty(); });
    int item = queue_.front();
    queue_.pop_front();
    changed_.notify_all();
    return item;
  }

  /// The number of items in the queue now.
  std::size_t size() {
    std::scoped_lock lock(m_);
    return queue_.size();
  }

 private:
  const std::size_t capacity_;
  std::mutex m_;                 // guards queue_
  std::condition_variable changed_;
  std::deque<int> queue_;
};
