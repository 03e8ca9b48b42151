// Goal: many threads call Downloader::download() at once, but the mirror we download from
// allows at most kMaxDownloads connections from us at a time and bans us beyond that. As
// written, every caller starts its fetch at once. Let at most kMaxDownloads fetches run at the
// same time (the others wait for a free slot), and let a fetch that fails (throws) give its
// slot back like any other.
#pragma once

#include <functional>
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
    // TODO: nothing limits how many threads are inside fetch_ at once. Wait here for a free
    // slot, and give it back when the fetch is over, also when it throws.
    return fetch_(url);
  }

 private:
  Fetch fetch_;
  // TODO: add what counts the free download slots.
};
