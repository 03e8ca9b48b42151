#include "cards.h"

#include <gtest/gtest.h>

#include <fstream>

#include "kit.h"

namespace threadlings {
namespace {

const fs::path kRepo = fs::path(THREADLINGS_TEST_DATA_DIR).parent_path();

const char* kGoodCard = R"(format: 1
topic: deadlock
cards:
  - id: deadlock-demo
    topics: [deadlock, mutex]
    kind: choice
    source: "001_a39f85cb28a15b89.txt#проблема взаимной блокировки deadlock в многопоточных системах"
    correct: 1
    en:
      question: "Q?"
      answer: "B"
      explanation: "Because."
      choices: ["A", "B"]
    ru:
      question: "В?"
      answer: "Б"
      explanation: "Потому что."
      choices: ["А", "Б"]
)";

std::string LoadError(const std::string& text, const std::string& file = "deadlock.yaml") {
  std::vector<Card> cards;
  std::string err;
  EXPECT_FALSE(LoadCardFile(fs::path("questions") / file, text, &cards, &err));
  return err;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  const size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return s.replace(at, from.size(), to);
}

TEST(Cards, ReadsACard) {
  std::vector<Card> cards;
  std::string err;
  ASSERT_TRUE(LoadCardFile("questions/deadlock.yaml", kGoodCard, &cards, &err)) << err;
  ASSERT_EQ(cards.size(), 1u);
  const Card& c = cards[0];
  EXPECT_EQ(c.id, "deadlock-demo");
  EXPECT_EQ(c.kind, CardKind::kChoice);
  EXPECT_EQ(c.correct, 1);
  EXPECT_EQ(c.line, 4);
  EXPECT_EQ(c.Text(Lang::kRu).choices[1], "Б");
  EXPECT_TRUE(c.HasTopic("mutex"));
}

TEST(Cards, ErrorsPointAtTheSpot) {
  EXPECT_EQ(LoadError(Replace(kGoodCard, "kind: choice", "kind: choise")),
            "questions/deadlock.yaml:6:11: error: unknown kind 'choise' (did you mean 'choice'?); a card is open, "
            "choice, truefalse or code\n        kind: choise\n              ^");
  EXPECT_EQ(LoadError(Replace(kGoodCard, "correct: 1", "correct: 2")),
            "questions/deadlock.yaml:8:14: error: field 'correct' must be between 0 and 1, not 2\n"
            "        correct: 2\n                 ^");
  EXPECT_EQ(LoadError(Replace(kGoodCard, "[deadlock, mutex]", "[deadlok, mutex]")),
            "questions/deadlock.yaml:5:14: error: unknown topic 'deadlok' (did you mean 'deadlock'?); topics come "
            "from the topic map in notes/README.md\n        topics: [deadlok, mutex]\n                 ^");
  EXPECT_EQ(LoadError(Replace(kGoodCard, "[deadlock, mutex]", "[mutex, deadlock]")),
            "questions/deadlock.yaml:5:14: error: the first topic must be the file's topic 'deadlock', not 'mutex'\n"
            "        topics: [mutex, deadlock]\n                 ^");
  EXPECT_EQ(LoadError(Replace(kGoodCard, "id: deadlock-demo", "id: Deadlock_Demo")),
            "questions/deadlock.yaml:4:9: error: card id 'Deadlock_Demo' must use only a-z, 0-9 and '-', e.g. "
            "deadlock-lock-order\n      - id: Deadlock_Demo\n            ^");
  EXPECT_EQ(LoadError(Replace(kGoodCard, "      choices: [\"А\", \"Б\"]", "      choices: [\"А\"]")),
            "questions/deadlock.yaml:18:16: error: a choice card needs 'choices' (two or more) in 'ru'\n"
            "          choices: [\"А\"]\n                   ^");
  EXPECT_EQ(LoadError(kGoodCard, "mutex.yaml"),
            "questions/mutex.yaml:2:8: error: topic 'deadlock' does not match the file name 'mutex.yaml'\n"
            "    topic: deadlock\n           ^");
  EXPECT_EQ(LoadError("format: 1\ntopic: deadlock\ncards: [\n"),
            "questions/deadlock.yaml:4:1: error: end of sequence flow not found");
}

TEST(Cards, BothLanguagesAreRequired) {
  const std::string no_ru = kGoodCard;
  const std::string cut = no_ru.substr(0, no_ru.find("    ru:"));
  EXPECT_EQ(LoadError(cut),
            "questions/deadlock.yaml:4:5: error: missing required field 'ru' (the card in Russian)\n"
            "      - id: deadlock-demo\n        ^");
}

TEST(Cards, KindRules) {
  // A truefalse card takes true/false, not an index, and has no choices.
  std::string tf = Replace(kGoodCard, "kind: choice", "kind: truefalse");
  EXPECT_NE(LoadError(tf).find("a truefalse card has no 'choices'"), std::string::npos);
  // A code card needs its snippet, and the snippet has no Russian.
  std::string code = Replace(kGoodCard, "kind: choice", "kind: code");
  EXPECT_NE(LoadError(code).find("missing required field 'code'"), std::string::npos);
  code = Replace(code, "    correct: 1", "    correct: 1\n    code: \"int x; // счётчик\"");
  EXPECT_NE(LoadError(code).find("keep Russian out of it"), std::string::npos);
}

fs::path TempDir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("threadlings-cards-test-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(Cards, DuplicateIdsAcrossFiles) {
  const fs::path dir = TempDir("dup");
  std::ofstream(dir / "deadlock.yaml") << kGoodCard;
  std::ofstream(dir / "mutex.yaml") << Replace(Replace(kGoodCard, "topic: deadlock", "topic: mutex"),
                                               "[deadlock, mutex]", "[mutex]");
  Bank bank;
  std::vector<std::string> errors;
  EXPECT_FALSE(LoadBank(dir, &bank, &errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("mutex.yaml:4: error: duplicate card id 'deadlock-demo' (first used at "), std::string::npos)
      << errors[0];
  fs::remove_all(dir);
}

TEST(Cards, NoteSections) {
  const std::string note =
      "**Bold heading**\ntext\n#### Markdown heading\n```python\n# not a heading\n```\n"
      "**Term** — a paragraph that opens with a term.\nplain **bold** inside\n## Last ##\n";
  std::vector<std::string> got;
  for (const auto& s : NoteSections("n.txt", note)) got.push_back(s.heading);
  EXPECT_EQ(got, (std::vector<std::string>{"Bold heading", "Markdown heading", "Term", "Last"}));
  const auto none = NoteSections("table.txt", "a\tb\nc\td\n");
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].heading, "");
}

