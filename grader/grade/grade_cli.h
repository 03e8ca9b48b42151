// Grading submissions in CI: `threadlings grade` and `threadlings grade merge`.
#pragma once

#include <CLI/CLI.hpp>
#include <vector>

#include "command.h"

namespace threadlings {

/// `threadlings grade` and `threadlings grade merge`.
std::vector<Command> SetupGrade(CLI::App& parent);

}  // namespace threadlings
