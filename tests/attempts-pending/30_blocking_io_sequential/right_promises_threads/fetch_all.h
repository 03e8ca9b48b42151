// Goal: fetch_all() downloads a batch of pages one after another. Each fetch() spends about
// 100 ms waiting for the network and almost no time computing, yet the next fetch does not
// even start until the previous one has its answer: 8 pages take 8 waits, while the CPU sits
// idle. Start all the fetches at once so that their waits overlap, and still return the pages
// in the order of the urls.
#pragma once

#include <functional>
#include <string>
#include <vector>
#include <thread>
#include <future>
#include <exception>

/// Downloads one page: blocks the calling thread until the answer arrives (about 100 ms).
/// Safe to call from several threads at once.
using Fetch = std::function<std::string(const std::string& url)>;

/// Returns the pages of `urls`, in the same order as `urls`.
inline std::vector<std::string> fetch_all(const std::vector<std::string>& urls, const Fetch& fetch) {
  std::vector<std::promise<std::string>> promises(urls.size());
  std::vector<std::future<std::string>> futures;
  for (auto& p : promises) futures.push_back(p.get_future());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < urls.size(); ++i)
    threads.emplace_back([&promises, &fetch, &urls, i] {
      try {
        promises[i].set_value(fetch(urls[i]));
      } catch (...) {
        promises[i].set_exception(std::current_exception());
      }
    });
  for (auto& t : threads) t.join();  // every fetch is already in flight
  std::vector<std::string> pages;
  for (auto& f : futures) pages.push_back(f.get());
  return pages;
}
