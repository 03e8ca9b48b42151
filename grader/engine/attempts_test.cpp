#include "attempts.h"

#include <gtest/gtest.h>

#include <fstream>

namespace threadlings {
namespace {

TEST(Attempts, ParsesExpectAndWhy) {
  Attempt a;
  std::string err;
  ASSERT_TRUE(ParseAttempt("a.yaml", "expect: data-race\nwhy: \"the map is unguarded\"\n", &a, &err)) << err;
  EXPECT_EQ(a.expect, Verdict::kDataRace);
  EXPECT_EQ(a.why, "the map is unguarded");
  ASSERT_TRUE(ParseAttempt("a.yaml", "expect: pass\nwhy: right\n", &a, &err)) << err;
  EXPECT_EQ(a.expect, Verdict::kPass);
}

TEST(Attempts, AKnownGapIsForWrongAttemptsOnly) {
  Attempt a;
  std::string err;
  ASSERT_TRUE(ParseAttempt("a.yaml", "expect: wrong-result\nwhy: x\nknown_gap: \"no seam after the re-check\"\n", &a, &err))
      << err;
  EXPECT_EQ(a.known_gap, "no seam after the re-check");
  EXPECT_FALSE(ParseAttempt("a.yaml", "expect: pass\nwhy: x\nknown_gap: y\n", &a, &err));
  EXPECT_NE(err.find("not a right one"), std::string::npos) << err;
}

TEST(Attempts, UnknownVerdictIsNamedWithASuggestion) {
  Attempt a;
  std::string err;
  EXPECT_FALSE(ParseAttempt("a.yaml", "expect: data-rase\nwhy: x\n", &a, &err));
  EXPECT_NE(err.find("a.yaml:1:"), std::string::npos) << err;
  EXPECT_NE(err.find("'data-rase' is not a verdict an attempt can get"), std::string::npos) << err;
  EXPECT_NE(err.find("data-race"), std::string::npos) << err;
}

TEST(Attempts, ErrorAndUnknownKeysAreRefused) {
  Attempt a;
  std::string err;
  EXPECT_FALSE(ParseAttempt("a.yaml", "expect: error\nwhy: x\n", &a, &err));
  EXPECT_FALSE(ParseAttempt("a.yaml", "expect: pass\nwhy: x\nverdict: pass\n", &a, &err));
  EXPECT_FALSE(ParseAttempt("a.yaml", "expect: pass\n", &a, &err));
}

// A kit with one exercise and three attempt folders: good, broken yaml, missing file.
TEST(Attempts, LoadsGoodFoldersAndNamesTheBrokenOnes) {
  const fs::path root = fs::path(testing::TempDir()) / "attempts_kit";
  fs::remove_all(root);
  Exercise e;
  e.dir_name = "01_demo";
  e.manifest.edit = {"demo.h"};
  const fs::path dir = root / "tests" / "attempts" / "01_demo";
  auto write = [](const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  };
  write(dir / "right_b" / "demo.h", "// b\n");
  write(dir / "right_b" / "attempt.yaml", "expect: pass\nwhy: b\n");
  write(dir / "wrong_a" / "demo.h", "// a\n");
  write(dir / "wrong_a" / "attempt.yaml", "expect: deadlock\nwhy: a\n");
  write(dir / "broken" / "demo.h", "// c\n");
  write(dir / "broken" / "attempt.yaml", "expect: [\n");
  write(dir / "no_file" / "attempt.yaml", "expect: pass\nwhy: d\n");
  Kit kit;
  std::string err;
  fs::create_directories(root / "exercises");
  fs::create_directories(root / "support" / "threadlings");
  ASSERT_TRUE(kit.Open(root, &err, /*with_exercises=*/false)) << err;
  std::vector<std::string> problems;
  const auto attempts = LoadAttempts(kit, e, &problems);
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].name, "right_b");
  EXPECT_EQ(attempts[1].name, "wrong_a");
  EXPECT_EQ(attempts[1].expect, Verdict::kDeadlock);
  EXPECT_EQ(attempts[1].dir, dir / "wrong_a");
  ASSERT_EQ(problems.size(), 2u);
  const std::string all = problems[0] + "\n" + problems[1];
  EXPECT_NE(all.find("attempt.yaml:"), std::string::npos) << all;
  EXPECT_NE(all.find("attempt 'no_file' lacks the edited file"), std::string::npos) << all;
}

}  // namespace
}  // namespace threadlings
