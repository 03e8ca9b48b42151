// Mutant (wrong fix): acquire a slot, and release it before fetching.
// Tempting: "wait until a slot is free, then go": the wait is there, and no slot can ever be
// lost, even when fetch_ throws.
// Wrong: the slot is given back before the fetch starts, so the fetch runs without holding
// it. Waiting for a free slot does not limit anything unless the slot is kept while working.
// Expected verdict: wrong-result.
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
    slots_.acquire();  // wait for a free slot...
    slots_.release();  // ...and give it back at once, so that a throw cannot lose it
    return fetch_(url);
  }

 private:
  Fetch fetch_;
  std::counting_semaphore<kMaxDownloads> slots_{kMaxDownloads};
};
