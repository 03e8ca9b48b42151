#pragma once

#include <functional>
#include <semaphore>
#include <string>
#include <utility>

inline constexpr int kMaxDownloads = 3;

class Downloader {
 public:
  using Fetch = std::function<std::string(const std::string& url)>;

  explicit Downloader(Fetch fetch) : fetch_(std::move(fetch)) {}

  std::string download(const std::string& url) {
    slots_.acquire();
    struct Release {
      std::counting_semaphore<kMaxDownloads>& s;
      ~Release() { s.release(); }
    } release{slots_};
    return fetch_(url);
  }

 private:
  Fetch fetch_;
  std::counting_semaphore<kMaxDownloads> slots_{kMaxDownloads - 1};
};
