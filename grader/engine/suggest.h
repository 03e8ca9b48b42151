// "Did you mean ...?" for unknown names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace threadlings {

/// Levenshtein distance between two strings.
size_t EditDistance(std::string_view a, std::string_view b);

/// The candidate closest to `word`, if it is close enough to be a likely typo (or `word` is
/// a prefix of exactly one candidate); empty otherwise.
std::string Suggest(std::string_view word, const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" or "" when there is no suggestion.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace threadlings
