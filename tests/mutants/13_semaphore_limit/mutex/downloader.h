// Mutant (wrong fix): put a mutex around the fetch.
// Tempting: the mirror never sees more than three connections again, and a lock_guard gives
// the lock back when fetch_ throws.
// Wrong: a mutex lets ONE thread in, not three: the downloads are serialised, two of the three
// allowed connections stay idle and the crawl takes three times as long.
// Expected verdict: wrong-result.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <utility>

/// The most fetches that may run at the same time.
inline constexpr int kMaxDownloads = 3;

/// Downloads files through a fetch function, from many threads at once.
class Downloader {
 public:
  /// Fetches the body of `url`; throws std::runtime_error when the download fails.
  using Fetch = std::function<std::string(const std::string& url)>;

  explicit Downloader(Fetch fetch) : fetch_(std::move(fetch)) {}

  /// Downloads `url`; an error of the fetch (an exception) reaches the caller.
  std::string download(const std::string& url) {
    std::scoped_lock lock(m_);  // one fetch at a time is certainly not more than three
    return fetch_(url);
  }

 private:
  Fetch fetch_;
  std::mutex m_;
};
