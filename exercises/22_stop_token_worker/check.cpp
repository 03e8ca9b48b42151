// Checks for 22_stop_token_worker. The learner does not edit this file.
//
// CountsThePrimes lets a small search run to its end. DestructorStopsTheSearch starts a
// search of ten billion numbers (hours of work), waits until it is under way, and destroys
// the PrimeSearch on a helper thread, timing the destructor:
//   - a destructor that joins a search that cannot be stopped never returns. After kHang
//     the check looks whether the search is still counting (it is: the verdict is timeout,
//     a busy thread that never finishes) and ends the process, since the stuck destructor
//     can be neither stopped nor joined. The check decides this itself rather than leaving
//     it to the grader's watchdog: the watchdog tells "busy" from "blocked" by the CPU time
//     used in half a second, and on a loaded machine a busy thread may get too little of it;
//   - a destructor that returns but leaves the search running (detach) is caught by
//     counting the process's threads afterwards (thread-leak);
//   - a search that checks a stop request between two numbers ends within a few
//     milliseconds (about 1 ms per number near 10^10); the bound is kPrompt.
// The object is built in static storage that is never freed: a leaked search that keeps
// writing its counters then writes into memory that still exists, and the thread count,
// not a use-after-free, is what the check reports.
#include <prime_search.h>
#include <threadlings/check.h>

#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <new>
#include <string>
#include <thread>

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr auto kPrompt = 500ms;  // the destructor's bound; a good one needs a few ms
constexpr auto kHang = 2000ms;   // a destructor still running after this will never return

/// Waits up to `limit` for `done()`; says whether it happened.
template <class F>
bool wait_until(F done, std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  while (!done()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

alignas(PrimeSearch) unsigned char g_storage[sizeof(PrimeSearch)];  // never freed (see above)

}  // namespace

// The primes below 20000: 2262 of them. The search runs to its end by itself.
TEST(PrimeSearch, CountsThePrimes) {
  auto search = std::make_unique<PrimeSearch>(0, 20000);
  if (!wait_until([&] { return search->finished(); }, 5000ms)) {
    ADD_FAILURE() << "a search of 20000 numbers did not finish within 5 s (checked "
                  << search->checked() << " so far)";
    return;
  }
  if (search->found() != 2262 || search->checked() != 20000)
    ADD_FAILURE() << "a search of [0, 20000) found " << search->found() << " primes in "
                  << search->checked() << " numbers; expected 2262 primes in 20000 numbers";
  search.reset();
}

// Ten billion numbers from 10^10: destroying the search must stop it, promptly.
TEST(PrimeSearch, DestructorStopsTheSearch) {
  const int baseline = tl::thread_baseline();
  constexpr std::uint64_t kFrom = 10'000'000'000ULL;
  auto* search = new (g_storage) PrimeSearch(kFrom, 2 * kFrom);
  if (!wait_until([&] { return search->found() >= 3; }, 5000ms)) {
    ADD_FAILURE() << "the search found no 3 primes near 10^10 within 5 s: is it running?";
    return;  // (leaves the search running: the verdict is known)
  }
  std::printf("threadlings-check: %llu numbers checked; destroying the PrimeSearch with about "
              "10^10 still to go: ~PrimeSearch() must stop it within %s\n",
              static_cast<unsigned long long>(search->checked()),
              tl::format_ms(kPrompt).c_str());
  std::fflush(stdout);

  std::atomic<long long> took_us{-1};
  std::thread destroyer([&] {
    const auto start = Clock::now();
    search->~PrimeSearch();
    took_us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
  });
  if (!wait_until([&] { return took_us.load() >= 0; }, kHang)) {
    // The destructor is stuck. Is the search still working? (Its counters are still alive:
    // the destructor has not got past its first statement.)
    const auto before = search->checked();
    std::this_thread::sleep_for(500ms);
    const auto after = search->checked();
    const bool busy = after > before;
    TL_REPORT(busy ? "timeout" : "deadlock",
              "~PrimeSearch() had not returned after " + tl::format_ms(kHang) +
                  (busy ? "; meanwhile the search thread went on working (it checked " +
                              std::to_string(after - before) +
                              " more numbers in 500 ms): the destructor waits in join() for a "
                              "search that nothing told to stop, and it has hours to go"
                        : "; the search thread made no progress either: what are they "
                          "waiting for?"));
    std::fflush(stdout);
    std::fflush(stderr);
    syscall(SYS_exit_group, 1);  // the stuck destructor can be neither stopped nor joined
  }
  destroyer.join();
  const auto took = std::chrono::microseconds(took_us.load());
  std::printf("threadlings-check: ~PrimeSearch() returned after %s\n", tl::format_ms(took).c_str());
  if (took > kPrompt)
    ADD_FAILURE() << "~PrimeSearch() took " << tl::format_ms(took) << " to return; bound "
                  << tl::format_ms(kPrompt)
                  << ": the search must check for a stop request often (between two numbers)";
  TL_EXPECT_NO_THREAD_LEAK(baseline, "after ~PrimeSearch() returned: the search was not stopped",
                           500ms);
}
