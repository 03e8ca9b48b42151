// Tests of asking cards: shuffled options graded by what was shown, the interview's deadline,
// the cards offered after a pass (topics, rotation, no repeat), Russian delays and plurals.
#include "quiz.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fmt/core.h>

#include <algorithm>
#include <set>
#include <sstream>

namespace threadlings {
namespace {

const fs::path kFixtureKit = fs::path(THREADLINGS_TEST_DATA_DIR) / "fixtures" / "kit";

fs::path TempDir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("threadlings-quiz-test-" + std::to_string(getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

Card ChoiceCard() {
  Card c;
  c.id = "t-choice";
  c.topics = {"deadlock"};
  c.kind = CardKind::kChoice;
  c.correct = 2;
  c.en.question = "Which one?";
  c.en.choices = {"alpha", "beta", "gamma (right)", "delta"};
  c.en.answer = "gamma (right)";
  c.en.explanation = "Because.";
  c.ru = c.en;
  return c;
}

// One store, bank and context for asking cards in a test.
struct Asker {
  fs::path dir;
  ReviewStore store;
  Bank bank;
  Fsrs fsrs;
  Term term{"never"};
  std::istringstream in;
  std::ostringstream out;

  explicit Asker(const std::string& name, const std::string& input) : dir(TempDir(name)), in(input) {
    std::string err;
    EXPECT_TRUE(store.Open(dir / "quiz.sqlite3", &err)) << err;
  }
  ~Asker() { fs::remove_all(dir); }
  QuizContext Context(unsigned seed) {
    QuizContext q{bank, store, fsrs, term, Lang::kEn, in, out, "quiz"};
    q.shuffle.seed(seed);
    return q;
  }
};

// The number the right option is shown under, for the order `seed` gives.
int ShownNumberOfRight(const Card& card, unsigned seed) {
  std::mt19937 rng(seed);
  const std::vector<int> order = ShuffledOrder(card.en.choices.size(), rng);
  return static_cast<int>(std::find(order.begin(), order.end(), card.correct) - order.begin()) + 1;
}

TEST(Quiz, ShuffledOrderIsAPermutationThatVaries) {
  std::mt19937 rng(1);
  std::set<std::vector<int>> seen;
  for (int i = 0; i < 50; ++i) {
    std::vector<int> order = ShuffledOrder(4, rng);
    seen.insert(order);
    std::sort(order.begin(), order.end());
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
  }
  EXPECT_GT(seen.size(), 10u);  // 24 orders are possible
}

TEST(Quiz, ShuffledOptionsAreGradedByWhatWasShown) {
  const Card card = ChoiceCard();
  for (unsigned seed = 1; seed <= 8; ++seed) {
    const int right = ShownNumberOfRight(card, seed);
    Asker a("shuffle-right-" + std::to_string(seed), std::to_string(right) + "\n");
    QuizContext q = a.Context(seed);
    Answer answer;
    std::string err;
    ASSERT_EQ(AskCard(q, card, "h", &answer, &err), AskResult::kAnswered) << err;
    EXPECT_TRUE(answer.right) << a.out.str();
    EXPECT_NE(a.out.str().find(fmt::format("  {}) gamma (right)\n", right)), std::string::npos) << a.out.str();
    EXPECT_NE(a.out.str().find(fmt::format("✓ Right: {}) gamma (right)", right)), std::string::npos) << a.out.str();

    const int wrong = right % 4 + 1;
    Asker b("shuffle-wrong-" + std::to_string(seed), std::to_string(wrong) + "\n");
    QuizContext q2 = b.Context(seed);
    ASSERT_EQ(AskCard(q2, card, "h", &answer, &err), AskResult::kAnswered) << err;
    EXPECT_FALSE(answer.right) << b.out.str();
    EXPECT_NE(b.out.str().find(fmt::format("The answer: {}) gamma (right)", right)), std::string::npos) << b.out.str();
  }
}

TEST(Quiz, AnAnswerAfterTheDeadlineIsNotCountedOrLogged) {
  const Card card = ChoiceCard();
  Asker a("deadline", std::to_string(ShownNumberOfRight(card, 3)) + "\n");
  QuizContext q = a.Context(3);
  q.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(150);
  Answer answer;
  std::string err;
  EXPECT_EQ(AskCard(q, card, "h", &answer, &err), AskResult::kLate);
  std::vector<ReviewRow> reviews;
  ASSERT_TRUE(a.store.LoadReviews(&reviews, &err)) << err;
  EXPECT_TRUE(reviews.empty());
}

Card Filed(const std::string& id, std::vector<std::string> topics, const std::string& exercise = "") {
  Card c = ChoiceCard();
  c.id = id;
  c.topics = std::move(topics);
  c.exercise = exercise;
  return c;
}

TEST(Quiz, AfterPassCardsAreFiledUnderTheExercisesTopicsAndRotate) {
  Bank bank;
  bank.cards = {Filed("dl-1", {"deadlock", "livelock"}), Filed("dl-2", {"deadlock"}), Filed("ll-1", {"livelock"}),
                Filed("ll-2", {"livelock", "deadlock"}, "25_livelock"), Filed("ll-3", {"livelock"})};
  std::map<std::string, Memory> memories;
  auto ids = [](const std::vector<const Card*>& cards) {
    std::vector<std::string> out;
    for (const Card* c : cards) out.push_back(c->id);
    return out;
  };
  // Exercise 25 is on livelock: its own card first, then livelock cards only.
  EXPECT_EQ(ids(PickAfterPass(bank, memories, {"livelock"}, "25_livelock", 2)), (std::vector<std::string>{"ll-2", "ll-1"}));
  // Seen cards come after new ones, the one reviewed longest ago first.
  for (const auto& [id, at] : {std::pair{"ll-1", 300}, {"ll-2", 100}, {"ll-3", 200}}) {
    memories[id].state = CardState::kReview;
    memories[id].last_review = at;
  }
  EXPECT_EQ(ids(PickAfterPass(bank, memories, {"livelock"}, "25_livelock", 2)), (std::vector<std::string>{"ll-2", "ll-3"}));
  // Two topics: taken in turn.
  memories.clear();
  EXPECT_EQ(ids(PickAfterPass(bank, memories, {"deadlock", "livelock"}, "", 2)), (std::vector<std::string>{"dl-1", "ll-1"}));
}

TEST(Quiz, AfterPassCardsAreNotAskedAgainWhenThePassedExerciseIsRerun) {
  const fs::path dir = TempDir("after-pass");
  setenv("THREADLINGS_HOME", (dir / "home").c_str(), 1);
  Kit kit;
  std::string err;
  ASSERT_TRUE(kit.Open(kFixtureKit, &err, false)) << err;
  const Term term("never");
  std::istringstream in("s\ns\n");
  std::ostringstream out;
  ASSERT_TRUE(AskCardsAfterPass(kit, (dir / "data").string(), "fx_deadlock", {"deadlock"}, "en", term, "threadlings", in, out));
  EXPECT_NE(out.str().find("While it is fresh: 2 question(s) on deadlock"), std::string::npos) << out.str();
  std::istringstream again_in("s\ns\n");
  std::ostringstream again;
  ASSERT_TRUE(AskCardsAfterPass(kit, (dir / "data").string(), "fx_deadlock", {"deadlock"}, "en", term, "threadlings", again_in, again));
  EXPECT_EQ(again.str(), "");
  fs::remove_all(dir);
}

TEST(Quiz, RussianDelaysUsePluralForms) {
  EXPECT_STREQ(RussianPlural(1, "день", "дня", "дней"), "день");
  EXPECT_STREQ(RussianPlural(2, "день", "дня", "дней"), "дня");
  EXPECT_STREQ(RussianPlural(5, "день", "дня", "дней"), "дней");
  EXPECT_STREQ(RussianPlural(11, "день", "дня", "дней"), "дней");
  EXPECT_STREQ(RussianPlural(21, "день", "дня", "дней"), "день");
  EXPECT_STREQ(RussianPlural(24, "день", "дня", "дней"), "дня");
  EXPECT_STREQ(RussianPlural(112, "день", "дня", "дней"), "дней");
  constexpr int64_t kDaySeconds = 86400;
  EXPECT_EQ(FormatDelay(30, Lang::kRu), "сейчас");
  EXPECT_EQ(FormatDelay(60, Lang::kRu), "1 мин");
  EXPECT_EQ(FormatDelay(3 * 3600, Lang::kRu), "3 ч");
  EXPECT_EQ(FormatDelay(kDaySeconds, Lang::kRu), "1 день");
  EXPECT_EQ(FormatDelay(2 * kDaySeconds, Lang::kRu), "2 дня");
  EXPECT_EQ(FormatDelay(5 * kDaySeconds, Lang::kRu), "5 дней");
  EXPECT_EQ(FormatDelay(800 * kDaySeconds, Lang::kRu), "2,2 года");
  EXPECT_EQ(FormatDelay(2 * kDaySeconds, Lang::kEn), "2 days");
}

}  // namespace
}  // namespace threadlings
