// Checks for 30_blocking_io_sequential.
//
// The check does not time the batch (a shared machine makes timing noisy); it counts the
// fetches in flight at the same moment, and the peak must reach the size of the batch. The
// fake network holds each fetch() until the whole batch is in flight, or until kGather has
// passed since the first call began, and then answers after kLatency. So a fix that starts
// every fetch before it waits for any reaches the full peak however the threads are
// scheduled; code that waits for each answer before it starts the next fetch keeps the peak
// at 1 (its first fetch waits kGather alone).
#include <fetch_all.h>
#include <threadlings/check.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kBatch = 8;
constexpr auto kGather = 500ms;  // how long the first fetch waits for the rest of the batch
constexpr auto kLatency = 40ms;  // the network's answer time once the batch is in flight

std::vector<std::string> batch_of_urls(int n) {
  std::vector<std::string> urls;
  for (int i = 0; i < n; ++i) urls.push_back("https://example.org/page/" + std::to_string(i));
  return urls;
}

std::string page_of(const std::string& url) { return "<html>" + url + "</html>"; }

/// The fake network. Counts the calls in flight; with `gather`, holds each call until the
/// whole batch is in flight (at most kGather after the first call); answers after `latency(url)`.
class FakeNetwork {
 public:
  FakeNetwork(int batch, bool gather, std::function<std::chrono::milliseconds(int index)> latency)
      : batch_(batch), gather_(gather), latency_(std::move(latency)) {}

  std::string fetch(const std::string& url) {
    const int index = std::stoi(url.substr(url.rfind('/') + 1));
    {
      std::unique_lock lock(m_);
      if (calls_++ == 0) gather_until_ = Clock::now() + kGather;
      ++calls_per_url_[url];
      peak_ = std::max(peak_, ++in_flight_);
      cv_.notify_all();
      if (gather_) cv_.wait_until(lock, gather_until_, [&] { return peak_ >= batch_; });
    }
    std::this_thread::sleep_for(latency_(index));
    std::scoped_lock lock(m_);
    --in_flight_;
    return page_of(url);
  }

  int peak() {
    std::scoped_lock lock(m_);
    return peak_;
  }

  std::map<std::string, int> calls_per_url() {
    std::scoped_lock lock(m_);
    return calls_per_url_;
  }

 private:
  const int batch_;
  const bool gather_;
  const std::function<std::chrono::milliseconds(int)> latency_;
  std::mutex m_;
  std::condition_variable cv_;
  int calls_ = 0;
  int in_flight_ = 0;
  int peak_ = 0;
  std::map<std::string, int> calls_per_url_;
  Clock::time_point gather_until_;
};

Fetch fetch_from(FakeNetwork& net) {
  return [&net](const std::string& url) { return net.fetch(url); };
}

}  // namespace

// Every url is fetched once, and the pages come back in the order of the urls, even when the
// answers arrive in the opposite order (the last url answers first).
TEST(FetchAll, PagesComeBackInOrder) {
  const auto urls = batch_of_urls(kBatch);
  auto net = std::make_unique<FakeNetwork>(kBatch, /*gather=*/false, [](int index) {
    return std::chrono::milliseconds(5 * (kBatch - index));
  });
  const std::vector<std::string> pages = fetch_all(urls, fetch_from(*net));
  ASSERT_EQ(pages.size(), urls.size()) << "fetch_all() must return one page per url";
  for (std::size_t i = 0; i < urls.size(); ++i)
    EXPECT_EQ(pages[i], page_of(urls[i])) << "page " << i << " is not the page of " << urls[i]
                                          << " (the pages must come back in the order of the urls)";
  for (const auto& url : urls)
    EXPECT_EQ(net->calls_per_url()[url], 1) << url << " must be fetched exactly once";
}

// The whole batch must be in flight at once: the peak must be kBatch.
TEST(FetchAll, FetchesOverlap) {
  const auto urls = batch_of_urls(kBatch);
  auto net = std::make_unique<FakeNetwork>(kBatch, /*gather=*/true,
                                           [](int) { return std::chrono::milliseconds(kLatency); });
  const auto start = Clock::now();
  const std::vector<std::string> pages = fetch_all(urls, fetch_from(*net));
  const auto took = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
  const int peak = net->peak();
  std::printf("threadlings-check: peak %d of %d fetches in flight at once (batch took %s)\n",
              peak, kBatch, tl::format_ms(took).c_str());
  ASSERT_EQ(pages.size(), urls.size()) << "fetch_all() must return one page per url";
  if (peak == 1)
    TL_REPORT("wrong-result",
              "peak 1 of " + std::to_string(kBatch) + " fetches in flight at once; expected " +
                  std::to_string(kBatch) + ". Each fetch() blocked until its answer came, and " +
                  "only then did the next one start, so the batch waited for " +
                  std::to_string(kBatch) + " answers one after another while the CPU idled. " +
                  "Waiting needs a thread, not a core: start every fetch, then collect the pages.");
  else if (peak < kBatch)
    TL_REPORT("wrong-result",
              "peak " + std::to_string(peak) + " of " + std::to_string(kBatch) +
                  " fetches in flight at once; expected " + std::to_string(kBatch) +
                  ": some fetches started only after others had finished");
}
