#include "fsrs.h"

#include <algorithm>
#include <cmath>
#include <fmt/core.h>

namespace threadlings {

const char* RatingName(Rating r) {
  switch (r) {
    case Rating::kAgain: return "again";
    case Rating::kHard: return "hard";
    case Rating::kGood: return "good";
    case Rating::kEasy: return "easy";
  }
  return "?";
}

const char* CardStateName(CardState s) {
  switch (s) {
    case CardState::kNew: return "new";
    case CardState::kLearning: return "learning";
    case CardState::kReview: return "review";
    case CardState::kRelearning: return "relearning";
  }
  return "?";
}

namespace {

constexpr double kMinStability = 0.001;
constexpr double kMaxStability = 36500;
constexpr int64_t kDay = 86400;

double ClampD(double d) { return std::clamp(d, 1.0, 10.0); }
double ClampS(double s) { return std::clamp(s, kMinStability, kMaxStability); }
int G(Rating r) { return static_cast<int>(r); }

uint64_t SplitMix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

double Fsrs::Retrievability(double t, double s) const {
  const double decay = p_.w[20];
  const double factor = std::pow(0.9, -1.0 / decay) - 1.0;
  return std::pow(1.0 + factor * t / s, -decay);
}

double Fsrs::IntervalFor(double s) const {
  const double decay = p_.w[20];
  const double factor = std::pow(0.9, -1.0 / decay) - 1.0;
  return s / factor * (std::pow(p_.desired_retention, -1.0 / decay) - 1.0);
}

double Fsrs::InitialStability(Rating g) const { return ClampS(p_.w[G(g) - 1]); }

double Fsrs::InitialDifficulty(Rating g) const {
  return p_.w[4] - std::exp(p_.w[5] * (G(g) - 1)) + 1.0;
}

double Fsrs::NextDifficulty(double d, Rating g) const {
  const double delta = -p_.w[6] * (G(g) - 3);
  const double damped = d + (10.0 - d) * delta / 9.0;
  // Mean reversion toward the initial difficulty of an Easy first answer.
  return ClampD(p_.w[7] * InitialDifficulty(Rating::kEasy) + (1.0 - p_.w[7]) * damped);
}

double Fsrs::StabilityAfterRecall(double d, double s, double r, Rating g) const {
  const double hard = g == Rating::kHard ? p_.w[15] : 1.0;
  const double easy = g == Rating::kEasy ? p_.w[16] : 1.0;
  return ClampS(s * (1.0 + std::exp(p_.w[8]) * (11.0 - d) * std::pow(s, -p_.w[9]) *
                               (std::exp(p_.w[10] * (1.0 - r)) - 1.0) * hard * easy));
}

double Fsrs::StabilityAfterForgetting(double d, double s, double r) const {
  const double long_term = p_.w[11] * std::pow(d, -p_.w[12]) * (std::pow(s + 1.0, p_.w[13]) - 1.0) *
                           std::exp(p_.w[14] * (1.0 - r));
  return ClampS(std::min(long_term, s / std::exp(p_.w[17] * p_.w[18])));
}

double Fsrs::StabilityShortTerm(double s, Rating g) const {
  const double inc = std::exp(p_.w[17] * (G(g) - 3 + p_.w[18])) * std::pow(s, -p_.w[19]);
  return ClampS(s * (g >= Rating::kHard ? std::max(inc, 1.0) : inc));
}

int Fsrs::ReviewIntervalDays(double s, uint64_t fuzz_seed) const {
  const int max = p_.max_interval_days;
  const double ideal = IntervalFor(s);
  int days = std::clamp(static_cast<int>(std::lround(ideal)), 1, max);
  if (!p_.fuzz || ideal < 2.5) return days;
  // Anki's fuzz: +-(1 + 15 % of the days in 2.5-7 + 10 % of 7-20 + 5 % above 20).
  const double delta = 1.0 + 0.15 * (std::min(ideal, 7.0) - 2.5) +
                       0.10 * std::max(0.0, std::min(ideal, 20.0) - 7.0) +
                       0.05 * std::max(0.0, ideal - 20.0);
  const int lo = std::max(2, static_cast<int>(std::lround(ideal - delta)));
  const int hi = std::min(max, static_cast<int>(std::lround(ideal + delta)));
  if (hi <= lo) return std::clamp(lo, 1, max);
  const double u = static_cast<double>(SplitMix(fuzz_seed) >> 11) / 9007199254740992.0;  // [0,1)
  return lo + static_cast<int>(u * (hi - lo + 1));
}

// FSRS's first half, the memory model: stability and difficulty after the review (the new
// stability uses the old difficulty).
void Fsrs::UpdateMemory(const Memory& m, Rating rating, int64_t now, Memory* n) const {
  if (m.state == CardState::kNew || m.last_review == 0) {
    n->stability = InitialStability(rating);
    n->difficulty = ClampD(InitialDifficulty(rating));
    return;
  }
  const int64_t elapsed_days = std::max<int64_t>(0, (now - m.last_review) / kDay);
  if (elapsed_days < 1) {
    n->stability = StabilityShortTerm(m.stability, rating);
  } else {
    const double r = Retrievability(static_cast<double>(elapsed_days), m.stability);
    n->stability = rating == Rating::kAgain ? StabilityAfterForgetting(m.difficulty, m.stability, r)
                                            : StabilityAfterRecall(m.difficulty, m.stability, r, rating);
  }
  n->difficulty = NextDifficulty(m.difficulty, rating);
}

namespace {

// FSRS's second half, the schedule: Anki-style steps while (re)learning, the interval of the
// new stability in review.
struct Schedule {
  const FsrsParams& p;
  Rating rating;
  int64_t now;
  int64_t review_due;  ///< when the card is due if it graduates (or stays in review) now

