// A declared subcommand and the function that runs it: what every use's Setup returns, so
// main can find the one the user chose.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "app.h"

namespace threadlings {

/// A declared subcommand and the function that runs it once parsed.
struct Command {
  CLI::App* cli = nullptr;
  std::function<int(App&)> run;
  bool needs_exercises = true;  ///< false: the kit's folder is enough (no manifests read)
};

}  // namespace threadlings
