#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <utility>

inline constexpr int kMaxDownloads = 3;

class Downloader {
 public:
  using Fetch = std::function<std::string(const std::string& url)>;

  explicit Downloader(Fetch fetch) : fetch_(std::move(fetch)) {}

  std::string download(const std::string& url) {
    take_slot();
    struct Release {
      std::atomic<int>& f;
      ~Release() {
        f.fetch_add(1, std::memory_order_release);
        f.notify_one();
      }
    } release{free_};
    return fetch_(url);
  }

 private:
  void take_slot() {
    int cur = free_.load(std::memory_order_acquire);
    for (;;) {
      if (cur == 0) {
        free_.wait(0, std::memory_order_acquire);
        cur = free_.load(std::memory_order_acquire);
        continue;
      }
      if (free_.compare_exchange_weak(cur, cur - 1, std::memory_order_acq_rel,
                                      std::memory_order_acquire))
        return;
    }
  }

  Fetch fetch_;
  std::atomic<int> free_{kMaxDownloads};
};