  void Graduate(Memory* n) const {
    n->state = CardState::kReview;
    n->step = 0;
    n->due = review_due;
  }

  // A card in learning or relearning `steps` (seconds).
  void InSteps(const std::vector<int>& steps, CardState state, Memory* n) const {
    if (steps.empty()) {
      if (rating == Rating::kAgain && state == CardState::kLearning) {
        n->state = state;
        n->step = 0;
        n->due = now + 60;
        return;
      }
      Graduate(n);
      return;
    }
    n->state = state;
    switch (rating) {
      case Rating::kAgain:
        n->step = 0;
        n->due = now + steps[0];
        break;
      case Rating::kHard: {
        n->step = std::min<int>(n->step, static_cast<int>(steps.size()) - 1);
        // On the first step Hard waits halfway to the second (Anki); later it repeats the step.
        const int64_t delay = n->step == 0 && steps.size() >= 2 ? (steps[0] + steps[1]) / 2
                              : n->step == 0                    ? steps[0] * 3 / 2
                                                                : steps[n->step];
        n->due = now + delay;
        break;
      }
      case Rating::kGood:
        if (n->step + 1 >= static_cast<int>(steps.size())) Graduate(n);
        else n->due = now + steps[++n->step];
        break;
      case Rating::kEasy:
        Graduate(n);
        break;
    }
  }

  // A card in review: Again is a lapse into relearning, anything else its next interval.
  void InReview(Memory* n) const {
    if (rating != Rating::kAgain) {
      Graduate(n);
      return;
    }
    ++n->lapses;
    n->step = 0;
    if (p.relearning_steps.empty()) {
      Graduate(n);
      return;
    }
    n->state = CardState::kRelearning;
    n->due = now + p.relearning_steps[0];
  }

  void From(CardState state, Memory* n) const {
    switch (state) {
      case CardState::kNew:
        n->step = 0;
        InSteps(p.learning_steps, CardState::kLearning, n);
        break;
      case CardState::kLearning:
        InSteps(p.learning_steps, CardState::kLearning, n);
        break;
      case CardState::kRelearning:
        InSteps(p.relearning_steps, CardState::kRelearning, n);
        break;
      case CardState::kReview:
        InReview(n);
        break;
    }
  }
};

}  // namespace

Memory Fsrs::Review(const Memory& m, Rating rating, int64_t now, uint64_t fuzz_seed) const {
  Memory n = m;
  UpdateMemory(m, rating, now, &n);
  n.last_review = now;
  ++n.reps;
  const int64_t review_due = now + static_cast<int64_t>(ReviewIntervalDays(n.stability, fuzz_seed)) * kDay;
  Schedule{p_, rating, now, review_due}.From(m.state, &n);
  return n;
}

double Fsrs::RecallNow(const Memory& m, int64_t now) const {
  if (m.last_review == 0 || m.stability <= 0) return 1.0;
  const double t = static_cast<double>(std::max<int64_t>(0, now - m.last_review)) / kDay;
  return Retrievability(t, m.stability);
}

std::string FormatDelay(int64_t seconds) {
  if (seconds < 60) return "now";
  if (seconds < 3600) return fmt::format("{} min", (seconds + 30) / 60);
  if (seconds < kDay) return fmt::format("{} h", (seconds + 1800) / 3600);
  const double days = static_cast<double>(seconds) / kDay;
  if (days < 1.5) return "1 day";
  if (days < 365) return fmt::format("{} days", std::lround(days));
  return fmt::format("{:.1f} years", days / 365.0);
}

}  // namespace threadlings
