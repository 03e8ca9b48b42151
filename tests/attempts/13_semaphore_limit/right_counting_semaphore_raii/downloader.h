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
  using Fetch = std::function<std::string(const std::string& url)>;

  explicit Downloader(Fetch fetch) : fetch_(std::move(fetch)) {}

  std::string download(const std::string& url) {
    SlotGuard slot(slots_);
    return fetch_(url);
  }

 private:
  struct SlotGuard {
    explicit SlotGuard(std::counting_semaphore<kMaxDownloads>& s) : s_(s) { s_.acquire(); }
    ~SlotGuard() { s_.release(); }
    SlotGuard(const SlotGuard&) = delete;
    SlotGuard& operator=(const SlotGuard&) = delete;
    std::counting_semaphore<kMaxDownloads>& s_;
  };

  Fetch fetch_;
  std::counting_semaphore<kMaxDownloads> slots_{kMaxDownloads};
};
