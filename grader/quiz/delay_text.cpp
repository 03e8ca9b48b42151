// Delays and counts worded for people in the session's language, with Russian plural forms.
#include <fmt/core.h>

#include <cmath>

#include "quiz.h"

namespace threadlings {

const char* RussianPlural(int64_t n, const char* one, const char* few, const char* many) {
  const int64_t tens = n % 100, units = n % 10;
  if (tens >= 11 && tens <= 14) return many;
  if (units == 1) return one;
  if (units >= 2 && units <= 4) return few;
  return many;
}

std::string FormatDelay(int64_t seconds, Lang lang) {
  if (lang == Lang::kEn) return FormatDelay(seconds);
  constexpr int64_t kDaySeconds = 86400;
  if (seconds < 60) return "сейчас";
  if (seconds < 3600) return fmt::format("{} мин", (seconds + 30) / 60);
  if (seconds < kDaySeconds) return fmt::format("{} ч", (seconds + 1800) / 3600);
  const double days = static_cast<double>(seconds) / kDaySeconds;
  if (days < 365) {
    const int64_t n = days < 1.5 ? 1 : std::lround(days);
    return fmt::format("{} {}", n, RussianPlural(n, "день", "дня", "дней"));
  }
  // A fraction takes the genitive singular: 2,2 года.
  std::string years = fmt::format("{:.1f}", days / 365.0);
  years[years.find('.')] = ',';
  return years + " года";
}

}  // namespace threadlings
