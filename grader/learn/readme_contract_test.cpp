#include "readme_contract.h"

#include <gtest/gtest.h>

namespace threadlings {
namespace {

const char* kReadme = R"(# 01 · Demo

Some story.

## Your task

Edit `demo.h`.

## What your fix must guarantee

1. No hit is lost: after all threads finish,
   every count is exact.
2. `hits()`   may be called at any time.

Prose after the list.

## Check your work
)";

Exercise WithContract(std::vector<std::string> rules) {
  Exercise e;
  e.dir_name = "01_demo";
  for (auto& r : rules) e.manifest.contract.push_back({std::move(r), {"Demo.Works"}});
  return e;
}

TEST(ReadmeContract, ReadsTheNumberedItemsJoiningContinuedLines) {
  EXPECT_EQ(ReadmeContract(kReadme),
            (std::vector<std::string>{"No hit is lost: after all threads finish, every count is exact.",
                                      "`hits()` may be called at any time."}));
}

TEST(ReadmeContract, NoHeadingNoRules) { EXPECT_TRUE(ReadmeContract("# x\n\n1. not a contract\n").empty()); }

TEST(ReadmeContract, TheNextHeadingEndsTheList) {
  EXPECT_EQ(ReadmeContract("## What your fix must guarantee\n\n1. one\n## Next\n2. two\n"),
            std::vector<std::string>{"one"});
}

TEST(ReadmeContract, AgreeingRulesHaveNoProblems) {
  const Exercise e = WithContract({"No hit is lost: after all threads finish, every count is exact.",
                                   "`hits()` may be called at any time."});
  EXPECT_TRUE(ContractProblems(e, kReadme).empty());
}

TEST(ReadmeContract, AMissingContractIsAProblem) {
  const auto problems = ContractProblems(WithContract({}), kReadme);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("no 'contract:'"), std::string::npos);
}

TEST(ReadmeContract, AReadmeWithoutTheListIsAProblem) {
  const auto problems = ContractProblems(WithContract({"x"}), "# Demo\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("no numbered list under '## What your fix must guarantee'"), std::string::npos);
}

TEST(ReadmeContract, CountsAndWordingsThatDifferAreNamed) {
  const auto problems = ContractProblems(WithContract({"No hit is lost."}), kReadme);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], "README.md states 2 rule(s), exercise.yaml's contract 1");
  EXPECT_NE(problems[1].find("rule 1 differs"), std::string::npos);
}

}  // namespace
}  // namespace threadlings
