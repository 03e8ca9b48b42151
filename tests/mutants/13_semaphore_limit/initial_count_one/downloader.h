// Mutant (wrong fix): the right semaphore and guard, but the semaphore starts at 1.
// Tempting: `std::counting_semaphore<kMaxDownloads>` looks as if the template argument set the
// limit, and 1 reads like "one slot object".
// Wrong: the template argument is only the largest count the semaphore must support. The
// constructor's argument is the number of free slots, and with 1 there is only ever one: the
// downloads are serialised, as with a mutex.
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
    slots_.acquire();              // wait until fewer than kMaxDownloads fetches run
    SlotReturn give_back{slots_};  // its destructor returns the slot, even if fetch_ throws
    return fetch_(url);
  }

 private:
  /// Releases one slot when it goes out of scope, however the scope is left.
  struct SlotReturn {
    std::counting_semaphore<kMaxDownloads>& slots;
    ~SlotReturn() { slots.release(); }
  };

  Fetch fetch_;
  std::counting_semaphore<kMaxDownloads> slots_{1};  // a semaphore for at most kMaxDownloads
};
