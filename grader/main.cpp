// threadlings: the CLI. Parses the command line and hands off to one subcommand.
#include <CLI/CLI.hpp>

#include "commands.h"
#include "suggest.h"

using namespace threadlings;

int main(int argc, char** argv) {
  BecomeSubreaper();
  CLI::App cli{"threadlings: fix broken concurrent C++ programs until ThreadSanitizer and the "
               "stress checks agree they are right.",
               "threadlings"};
  cli.set_version_flag("--version", THREADLINGS_VERSION);
  GlobalOptions global;
  // Suggested commands use the name the user typed when it is a relative path ("./threadlings").
  if (argc > 0 && std::string(argv[0]).rfind("./", 0) == 0) global.program = argv[0];
  cli.add_option("--kit", global.kit, "The kit folder (default: found from the working directory)");
  cli.add_option("--cxx", global.cxx, "C++ compiler for the checks (default: $THREADLINGS_CXX or " +
                                          DefaultCompiler() + ")");
  cli.add_option("--color", global.color, "Colour: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cli.add_option("--data-dir", global.data_dir,
                 "Where quiz reviews and settings are kept (default: $THREADLINGS_DATA_DIR, else "
                 "$XDG_DATA_HOME/threadlings, else ~/.local/share/threadlings)");
  cli.add_flag("--verbose,-v", global.verbose, "Show full reports and compiler output");
  cli.fallthrough();
  // The learner's loop offers the quiz's cards after a pass; only main sees both uses.
  const AfterPass cards = OfferCardsAfterExercise;
  std::vector<Command> commands = {SetupWatch(cli, cards), SetupStatus(cli), SetupList(cli),
                                   SetupVerify(cli, cards), SetupHint(cli),  SetupReset(cli),
                                   SetupSolution(cli)};
  for (auto& c : SetupDev(cli)) commands.push_back(c);
  for (auto& c : SetupQuiz(cli)) commands.push_back(c);
  for (auto& c : SetupGrade(cli)) commands.push_back(c);
  cli.footer("Run 'threadlings' alone to work through the course: it verifies the current exercise on "
             "every save ('threadlings watch --help' lists its keys). 'threadlings COMMAND --help' for more.");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return cli.exit(e);
    std::string message = e.what();
    const std::vector<std::string> extras = cli.remaining();
    if (dynamic_cast<const CLI::ExtrasError*>(&e) && !extras.empty()) {
      std::vector<std::string> names;
      for (const auto* sub : cli.get_subcommands({})) names.push_back(sub->get_name());
      message = "unknown command '" + extras.front() + "'" + DidYouMean(extras.front(), names) +
                "; 'threadlings --help' lists the commands";
    }
    PrintError(message);
    return kExitUsage;
  }
  App app(global);
  std::string err;
  const Command* chosen = nullptr;
  for (auto& c : commands)
    if (c.cli->parsed()) chosen = &c;
  if (!app.Open(&err, chosen == nullptr || chosen->needs_exercises)) {
    PrintError(err);
    return kExitError;
  }
  if (chosen) return chosen->run(app);
  WatchOptions watch;
  watch.after_pass = cards;
  return RunWatch(app, watch);
}
