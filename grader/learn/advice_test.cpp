#include "advice.h"

#include <gtest/gtest.h>

namespace threadlings {
namespace {

class AdviceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string err;
    ASSERT_TRUE(kit_.Open(fs::path(THREADLINGS_TEST_DATA_DIR) / "fixtures" / "kit", &err)) << err;
    counter_ = kit_.Find("fx_counter", &err);
    ASSERT_NE(counter_, nullptr) << err;
  }
  static std::string Joined(const std::vector<std::string>& lines) {
    std::string all;
    for (const auto& l : lines) all += l + "\n";
    return all;
  }
  Outcome Failed(Verdict v) const {
    Outcome o;
    o.verdict = v;
    return o;
  }
  Kit kit_;
  const Exercise* counter_ = nullptr;
};

TEST_F(AdviceTest, PointsAtTheNextHintNotAGenericFix) {
  App app(GlobalOptions{});
  const std::string text = Joined(Advice(app, *counter_, Failed(Verdict::kDataRace), Attempt{1, false, false}));
  EXPECT_NE(text.find("This is the bug the exercise ships with"), std::string::npos) << text;
  EXPECT_NE(text.find("Next: stuck? Hint 2/3 is a question: run 'threadlings hint fx_counter'."), std::string::npos) << text;
  EXPECT_EQ(text.find(VerdictNextStep(Verdict::kDataRace)), std::string::npos) << text;
}

TEST_F(AdviceTest, InTheWatchLoopItNamesTheKey) {
  App app(GlobalOptions{});
  app.SetInWatch(true);
  const std::string text = Joined(Advice(app, *counter_, Failed(Verdict::kDataRace), Attempt{0, true, false}));
  EXPECT_NE(text.find("Next: stuck? Hint 1/3 is a nudge: press h."), std::string::npos) << text;
}

TEST_F(AdviceTest, AChangedFileGetsTheTemptingFixesOfThatVerdictOnly) {
  App app(GlobalOptions{});
  const std::string race = Joined(Advice(app, *counter_, Failed(Verdict::kDataRace), Attempt{3, true, false}));
  EXPECT_NE(race.find("Tempting fixes that also end in data-race:\n  - volatile is not synchronisation"),
            std::string::npos) << race;
  EXPECT_EQ(race.find("declared wrongly"), std::string::npos) << race;  // the crash mutant's
  EXPECT_NE(race.find("you have seen every hint"), std::string::npos) << race;
  const std::string timeout = Joined(Advice(app, *counter_, Failed(Verdict::kTimeout), Attempt{0, true, false}));
  EXPECT_EQ(timeout.find("Tempting"), std::string::npos) << timeout;
}

TEST_F(AdviceTest, SaysWhenAnAttemptFailsLikeTheLast) {
  App app(GlobalOptions{});
  const std::string text = Joined(Advice(app, *counter_, Failed(Verdict::kDataRace), Attempt{0, true, true}));
  EXPECT_EQ(text.find("This attempt failed exactly as the last one did"), 0u) << text;
  EXPECT_TRUE(Advice(app, *counter_, Failed(Verdict::kPass), Attempt{0, true, true}).empty());
}

TEST_F(AdviceTest, CompileErrorsKeepTheirGenericAdvice) {
  App app(GlobalOptions{});
  const std::string text = Joined(Advice(app, *counter_, Failed(Verdict::kCompileError), Attempt{}));
  EXPECT_NE(text.find(VerdictNextStep(Verdict::kCompileError)), std::string::npos) << text;
}

}  // namespace
}  // namespace threadlings
