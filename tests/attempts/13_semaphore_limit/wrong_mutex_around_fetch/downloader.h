#pragma once

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
    std::lock_guard lock(m_);
    return fetch_(url);
  }

 private:
  Fetch fetch_;
  std::mutex m_;
};
