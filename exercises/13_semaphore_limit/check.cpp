// Checks for 13_semaphore_limit. The learner does not edit this file.
//
// Too many downloads at once is not a data race, so ThreadSanitizer cannot see it. The check's
// fetch function counts the fetches running at the same moment and remembers the peak. Each
// fetch stays inside for kHold, or until it sees more than kMaxDownloads fetches inside (a
// violation, decided at once). So with kCallers callers released together:
// - without a limit, a 4th fetch joins the first three while they are still inside: peak 4;
// - with the limit, three fetches are inside together for kHold: peak exactly 3;
// - with everything serialised (a mutex), the fetches never overlap: peak 1.
// None of this depends on luck: only on threads that are ready to run getting the CPU within
// kHold, which is a wide margin.
#include <downloader.h>
#include <threadlings/check.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;

constexpr int kCallers = kMaxDownloads + 1;
constexpr auto kHold = 250ms;  // how long a fetch stays inside, unless it sees a violation

/// The fetch function: counts the fetches inside and holds each one for a while. A url that
/// starts with "bad:" fails at once with std::runtime_error.
class FetchProbe {
 public:
  std::string fetch(const std::string& url) {
    std::unique_lock lock(m_);
    ++inside_;
    peak_ = std::max(peak_, inside_);
    changed_.notify_all();
    if (url.rfind("bad:", 0) == 0) {
      --inside_;
      throw std::runtime_error("404 not found: " + url);
    }
    changed_.wait_for(lock, kHold, [&] { return peak_ > kMaxDownloads; });
    --inside_;
    changed_.notify_all();
    return "body of " + url;
  }

  Downloader::Fetch function() {
    return [this](const std::string& url) { return fetch(url); };
  }

  int peak() {
    std::scoped_lock lock(m_);
    return peak_;
  }

  void reset_peak() {
    std::scoped_lock lock(m_);
    peak_ = inside_;
  }

 private:
  std::mutex m_;
  std::condition_variable changed_;
  int inside_ = 0;
  int peak_ = 0;
};

/// Starts `n` threads that each download one url at the same moment; returns what each got.
std::vector<std::string> download_together(Downloader& downloader, int n) {
  std::vector<std::string> bodies(n);
  tl::StartGate gate;
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&, i] {
      gate.wait();
      bodies[i] = downloader.download("https://mirror.example/file" + std::to_string(i));
    });
  gate.open();
  for (auto& t : threads) t.join();
  return bodies;
}

/// Reports a wrong-result unless every body is the one its url asked for.
void expect_bodies(const std::vector<std::string>& bodies) {
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    const std::string want = "body of https://mirror.example/file" + std::to_string(i);
    if (bodies[i] != want) {
      TL_REPORT("wrong-result", "download() returned '" + bodies[i] + "' where '" + want +
                                    "' was expected: return what fetch() returned");
      return;
    }
  }
}

/// Reports a wrong-result unless the peak is exactly kMaxDownloads.
void expect_peak(int peak, int callers) {
  const std::string limit = std::to_string(kMaxDownloads);
  if (peak > kMaxDownloads)
    TL_REPORT("wrong-result", std::to_string(peak) + " fetches ran at the same time; at most " +
                                  limit + " may: the others must wait for a free slot");
  else if (peak < kMaxDownloads)
    TL_REPORT("wrong-result",
              "at most " + std::to_string(peak) + " fetch(es) ran at the same time, although " +
                  std::to_string(callers) + " downloads were started together and the limit is " +
                  limit + ": up to " + limit +
                  " must be able to run together (a mutex lets only one through)");
}

}  // namespace

// kCallers downloads start together: exactly kMaxDownloads may fetch at the same time.
TEST(Downloader, AtMostThreeAtOnce) {
  auto probe = std::make_unique<FetchProbe>();
  auto downloader = std::make_unique<Downloader>(probe->function());
  const auto bodies = download_together(*downloader, kCallers);
  expect_peak(probe->peak(), kCallers);
  expect_bodies(bodies);
}

// Failed downloads (fetch throws) must give their slot back: after more failures than there
// are slots, kMaxDownloads downloads must still be able to run together.
TEST(Downloader, FailedDownloadsGiveTheirSlotBack) {
  auto probe = std::make_unique<FetchProbe>();
  auto downloader = std::make_unique<Downloader>(probe->function());
  constexpr int kFailures = kMaxDownloads + 1;
  for (int i = 0; i < kFailures; ++i) {
    std::printf("threadlings-check: failed download %d of %d (if this hangs, the failed "
                "downloads before it kept their slots)\n", i + 1, kFailures);
    std::fflush(stdout);
    bool threw = false;
    try {
      downloader->download("bad:https://mirror.example/missing" + std::to_string(i));
    } catch (const std::runtime_error&) {
      threw = true;
    }
    if (!threw) {
      TL_REPORT("wrong-result", "a failed download did not throw: the error of fetch() must "
                                "reach the caller of download()");
      return;
    }
  }
  probe->reset_peak();
  const auto bodies = download_together(*downloader, kMaxDownloads);
  expect_peak(probe->peak(), kMaxDownloads);
  expect_bodies(bodies);
}
