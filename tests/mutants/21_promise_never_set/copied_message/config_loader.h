// Mutant (wrong fix): set_exception() with a new std::runtime_error carrying the message.
// Tempting: the future now holds an error, and its text is the same.
// Wrong: it is not the same exception. The caller's `catch (const ParseError& e)` no longer
// matches, and e.line() is gone. std::current_exception() hands over the original, with its
// type. Expected verdict: wrong-result.
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
        promise.set_exception(std::make_exception_ptr(std::runtime_error(e.what())));
        return;
      }
      promise.set_value(std::move(config));
    });
    return result;
  }

 private:
  std::vector<std::jthread> workers_;  ///< each one is joined when the loader is destroyed
};
