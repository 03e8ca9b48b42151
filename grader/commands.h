// Every use's subcommands, for main and the `dev` group to wire together: the only place
// that sees all the uses.
#pragma once

#include <CLI/CLI.hpp>
#include <vector>

#include "grade_cli.h"
#include "learn_cli.h"
#include "quiz_cli.h"

namespace threadlings {

/// `threadlings dev check|pristine|cards`: the kit author's tools, from the learner's loop and
/// the quiz.
std::vector<Command> SetupDev(CLI::App& parent);

}  // namespace threadlings
