#include "fsrs.h"

#include <gtest/gtest.h>

#include <cmath>

namespace threadlings {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kStart = 1'800'000'000;  // any fixed moment

Fsrs NoStepsNoFuzz() {
  FsrsParams p;
  p.learning_steps.clear();
  p.relearning_steps.clear();
  p.fuzz = false;
  return Fsrs(p);
}

// QUIZ_NOTES.md: desired retention 0.9, each review on its due date, always Good.
TEST(Fsrs, CheckValueAlwaysGoodOnTheDueDate) {
  const Fsrs fsrs = NoStepsNoFuzz();
  Memory m;
  int64_t now = kStart;
  std::vector<int64_t> intervals;
  for (int i = 0; i < 6; ++i) {
    m = fsrs.Review(m, Rating::kGood, now, 0);
    intervals.push_back((m.due - now) / kDay);
    now = m.due;
  }
  EXPECT_EQ(intervals, (std::vector<int64_t>{2, 11, 46, 163, 497, 1346}));
}

TEST(Fsrs, IntervalEqualsStabilityAtNinetyPercent) {
  const Fsrs fsrs;
  EXPECT_NEAR(fsrs.IntervalFor(10.0), 10.0, 1e-9);
  EXPECT_NEAR(fsrs.Retrievability(10.0, 10.0), 0.9, 1e-9);
  EXPECT_NEAR(fsrs.Retrievability(0.0, 3.0), 1.0, 1e-12);
}

TEST(Fsrs, FirstRatingSetsStabilityAndDifficulty) {
  const Fsrs fsrs;
  EXPECT_DOUBLE_EQ(fsrs.InitialStability(Rating::kAgain), 0.212);
  EXPECT_DOUBLE_EQ(fsrs.InitialStability(Rating::kEasy), 8.2956);
  // D0(G) = w4 - e^(w5*(G-1)) + 1
  EXPECT_NEAR(fsrs.InitialDifficulty(Rating::kGood), 6.4133 - std::exp(0.8334 * 2) + 1, 1e-12);
  EXPECT_LT(fsrs.InitialDifficulty(Rating::kEasy), fsrs.InitialDifficulty(Rating::kAgain));
}

TEST(Fsrs, LearningStepsAsAnki) {
  const Fsrs fsrs;  // steps 1 min, 10 min
  Memory m = fsrs.Review({}, Rating::kAgain, kStart, 0);
  EXPECT_EQ(m.state, CardState::kLearning);
  EXPECT_EQ(m.due - kStart, 60);
  m = fsrs.Review(m, Rating::kHard, kStart + 60, 0);  // first step: halfway to the second
  EXPECT_EQ(m.due - (kStart + 60), 330);
  m = fsrs.Review(m, Rating::kGood, kStart + 400, 0);  // on to the 10-minute step
  EXPECT_EQ(m.state, CardState::kLearning);
  EXPECT_EQ(m.step, 1);
  EXPECT_EQ(m.due - (kStart + 400), 600);
  m = fsrs.Review(m, Rating::kAgain, kStart + 1000, 0);  // back to the first step
  EXPECT_EQ(m.step, 0);
  EXPECT_EQ(m.due - (kStart + 1000), 60);
  m = fsrs.Review(m, Rating::kGood, kStart + 1060, 0);
  m = fsrs.Review(m, Rating::kGood, kStart + 1660, 0);  // graduates
  EXPECT_EQ(m.state, CardState::kReview);
  EXPECT_GE(m.due - (kStart + 1660), kDay);
  EXPECT_EQ(m.reps, 6);
  EXPECT_EQ(m.lapses, 0);
}

TEST(Fsrs, EasyGraduatesAtOnce) {
  const Fsrs fsrs;
  const Memory m = fsrs.Review({}, Rating::kEasy, kStart, 0);
  EXPECT_EQ(m.state, CardState::kReview);
  EXPECT_GE(m.due - kStart, 7 * kDay);  // S0(Easy) = 8.3 days, fuzzed by a day or two
}

TEST(Fsrs, LapseGoesToRelearningAndShrinksStability) {
  const Fsrs fsrs;
  Memory m = fsrs.Review({}, Rating::kEasy, kStart, 0);
  const double before = m.stability;
  const int64_t later = m.due;
  m = fsrs.Review(m, Rating::kAgain, later, 0);
  EXPECT_EQ(m.state, CardState::kRelearning);
  EXPECT_EQ(m.lapses, 1);
  EXPECT_EQ(m.due - later, 600);
  EXPECT_LT(m.stability, before);
  EXPECT_GT(m.difficulty, fsrs.InitialDifficulty(Rating::kEasy));
  m = fsrs.Review(m, Rating::kGood, later + 600, 0);  // relearned
  EXPECT_EQ(m.state, CardState::kReview);
  EXPECT_GE(m.due - (later + 600), kDay);
}

TEST(Fsrs, HarderAnswersGiveShorterIntervals) {
  const Fsrs fsrs = NoStepsNoFuzz();
  const Memory start = fsrs.Review({}, Rating::kGood, kStart, 0);
  const int64_t at = start.due;
  const Memory hard = fsrs.Review(start, Rating::kHard, at, 0);
  const Memory good = fsrs.Review(start, Rating::kGood, at, 0);
  const Memory easy = fsrs.Review(start, Rating::kEasy, at, 0);
  EXPECT_LT(hard.due, good.due);
  EXPECT_LT(good.due, easy.due);
  EXPECT_GT(hard.difficulty, good.difficulty);
}

TEST(Fsrs, FuzzStaysInRangeAndRepeatsForASeed) {
  const Fsrs fsrs;
  Memory m = fsrs.Review({}, Rating::kEasy, kStart, 0);
  m = fsrs.Review(m, Rating::kGood, m.due, 0);  // a long interval now
  const double ideal = fsrs.IntervalFor(m.stability);
  const int64_t at = m.due;
  for (uint64_t seed = 0; seed < 200; ++seed) {
    const Memory a = fsrs.Review(m, Rating::kGood, at, seed);
    const Memory b = fsrs.Review(m, Rating::kGood, at, seed);
    EXPECT_EQ(a.due, b.due);
    const double days = static_cast<double>(a.due - at) / kDay;
    const double ideal_next = fsrs.IntervalFor(a.stability);
    EXPECT_NEAR(days, ideal_next, 1.0 + 0.15 * 4.5 + 0.10 * 13 + 0.05 * std::max(0.0, ideal_next - 20) + 0.5);
  }
  EXPECT_GT(ideal, 2.5);
}

TEST(Fsrs, SameDayReviewUsesShortTermStability) {
  const Fsrs fsrs;
  const Memory m = fsrs.Review({}, Rating::kGood, kStart, 0);
  const Memory again = fsrs.Review(m, Rating::kGood, kStart + 300, 0);
  EXPECT_DOUBLE_EQ(again.stability, fsrs.StabilityShortTerm(m.stability, Rating::kGood));
  EXPECT_GE(again.stability, m.stability);  // Good never lowers it the same day
}

TEST(Fsrs, FormatDelay) {
  EXPECT_EQ(FormatDelay(30), "now");
  EXPECT_EQ(FormatDelay(600), "10 min");
  EXPECT_EQ(FormatDelay(3 * 3600), "3 h");
  EXPECT_EQ(FormatDelay(2 * kDay), "2 days");
  EXPECT_EQ(FormatDelay(800 * kDay), "2.2 years");
}

}  // namespace
}  // namespace threadlings
