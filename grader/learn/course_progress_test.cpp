#include "course_progress.h"

#include <gtest/gtest.h>

namespace threadlings {
namespace {

class CourseProgress : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string err;
    ASSERT_TRUE(kit_.Open(fs::path(THREADLINGS_TEST_DATA_DIR) / "fixtures" / "kit", &err)) << err;
    ASSERT_GE(kit_.exercises().size(), 3u);
  }
  const Exercise& At(size_t i) const { return kit_.exercises()[i]; }
  void Pass(size_t i) { progress_.exercises[At(i).name()].status = "passed"; }
  void Fail(size_t i) { progress_.exercises[At(i).name()].status = "failing"; }

  Kit kit_;
  Progress progress_;
};

TEST_F(CourseProgress, OnlyAPassCounts) {
  Pass(0);
  Fail(1);
  EXPECT_TRUE(HasPassed(progress_, At(0)));
  EXPECT_FALSE(HasPassed(progress_, At(1)));
  EXPECT_FALSE(HasPassed(progress_, At(2)));
  EXPECT_EQ(CountPassed(kit_, progress_), 1u);
}

TEST_F(CourseProgress, NextUnpassedGoesOnInOrderAndWrapsRound) {
  Pass(1);
  EXPECT_EQ(NextUnpassed(kit_, progress_, At(0)), &At(2));
  const size_t last = kit_.exercises().size() - 1;
  EXPECT_EQ(NextUnpassed(kit_, progress_, At(last)), &At(0));
}

TEST_F(CourseProgress, NextUnpassedIsTheSameExerciseWhenOnlyItIsLeft) {
  for (size_t i = 1; i < kit_.exercises().size(); ++i) Pass(i);
  EXPECT_EQ(NextUnpassed(kit_, progress_, At(0)), &At(0));
}

TEST_F(CourseProgress, NextUnpassedIsNullWhenEveryExercisePassed) {
  for (size_t i = 0; i < kit_.exercises().size(); ++i) Pass(i);
  EXPECT_EQ(NextUnpassed(kit_, progress_, At(1)), nullptr);
}

TEST(ProgressBar, FillsInProportion) {
  EXPECT_EQ(ProgressBar(0, 6, 24), "[------------------------] 0/6");
  EXPECT_EQ(ProgressBar(3, 6, 24), "[############------------] 3/6");
  EXPECT_EQ(ProgressBar(6, 6, 20), "[####################] 6/6");
  EXPECT_EQ(ProgressBar(1, 3, 20), "[######--------------] 1/3");
}

TEST(ProgressBar, AnEmptyCourseIsAnEmptyBar) { EXPECT_EQ(ProgressBar(0, 0, 4), "[----] 0/0"); }

}  // namespace
}  // namespace threadlings
