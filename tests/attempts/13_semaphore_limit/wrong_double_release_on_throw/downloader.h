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
      std::counting_semaphore<>& s;
      ~Release() { s.release(); }
    } release{slots_};
    try {
      return fetch_(url);
    } catch (...) {
      slots_.release();  // make sure a failed fetch gives its slot back
      throw;
    }
  }

 private:
  Fetch fetch_;
  std::counting_semaphore<> slots_{kMaxDownloads};
};
