#include "suggest.h"

#include <gtest/gtest.h>

namespace threadlings {
namespace {

TEST(Suggest, Distance) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("verify", "verfiy"), 2u);
}

TEST(Suggest, ClosestTypo) {
  const std::vector<std::string> names = {"list", "verify", "hint", "reset", "solution"};
  EXPECT_EQ(Suggest("lst", names), "list");
  EXPECT_EQ(Suggest("verfy", names), "verify");
  EXPECT_EQ(Suggest("zzzzzzzz", names), "");
}

TEST(Suggest, UniqueSubstring) {
  const std::vector<std::string> names = {"race_hit_counter", "deadlock_bank_transfer"};
  EXPECT_EQ(Suggest("bank", names), "deadlock_bank_transfer");
  EXPECT_EQ(Suggest("_", names), "");  // ambiguous
}

TEST(Suggest, DidYouMeanText) {
  EXPECT_EQ(DidYouMean("hnit", {"hint"}), " (did you mean 'hint'?)");
  EXPECT_EQ(DidYouMean("qqqqqq", {"hint"}), "");
}

}  // namespace
}  // namespace threadlings
