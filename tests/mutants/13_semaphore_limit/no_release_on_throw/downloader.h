// Mutant (wrong fix): acquire before the fetch, release after it.
// Tempting: the limit is exactly right as long as every fetch succeeds.
// Wrong: when fetch_ throws, the line with release() never runs and the slot is lost. After
// three failed downloads the semaphore is at zero for good, and every later download() waits
// forever. The release must happen on every way out of the function.
// Expected verdict: deadlock.
#pragma once

#include <functional>
#include <semaphore>
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
    slots_.acquire();
    std::string body = fetch_(url);
    slots_.release();
    return body;
  }

 private:
  Fetch fetch_;
  std::counting_semaphore<kMaxDownloads> slots_{kMaxDownloads};
};
