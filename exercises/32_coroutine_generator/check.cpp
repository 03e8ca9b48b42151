// Checks for 32_coroutine_generator.
//
// Single-threaded and deterministic: the checks write their own coroutines with the
// learner's Generator<T>, pull values out of them and compare. A side-effect counter in the
// body shows exactly when the body runs, so an eager generator (one that runs its body before
// anyone asks) is caught even when its values are right.
#include <generator.h>
#include <threadlings/check.h>

#include <algorithm>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

Generator<long> fibonacci() {
  long a = 0, b = 1;
  for (;;) {
    co_yield a;
    a = std::exchange(b, a + b);
  }
}

Generator<int> range(int from, int to) {
  for (int i = from; i < to; ++i) co_yield i;
}

Generator<std::string> words(std::vector<std::string> list) {
  for (auto& w : list) co_yield w;
}

/// Yields 0, 1, 2, ... up to `count` values, counting in `produced` each value it computes.
Generator<int> counted(int& produced, int count) {
  for (int i = 0; i < count; ++i) {
    ++produced;
    co_yield i;
  }
}

/// Counts in `ended` when its frame is destroyed (the guard's destructor runs).
struct EndGuard {
  int& ended;
  ~EndGuard() { ++ended; }
};

Generator<int> guarded(int& ended) {
  EndGuard guard{ended};
  for (int i = 0;; ++i) co_yield i;
}

/// The first `n` values of `gen` (all of them if it has fewer).
template <class T>
std::vector<T> take(Generator<T>& gen, std::size_t n) {
  std::vector<T> out;
  if (n == 0) return out;
  for (const T& v : gen) {
    out.push_back(v);
    if (out.size() == n) break;
  }
  return out;
}

template <class T>
std::string show(const std::vector<T>& values) {
  if (values.empty()) return "(nothing)";
  std::ostringstream s;
  for (std::size_t i = 0; i < values.size(); ++i) s << (i ? " " : "") << values[i];
  return s.str();
}

/// Reports wrong-result, with a diagnosis, unless `got` equals `want`; says whether they match.
template <class T>
bool expect_sequence(const std::string& what, const std::vector<T>& got, const std::vector<T>& want) {
  if (got == want) return true;
  std::string why;
  const bool one_step_late =  // a default value first, then the wanted values
      !got.empty() && got.front() == T{} && got.size() <= want.size() + 1 &&
      std::equal(got.begin() + 1, got.end(), want.begin());
  const bool first_lost =  // the wanted values from the second one on
      want.size() > 1 && !got.empty() && got.size() <= want.size() &&
      std::equal(want.begin() + 1, want.begin() + got.size(), got.begin());
  if (one_step_late)
    why = ": the consumer read a value before the body had yielded any (a default-made value), "
          "and every real value came one step late";
  else if (first_lost)
    why = ": the first value never reached the consumer; the body had already gone past its "
          "first co_yield when the consumer read the first value";
  TL_REPORT("wrong-result", what + " gave " + show(got) + ", expected " + show(want) + why);
  return false;
}

}  // namespace

// Every value reaches the consumer once, in order; an empty body gives an empty sequence.
TEST(Generator, YieldsEveryValueInOrder) {
  auto fib = std::make_unique<Generator<long>>(fibonacci());
  if (!expect_sequence("fibonacci() (first 10)", take(*fib, 10),
                       std::vector<long>{0, 1, 1, 2, 3, 5, 8, 13, 21, 34}))
    return;
  auto r = std::make_unique<Generator<int>>(range(1, 6));
  if (!expect_sequence("range(1, 6)", take(*r, 100), std::vector<int>{1, 2, 3, 4, 5})) return;
  auto empty = std::make_unique<Generator<int>>(range(3, 3));
  if (!expect_sequence("range(3, 3)", take(*empty, 100), std::vector<int>{})) return;
  auto w = std::make_unique<Generator<std::string>>(words({"lazy", "values", "on", "demand"}));
  expect_sequence("words(...)", take(*w, 100),
                  std::vector<std::string>{"lazy", "values", "on", "demand"});
}

// The body runs only when a value is asked for: not at the call, one value per step.
TEST(Generator, RunsOnlyWhenAsked) {
  int produced = 0;
  auto gen = std::make_unique<Generator<int>>(counted(produced, 5));
  if (produced != 0) {
    TL_REPORT("wrong-result",
              "calling the coroutine already ran its body: " + std::to_string(produced) +
                  " value(s) computed before anyone asked for one. A lazy generator starts "
                  "suspended, and runs only when begin() or ++ asks for the next value");
    return;
  }
  auto it = gen->begin();
  ASSERT_EQ(produced, 1) << "begin() must run the body exactly to its first co_yield";
  ASSERT_EQ(*it, 0) << "the first value read must be the first value yielded";
  ++it;
  ASSERT_EQ(produced, 2) << "++ must run the body exactly to its next co_yield";
  ASSERT_EQ(*it, 1);
}

// Destroying a generator part-way destroys the coroutine's frame: its locals' destructors run.
TEST(Generator, DestroyingItEndsTheBody) {
  int ended = 0;
  auto gen = std::make_unique<Generator<int>>(guarded(ended));
  EXPECT_EQ(take(*gen, 3), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(ended, 0) << "the body's locals were destroyed while the generator was still alive";
  gen.reset();
  EXPECT_EQ(ended, 1) << "~Generator() must destroy the coroutine frame (handle.destroy())";
}
