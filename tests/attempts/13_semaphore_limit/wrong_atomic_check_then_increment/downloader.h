#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <utility>

inline constexpr int kMaxDownloads = 3;

class Downloader {
 public:
  using Fetch = std::function<std::string(const std::string& url)>;

  explicit Downloader(Fetch fetch) : fetch_(std::move(fetch)) {}

  std::string download(const std::string& url) {
    while (active_.load() >= kMaxDownloads) std::this_thread::yield();
    active_.fetch_add(1);
    struct Done {
      std::atomic<int>& a;
      ~Done() { a.fetch_sub(1); }
    } done{active_};
    return fetch_(url);
  }

 private:
  Fetch fetch_;
  std::atomic<int> active_{0};
};
