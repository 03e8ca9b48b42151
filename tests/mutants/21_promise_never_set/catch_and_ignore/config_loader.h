// Mutant (wrong fix): catch the ParseError, ignore it, and set the promise anyway.
// Tempting: the future always becomes ready now, and the "broken promise" is gone.
// Wrong: the caller gets an empty Config as if the file were fine, and never learns that
// line 3 is broken. An error must travel to the caller as an error: set_exception().
// Expected verdict: wrong-result.
#pragma once

#include <cstdio>
#include <future>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "config_parse.h"

/// Parses configuration files in the background. load() is called from one thread.
class ConfigLoader {
 public:
  /// Starts parsing `text` on a worker thread. The future holds the Config, or the
  /// ParseError that parse_config() threw.
  std::future<Config> load(std::string text) {
    std::promise<Config> promise;
    std::future<Config> result = promise.get_future();
    workers_.emplace_back([promise = std::move(promise), text = std::move(text)]() mutable {
      Config config;
      try {
        config = parse_config(text);
      } catch (const ParseError& e) {
        std::fprintf(stderr, "config: %s\n", e.what());
        // ignore it: go on with what was parsed, the promise gets set below
      }
      promise.set_value(std::move(config));
    });
    return result;
  }

 private:
  std::vector<std::jthread> workers_;  ///< each one is joined when the loader is destroyed
};