TEST(Cards, ValidationNamesBadSourcesAndThinCoverage) {
  const fs::path dir = TempDir("validate");
  fs::create_directories(dir / "notes");
  std::ofstream(dir / "notes" / "001_a39f85cb28a15b89.txt") << "#### проблема взаимной блокировки deadlock в многопоточных системах\ntext\n#### Что такое mutex?\n";
  Bank bank;
  std::vector<std::string> errors;
  std::vector<Card> cards;
  std::string err;
  ASSERT_TRUE(LoadCardFile("questions/deadlock.yaml", kGoodCard, &bank.cards, &err));
  ASSERT_TRUE(LoadCardFile("questions/deadlock.yaml",
                           Replace(Replace(kGoodCard, "deadlock-demo", "deadlock-demo-2"),
                                   "deadlock в многопоточных системах", "deadlok"),
                           &bank.cards, &err));
  BankRules rules;
  BankReport report;
  EXPECT_FALSE(ValidateBank(bank, dir / "notes", {"race_hit_counter"}, rules, &report, &errors));
  auto has = [&](const std::string& what) {
    for (const auto& e : errors)
      if (e.find(what) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(has("card 'deadlock-demo-2': source '001_a39f85cb28a15b89.txt#проблема взаимной блокировки deadlok': "
                  "001_a39f85cb28a15b89.txt has no heading"));
  EXPECT_TRUE(has("notes/001_a39f85cb28a15b89.txt#Что такое mutex?: error: 0 card(s) drawn from this section; at least 2 are required"));
  EXPECT_TRUE(has("questions/gil.yaml: error: 0 card(s) on topic 'gil'; at least 4 are required"));
  EXPECT_TRUE(has("questions/: error: 2 cards; the bank needs at least 150"));
  EXPECT_EQ(report.per_topic["deadlock"], 2);
  fs::remove_all(dir);
}

// The shipped bank is sound: schema, ids, sources, coverage, exercises.
TEST(Cards, TheShippedBankIsValid) {
  Bank bank;
  std::vector<std::string> errors;
  EXPECT_TRUE(LoadBank(kRepo / "questions", &bank, &errors));
  Kit kit;
  std::string err;
  ASSERT_TRUE(kit.Open(kRepo, &err)) << err;
  BankReport report;
  EXPECT_TRUE(ValidateBank(bank, kRepo / "notes", kit.Names(), BankRules{}, &report, &errors));
  for (const auto& e : errors) ADD_FAILURE() << e;
  EXPECT_GE(bank.cards.size(), 150u);
}

TEST(Cards, CacheGivesTheSameBankAndNoticesEdits) {
  const fs::path dir = TempDir("cache");
  fs::create_directories(dir / "q");
  std::ofstream(dir / "q" / "deadlock.yaml") << kGoodCard;
  Bank parsed, cached, again;
  std::vector<std::string> errors;
  ASSERT_TRUE(LoadBankCached(dir / "q", dir / "cards.cache", &parsed, &errors));
  ASSERT_TRUE(fs::exists(dir / "cards.cache"));
  ASSERT_TRUE(LoadBankCached(dir / "q", dir / "cards.cache", &cached, &errors));
  ASSERT_EQ(cached.cards.size(), 1u);
  EXPECT_EQ(cached.cards[0].ru.choices, parsed.cards[0].ru.choices);
  EXPECT_EQ(cached.cards[0].line, parsed.cards[0].line);
  EXPECT_EQ(cached.cards[0].correct, 1);
  // An edit (another size) is seen at once.
  std::ofstream(dir / "q" / "deadlock.yaml") << Replace(kGoodCard, "Q?", "Longer question?");
  ASSERT_TRUE(LoadBankCached(dir / "q", dir / "cards.cache", &again, &errors));
  EXPECT_EQ(again.cards[0].en.question, "Longer question?");
  // A damaged cache is rebuilt, not trusted.
  std::ofstream(dir / "cards.cache", std::ios::trunc) << "garbage";
  Bank rebuilt;
  ASSERT_TRUE(LoadBankCached(dir / "q", dir / "cards.cache", &rebuilt, &errors));
  EXPECT_EQ(rebuilt.cards[0].en.question, "Longer question?");
  fs::remove_all(dir);
}

TEST(Cards, LanguageFromTheLocale) {
  setenv("LC_ALL", "", 1);
  setenv("LC_MESSAGES", "", 1);
  setenv("LANG", "ru_RU.UTF-8", 1);
  EXPECT_EQ(LangFromEnvironment(), Lang::kRu);
  setenv("LC_ALL", "en_US.UTF-8", 1);
  EXPECT_EQ(LangFromEnvironment(), Lang::kEn);
  unsetenv("LC_ALL");
  setenv("LANG", "C.UTF-8", 1);
  EXPECT_EQ(LangFromEnvironment(), Lang::kEn);
}

}  // namespace
}  // namespace threadlings

