// Goal: Generator<T> is a hand-written C++20 generator: a coroutine co_yields values, and a
// range-for loop pulls them out one by one. It should be lazy, like Python's generators and
// C++23's std::generator: the body runs only when the consumer asks for the next value, and
// each value reaches the consumer once, in order. As written, every consumer misses the
// first value. Find which part of the coroutine machinery runs the body once too often, and
// fix it without giving up laziness.
#pragma once

#include <coroutine>
#include <cstddef>
#include <iterator>
#include <utility>

/// A lazy sequence of T produced by a coroutine that co_yields them.
template <class T>
class Generator {
 public:
  struct promise_type {
    T current{};  ///< the value of the last co_yield

    Generator get_return_object() { return Generator{Handle::from_promise(*this)}; }
    // The body must not run when the coroutine is called: stop before its first statement,
    // begin() then runs it to the first co_yield.
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T value) {
      current = std::move(value);
      return {};
    }
    void return_void() {}
    void unhandled_exception() { throw; }
  };
  using Handle = std::coroutine_handle<promise_type>;

  /// Reads the value the body stopped at; ++ runs the body to its next co_yield.
  class iterator {
   public:
    using value_type = T;
    using difference_type = std::ptrdiff_t;

    explicit iterator(Handle h) : h_(h) {}
    const T& operator*() const { return h_.promise().current; }
    iterator& operator++() {
      h_.resume();
      return *this;
    }
    void operator++(int) { ++*this; }
    bool operator==(std::default_sentinel_t) const { return h_.done(); }

   private:
    Handle h_;
  };

  explicit Generator(Handle h) : h_(h) {}
  Generator(Generator&& other) noexcept
      : h_(std::exchange(other.h_, {})), started_(std::exchange(other.started_, false)) {}
  Generator& operator=(Generator&&) = delete;
  ~Generator() {
    if (h_) h_.destroy();
  }

  /// Runs the body to its first co_yield and returns an iterator at that value.
  iterator begin() {
    if (!started_) {
      started_ = true;
      h_.resume();  // run to the first co_yield, once
    }
    return iterator{h_};
  }
  std::default_sentinel_t end() const { return {}; }

 private:
  Handle h_;
  bool started_ = false;
};
