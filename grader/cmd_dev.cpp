// `threadlings dev`: the kit author's tools, wired from two uses: `dev check` and `dev
// pristine` (the learner's loop) and `dev cards` (the quiz); `dev check` of the whole kit
// checks the question bank too.
#include "commands.h"

namespace threadlings {

std::vector<Command> SetupDev(CLI::App& parent) {
  auto* dev = parent.add_subcommand("dev", "Tools for kit authors");
  dev->require_subcommand(1);
  auto check = std::make_shared<DevCheckOptions>();
  auto* c = dev->add_subcommand(
      "check", "Prove the kit: shipped exercises fail as declared, solutions pass, mutants and blind attempts get their verdicts");
  c->add_option("names", check->names, "Exercises to check (default: all)");
  c->add_option("--runs,-n", check->runs, "Run each variant this many times")->check(CLI::Range(1, 1000));
  c->add_option("--seed", check->seed, "Schedule-perturbation seed for every run");
  c->add_option("--jobs,-j", check->jobs,
                "Variants whose checks run at the same time (builds use every core anyway)")
      ->check(CLI::Range(1, 64));
  c->add_flag("!--no-attempts", check->attempts,
              "Skip the blind attempts of tests/attempts/ (only the shipped copy, solution and mutants)");
  c->add_flag("--messages", check->messages,
              "Also print each variant's message as a learner sees it (place, summary, details), to review them");
  auto pristine = std::make_shared<DevPristineOptions>();
  auto* p = dev->add_subcommand(
      "pristine", "Record the exercise's current edited files as its starting (broken) version");
  p->add_option("name", pristine->name, "Exercise")->required();
  auto* q = dev->add_subcommand(
      "cards", "Validate the question bank: schema, unique ids, sources in notes/, coverage");
  check->check_bank = [](App& app) { return RunDevCards(app, /*quiet=*/true); };
  return {{c, [check](App& app) { return RunDevCheck(app, *check); }},
          {p, [pristine](App& app) { return RunDevPristine(app, *pristine); }},
          {q, [](App& app) { return RunDevCards(app, /*quiet=*/false); }}};
}

}  // namespace threadlings
