// Mutant (wrong fix): drop the try/catch and let the ParseError propagate.
// Tempting: exceptions propagate to the caller... within one thread. This one is on a worker
// thread, and nothing above the thread's function can catch it.
// Wrong: an exception that leaves a thread's function calls std::terminate: one bad config
// file kills the whole program. Expected verdict: crash.
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
      // No try/catch: "let the ParseError propagate to the caller".
      promise.set_value(parse_config(text));
    });
    return result;
  }

 private:
  std::vector<std::jthread> workers_;  ///< each one is joined when the loader is destroyed
};
