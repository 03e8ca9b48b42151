// Mutant (wrong fix): keep the eager start, but stop resuming in begin().
// Tempting: the first value is no longer overwritten, and every sequence comes out right.
// Wrong: the generator is no longer lazy. Calling the coroutine already runs its body to
// the first co_yield, before anyone asked for a value: work done too early (or for nothing,
// if nobody iterates), side effects at the wrong moment, values computed from state that
// the consumer was about to change.
// Expected verdict: wrong-result.
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
    std::suspend_never initial_suspend() noexcept { return {}; }
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
  Generator(Generator&& other) noexcept : h_(std::exchange(other.h_, {})) {}
  Generator& operator=(Generator&&) = delete;
  ~Generator() {
    if (h_) h_.destroy();
  }

  /// Runs the body to its first co_yield and returns an iterator at that value.
  iterator begin() { return iterator{h_}; }  // the body already stopped at its first co_yield
  std::default_sentinel_t end() const { return {}; }

 private:
  Handle h_;
};