namespace threadlings {
namespace {

// The shipped bank cannot be gamed by shape: the right option is rarely the longest, and
// true/false answers are balanced (the figures `dev cards` prints).
TEST(Cards, TheShippedBankHasNoTells) {
  Bank bank;
  std::vector<std::string> errors;
  ASSERT_TRUE(LoadBank(kRepo / "questions", &bank, &errors));
  const BankTells tells = MeasureTells(bank);
  const BankRules rules;
  EXPECT_GE(tells.choice_cards, 90);
  EXPECT_LE(tells.LongestShare(Lang::kEn), rules.max_right_longest);
  EXPECT_LE(tells.LongestShare(Lang::kRu), rules.max_right_longest);
  EXPECT_GE(tells.TrueShare(), rules.min_true);
  EXPECT_LE(tells.TrueShare(), rules.max_true);
  for (const auto& [pos, n] : tells.right_position) EXPECT_LE(n * 100, tells.choice_cards * 40) << "position " << pos + 1;
  CheckTells(tells, rules, &errors);
  EXPECT_TRUE(errors.empty());
}

TEST(Cards, TellsPastTheBoundsAreErrors) {
  Bank bank;
  Card choice;
  choice.kind = CardKind::kChoice;
  choice.correct = 1;
  choice.en.choices = {"short", "the right one, much longer", "also short"};
  choice.ru.choices = {"коротко", "да", "тоже коротко"};  // counted in characters: 2 < 7
  Card tf;
  tf.kind = CardKind::kTrueFalse;
  tf.correct = 0;
  bank.cards = {choice, tf, tf};
  const BankTells tells = MeasureTells(bank);
  EXPECT_EQ(tells.right_longest.at(Lang::kEn), 1);
  EXPECT_EQ(tells.right_longest.at(Lang::kRu), 0);
  EXPECT_EQ(tells.right_position.at(1), 1);
  std::vector<std::string> errors;
  CheckTells(tells, BankRules{}, &errors);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0], "questions/: error: the right option is the longest in 100% of choice cards (en); at most 35% "
                       "are allowed: shorten right options or lengthen wrong ones");
  EXPECT_EQ(errors[1], "questions/: error: 0% of true/false cards are true; keep it between 40% and 60% by "
                       "restating some cards the other way round");
}

TEST(Cards, TheCppTrackLeavesOutPythonOnlyCards) {
  Bank bank;
  std::vector<std::string> errors;
  ASSERT_TRUE(LoadBank(kRepo / "questions", &bank, &errors));
  const size_t all = bank.cards.size();
  ASSERT_NE(bank.Find("gil-what"), nullptr);
  KeepTrack(&bank, Track::kCpp);
  EXPECT_LT(bank.cards.size(), all);
  EXPECT_EQ(bank.Find("gil-what"), nullptr);
  EXPECT_EQ(bank.Find("green-threads-gevent-monkey-patch"), nullptr);
  ASSERT_NE(bank.Find("gil-cpp-big-lock"), nullptr);  // a C++ card on the GIL's topic stays
  EXPECT_EQ(bank.Find("gil-cpp-big-lock")->id, "gil-cpp-big-lock");
}

}  // namespace
}  // namespace threadlings
