// FSRS-6 spaced-repetition scheduling (the equations of ../shared/QUIZ_NOTES.md, with the
// published default parameters), plus Anki-style learning and relearning steps and fuzz.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace threadlings {

/// The learner's answer to a card.
enum class Rating { kAgain = 1, kHard = 2, kGood = 3, kEasy = 4 };
const char* RatingName(Rating r);

/// Where a card is in its life: never seen, in (re)learning steps, or in review.
enum class CardState { kNew = 0, kLearning = 1, kReview = 2, kRelearning = 3 };
const char* CardStateName(CardState s);

/// What the scheduler knows of one card. Times are Unix seconds.
struct Memory {
  CardState state = CardState::kNew;
  int step = 0;             ///< index into the (re)learning steps
  double stability = 0;     ///< days until recall probability falls to 90 %
  double difficulty = 0;    ///< 1 (easy) to 10 (hard)
  int64_t due = 0;          ///< when the card is next due (0: new, due now)
  int64_t last_review = 0;  ///< 0: never reviewed
  int reps = 0;
  int lapses = 0;           ///< times forgotten after graduating
};

struct FsrsParams {
  /// w0..w20 of FSRS-6, the published defaults.
  std::array<double, 21> w = {0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194,
                              0.001,  1.8722, 0.1666, 0.796,  1.4835, 0.0614, 0.2629,
                              1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542};
  double desired_retention = 0.9;
  int max_interval_days = 36500;
  std::vector<int> learning_steps = {60, 600};  ///< seconds: 1 min, 10 min (as Anki)
  std::vector<int> relearning_steps = {600};    ///< seconds: 10 min
  bool fuzz = true;                             ///< spread intervals of 2.5 days and more
};

class Fsrs {
 public:
  explicit Fsrs(FsrsParams p = {}) : p_(std::move(p)) {}
  const FsrsParams& params() const { return p_; }

  /// Probability of recall `t` days after a review, for stability `s`.
  double Retrievability(double t, double s) const;
  /// Days until recall falls to the desired retention (unrounded).
  double IntervalFor(double s) const;
  double InitialStability(Rating g) const;
  double InitialDifficulty(Rating g) const;  ///< unclamped D0
  double NextDifficulty(double d, Rating g) const;
  double StabilityAfterRecall(double d, double s, double r, Rating g) const;
  double StabilityAfterForgetting(double d, double s, double r) const;
  double StabilityShortTerm(double s, Rating g) const;

  /// The card after a review with `rating` at `now`. `fuzz_seed` makes the fuzz repeatable
  /// (the store passes a hash of the card id and its review count).
  Memory Review(const Memory& m, Rating rating, int64_t now, uint64_t fuzz_seed) const;

  /// Probability of recall now (1 for cards never reviewed or still in learning today).
  double RecallNow(const Memory& m, int64_t now) const;

 private:
  /// Stability and difficulty of `n` after `m` was reviewed with `rating` at `now`.
  void UpdateMemory(const Memory& m, Rating rating, int64_t now, Memory* n) const;
  int ReviewIntervalDays(double s, uint64_t fuzz_seed) const;
  FsrsParams p_;
};

/// "10 min", "3 h", "2 days", "1.3 years": a delay for people.
std::string FormatDelay(int64_t seconds);

}  // namespace threadlings
