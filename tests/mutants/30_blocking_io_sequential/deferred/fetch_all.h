// Mutant (wrong fix): std::async with std::launch::deferred.
// Tempting: it returns futures like the real fix, and "deferred" sounds like "in the
// background, later".
// Wrong: a deferred task runs on the thread that calls get(), when it calls get(): the
// fetches still run one after another, on this very thread.
// Expected verdict: wrong-result.
#pragma once

#include <functional>
#include <future>
#include <string>
#include <vector>

/// Downloads one page: blocks the calling thread until the answer arrives (about 100 ms).
/// Safe to call from several threads at once.
using Fetch = std::function<std::string(const std::string& url)>;

/// Returns the pages of `urls`, in the same order as `urls`.
inline std::vector<std::string> fetch_all(const std::vector<std::string>& urls, const Fetch& fetch) {
  std::vector<std::string> pages;
  std::vector<std::future<std::string>> pending;
  for (const auto& url : urls) pending.push_back(std::async(std::launch::deferred, fetch, url));
  for (auto& page : pending) pages.push_back(page.get());
  return pages;
}
