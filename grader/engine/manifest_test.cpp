#include "manifest.h"

#include <gtest/gtest.h>

namespace threadlings {
namespace {

const char* kGood = R"(format: 1
name: race_demo
title: "A demo"
topics: [race-conditions, mutex]
difficulty: 2
points: 10
edit: [demo.h]
verdict: data-race
fixed: "Guarded the map."
hints:
  - "nudge"
  - "question?"
  - "answer https://en.cppreference.com/w/cpp/thread/mutex"
checks:
  - test: Demo.Works
    timeout: 5
  - test: Demo.Stress
mutants:
  - name: volatile
    why: "volatile is not synchronisation"
    verdict: data-race
)";

std::string ErrorFor(const std::string& text) {
  Manifest m;
  std::string err;
  EXPECT_FALSE(ParseManifest("ex.yaml", text, &m, &err));
  return err;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

TEST(Manifest, ParsesEveryField) {
  Manifest m;
  std::string err;
  ASSERT_TRUE(ParseManifest("ex.yaml", kGood, &m, &err)) << err;
  EXPECT_EQ(m.name, "race_demo");
  EXPECT_EQ(m.title, "A demo");
  EXPECT_EQ(m.topics, (std::vector<std::string>{"race-conditions", "mutex"}));
  EXPECT_EQ(m.difficulty, 2);
  EXPECT_EQ(m.points, 10);
  EXPECT_EQ(m.edit, std::vector<std::string>{"demo.h"});
  EXPECT_EQ(m.verdict, Verdict::kDataRace);
  ASSERT_EQ(m.checks.size(), 2u);
  EXPECT_EQ(m.checks[0].test, "Demo.Works");
  EXPECT_EQ(m.checks[0].timeout, std::chrono::seconds(5));
  EXPECT_EQ(m.checks[1].timeout, std::chrono::seconds(10));
  ASSERT_EQ(m.mutants.size(), 1u);
  EXPECT_EQ(m.mutants[0].name, "volatile");
  EXPECT_EQ(m.mutants[0].verdict, Verdict::kDataRace);
}

TEST(Manifest, SyntaxErrorPointsAtTheSpot) {
  EXPECT_EQ(ErrorFor("format: 1\nname: [unclosed\n"),
            "ex.yaml:3:1: error: end of sequence flow not found");
}

TEST(Manifest, UnknownVerdictSuggestsTheRightOne) {
  EXPECT_EQ(ErrorFor(Replace(kGood, "verdict: data-race\nfixed", "verdict: data_race\nfixed")),
            "ex.yaml:8:10: error: unknown verdict 'data_race' (did you mean 'data-race'?)\n"
            "    verdict: data_race\n"
            "             ^");
}

TEST(Manifest, UnknownFieldSuggestsTheRightOne) {
  EXPECT_EQ(ErrorFor(Replace(kGood, "points: 10", "pionts: 10")),
            "ex.yaml:6:1: error: unknown field 'pionts' in the manifest (did you mean 'points'?)\n"
            "    pionts: 10\n"
            "    ^");
}

TEST(Manifest, MissingFieldIsNamed) {
  EXPECT_EQ(ErrorFor(Replace(kGood, "points: 10\n", "")),
            "ex.yaml:1:1: error: missing required field 'points'\n"
            "    format: 1\n"
            "    ^");
}

TEST(Manifest, UnknownTopicIsNamed) {
  EXPECT_EQ(ErrorFor(Replace(kGood, "mutex]", "mutexes]")),
            "ex.yaml:4:27: error: unknown topic 'mutexes' (did you mean 'mutex'?); topics come "
            "from the topic map in shared/notes/README.md\n"
            "    topics: [race-conditions, mutexes]\n"
            "                              ^");
}

TEST(Manifest, DifficultyOutOfRange) {
  EXPECT_EQ(ErrorFor(Replace(kGood, "difficulty: 2", "difficulty: 9")),
            "ex.yaml:5:13: error: field 'difficulty' must be between 1 and 5, not 9\n"
            "    difficulty: 9\n"
            "                ^");
}

TEST(Manifest, PointsMustBeANumber) {
  EXPECT_EQ(ErrorFor(Replace(kGood, "points: 10", "points: ten")).substr(0, 62),
            "ex.yaml:6:9: error: field 'points' must be a whole number, not");
}

TEST(Manifest, ExactlyThreeHints) {
  const std::string two = Replace(kGood, "  - \"question?\"\n", "");
  EXPECT_EQ(ErrorFor(two).substr(0, 83),
            "ex.yaml:11:3: error: 'hints' must have exactly three entries (a nudge, a question, ");
}

TEST(Manifest, ThirdHintNeedsALink) {
  EXPECT_EQ(ErrorFor(Replace(kGood, "answer https://en.cppreference.com/w/cpp/thread/mutex", "answer")),
            "ex.yaml:13:5: error: the third hint must link to the reference (cppreference or a man page)\n"
            "      - \"answer\"\n"
            "        ^");
}

TEST(Manifest, PassCannotBeDeclared) {
  EXPECT_EQ(ErrorFor(Replace(kGood, "verdict: data-race\nfixed", "verdict: pass\nfixed")).substr(0, 77),
            "ex.yaml:8:10: error: verdict 'pass' cannot be declared: a broken version must");
}

TEST(Manifest, EditedFilesStayInsideTheFolder) {
  EXPECT_EQ(ErrorFor(Replace(kGood, "edit: [demo.h]", "edit: [../check.cpp]")).substr(0, 77),
            "ex.yaml:7:8: error: '../check.cpp' must be a path inside the exercise folder ");
}

TEST(Manifest, CheckNeedsAGoogleTestName) {
  EXPECT_EQ(ErrorFor(Replace(kGood, "test: Demo.Works", "test: Demo Works")).substr(0, 83),
            "ex.yaml:15:11: error: 'test' must be one GoogleTest name 'Suite.Test', not 'Demo Wo");
}

TEST(Manifest, DuplicateMutant) {
  const std::string dup = std::string(kGood) +
                          "  - name: volatile\n    why: again\n    verdict: data-race\n";
  EXPECT_EQ(ErrorFor(dup).substr(0, 56), "ex.yaml:22:11: error: mutant 'volatile' is listed twice\n");
}

TEST(Manifest, NewerFormatAsksForAnUpdate) {
  EXPECT_EQ(ErrorFor(Replace(kGood, "format: 1", "format: 2")).substr(0, 100),
            "ex.yaml:1:9: error: manifest format 2 is not supported by this threadlings (it reads "
            "format 1); upda");
}

TEST(Manifest, NotAMapping) {
  EXPECT_EQ(ErrorFor("- just\n- a list\n"),
            "ex.yaml:1:1: error: a manifest must be a mapping of 'key: value' lines\n"
            "    - just\n"
            "    ^");
}


const char* kContract = R"(contract:
  - rule: "every hit is counted"
    checks: [Demo.Works, Demo.Stress]
  - rule: "reads never see a half-done update"
    checks: [Demo.Stress]
)";

TEST(Manifest, ReadsTheContractRuleByRule) {
  Manifest m;
  std::string err;
  ASSERT_TRUE(ParseManifest("ex.yaml", std::string(kGood) + kContract, &m, &err)) << err;
  ASSERT_EQ(m.contract.size(), 2u);
  EXPECT_EQ(m.contract[0].rule, "every hit is counted");
  EXPECT_EQ(m.contract[0].checks, (std::vector<std::string>{"Demo.Works", "Demo.Stress"}));
  EXPECT_EQ(m.contract[1].checks, std::vector<std::string>{"Demo.Stress"});
}

TEST(Manifest, ContractIsOptionalForTheParser) {
  Manifest m;
  std::string err;
  ASSERT_TRUE(ParseManifest("ex.yaml", kGood, &m, &err)) << err;
  EXPECT_TRUE(m.contract.empty());
}

TEST(Manifest, ContractRuleWithoutACheckIsRefused) {
  const std::string err = ErrorFor(std::string(kGood) + "contract:\n  - rule: \"unproved\"\n    checks: []\n");
  EXPECT_NE(err.find("the rule 'unproved' names no check"), std::string::npos) << err;
}

TEST(Manifest, ContractNamingAnUnknownCheckIsRefusedWithASuggestion) {
  const std::string err = ErrorFor(Replace(std::string(kGood) + kContract, "[Demo.Stress]", "[Demo.Stres]"));
  EXPECT_NE(err.find("'Demo.Stres' is not one of this exercise's checks"), std::string::npos) << err;
  EXPECT_NE(err.find("Demo.Stress"), std::string::npos) << err;
  EXPECT_NE(err.find("ex.yaml:26:"), std::string::npos) << err;
}

TEST(Manifest, LockOrderIsTsanUnlessGateAware) {
  Manifest m;
  std::string err;
  ASSERT_TRUE(ParseManifest("ex.yaml", kGood, &m, &err)) << err;
  EXPECT_FALSE(m.gate_aware_lock_order);
  ASSERT_TRUE(ParseManifest("ex.yaml", std::string(kGood) + "lock_order: gate-aware\n", &m, &err)) << err;
  EXPECT_TRUE(m.gate_aware_lock_order);
  const std::string bad = ErrorFor(std::string(kGood) + "lock_order: gate_aware\n");
  EXPECT_NE(bad.find("did you mean 'gate-aware'"), std::string::npos) << bad;
}

}  // namespace
}  // namespace threadlings
