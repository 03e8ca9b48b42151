// Checks for 02_thread_args_by_reference. The learner does not edit this file.
//
// slice_sums() must return the sum of every slice, added by the workers into the caller's
// vector. Before it reads the result, the check waits for any worker thread that might still
// be running (a detached one): its writes then certainly happened, and ThreadSanitizer
// reports the unordered read of `sums` every time instead of only when the timing is bad.
#include <slice_sums.h>
#include <threadlings/check.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;

/// `n` values: 1, 2, 3, ... so that every slice has a different sum.
std::unique_ptr<std::vector<int>> make_values(int n) {
  auto values = std::make_unique<std::vector<int>>();
  for (int i = 1; i <= n; ++i) values->push_back(i);
  return values;
}

/// Compares what slice_sums(values, parts) returned with the sums computed here.
void expect_slice_sums(const std::vector<int>& values, int parts, const std::vector<long>& got) {
  if (got.size() != static_cast<std::size_t>(parts)) {
    TL_REPORT("wrong-result", "slice_sums(" + std::to_string(values.size()) + " values, " +
                                  std::to_string(parts) + " parts) returned " +
                                  std::to_string(got.size()) + " sums; expected one per part");
    return;
  }
  const std::size_t step = (values.size() + parts - 1) / parts;
  for (int i = 0; i < parts; ++i) {
    const std::size_t from = std::min(values.size(), i * step);
    const std::size_t to = std::min(values.size(), from + step);
    long want = 0;
    for (std::size_t k = from; k < to; ++k) want += values[k];
    if (got[i] == want) continue;
    std::ostringstream message;
    message << "slice " << i << " (values[" << from << ".." << to << ") of " << values.size()
            << ", " << parts << " parts): expected sum " << want << ", got " << got[i];
    if (got[i] == 0)
      message << ": the worker added into a copy, never into the caller's sums[" << i << "]";
    TL_REPORT("wrong-result", message.str());
    return;  // one slice says it all
  }
}

}  // namespace

// Three calls with different sizes; each must return every slice's sum.
TEST(SliceSums, EverySliceArrives) {
  const int baseline = tl::thread_baseline();
  for (const auto& [n, parts] : {std::pair{20000, 4}, std::pair{10, 3}, std::pair{7, 7}}) {
    auto values = make_values(n);
    const std::vector<long> sums = slice_sums(*values, parts);
    // A worker that was not joined may still be writing; wait until it is gone, so that its
    // writes (if any) happened before the reads below.
    const int left = tl::wait_for_threads(baseline, 1000ms) - baseline;
    expect_slice_sums(*values, parts, sums);
    if (left > 0)
      TL_REPORT("thread-leak", std::to_string(left) +
                                   " worker thread(s) still running 1 s after slice_sums() "
                                   "returned: join every worker before returning");
    if (HasFailure()) return;
  }
}
