#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <utility>

inline constexpr int kMaxDownloads = 3;

class Downloader {
 public:
  using Fetch = std::function<std::string(const std::string& url)>;

  explicit Downloader(Fetch fetch) : fetch_(std::move(fetch)) {}

  std::string download(const std::string& url) {
    {
      std::unique_lock lock(m_);
      cv_.wait(lock, [this] { return free_ > 0; });
      --free_;
    }
    Giveback giveback{*this};
    return fetch_(url);
  }

 private:
  struct Giveback {
    Downloader& d;
    ~Giveback() {
      {
        std::lock_guard lock(d.m_);
        ++d.free_;
      }
      d.cv_.notify_one();
    }
  };

  Fetch fetch_;
  std::mutex m_;
  std::condition_variable cv_;
  int free_ = kMaxDownloads;  // guarded by m_
};
