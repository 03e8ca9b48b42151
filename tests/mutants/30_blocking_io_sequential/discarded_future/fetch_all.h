// Mutant (wrong fix): std::async(std::launch::async, ...) whose future is thrown away.
// Tempting: each fetch really starts on a new thread and writes its page into its own slot,
// so there seems to be nothing to collect.
// Wrong: the destructor of a future returned by std::async waits for the task. The
// discarded temporary is destroyed at the end of the statement, so each loop iteration
// waits for its fetch before the next one starts: still one at a time.
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
  pages.resize(urls.size());
  for (std::size_t i = 0; i < urls.size(); ++i)
    std::async(std::launch::async, [&, i] { pages[i] = fetch(urls[i]); });
  return pages;
}
