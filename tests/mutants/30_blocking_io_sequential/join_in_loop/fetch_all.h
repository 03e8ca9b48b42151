// Mutant (wrong fix): a thread per fetch, joined right after it is started.
// Tempting: every fetch now "runs on its own thread".
// Wrong: join() waits for that thread to finish before the loop starts the next one, so the
// fetches still run one at a time; the threads only add the cost of creating them.
// Expected verdict: wrong-result.
#pragma once

#include <functional>
#include <thread>
#include <string>
#include <vector>

/// Downloads one page: blocks the calling thread until the answer arrives (about 100 ms).
/// Safe to call from several threads at once.
using Fetch = std::function<std::string(const std::string& url)>;

/// Returns the pages of `urls`, in the same order as `urls`.
inline std::vector<std::string> fetch_all(const std::vector<std::string>& urls, const Fetch& fetch) {
  std::vector<std::string> pages;
  pages.resize(urls.size());
  for (std::size_t i = 0; i < urls.size(); ++i) {
    std::thread worker([&, i] { pages[i] = fetch(urls[i]); });
    worker.join();
  }
  return pages;
}
