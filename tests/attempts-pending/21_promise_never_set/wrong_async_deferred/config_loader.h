// Goal: load() parses configuration text on a worker thread and at once returns a
// std::future for the result. That future must always become ready: with the Config, or
// with the very ParseError the parser threw, so that the caller's get() rethrows it and the
// caller can show which line is wrong. Today a parse error is only logged on the worker,
// and the caller gets nothing useful.
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
    return std::async(std::launch::deferred,
                      [text = std::move(text)] { return parse_config(text); });
  }

 private:
};
