// The question bank's basic types, and the bank read from every topic file (one file is read
// in card_file.cpp, the cache is bank_cache.cpp, the checks against the notes bank_check.cpp).
#include "cards.h"

#include <algorithm>
#include <cstdlib>

#include "kit.h"
#include "topics.h"

namespace threadlings {

const char* LangName(Lang lang) { return lang == Lang::kRu ? "ru" : "en"; }

bool ParseLang(const std::string& s, Lang* out) {
  if (s == "en") *out = Lang::kEn;
  else if (s == "ru") *out = Lang::kRu;
  else return false;
  return true;
}

Lang LangFromEnvironment() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v == nullptr || *v == '\0') continue;
    return std::string(v).rfind("ru", 0) == 0 ? Lang::kRu : Lang::kEn;
  }
  return Lang::kEn;
}

const char* CardKindName(CardKind kind) {
  switch (kind) {
    case CardKind::kOpen: return "open";
    case CardKind::kChoice: return "choice";
    case CardKind::kTrueFalse: return "truefalse";
    case CardKind::kCode: return "code";
  }
  return "?";
}

bool Card::HasTopic(const std::string& topic) const {
  return std::find(topics.begin(), topics.end(), topic) != topics.end();
}

const Card* Bank::Find(const std::string& id) const {
  auto it = by_id.find(id);
  return it == by_id.end() ? nullptr : &cards[it->second];
}

bool LoadBank(const fs::path& questions_dir, Bank* bank, std::vector<std::string>* errors) {
  std::error_code ec;
  if (!fs::is_directory(questions_dir, ec)) {
    errors->push_back("no question bank at " + DisplayPath(questions_dir) +
                      ": the kit's questions/ folder is missing; restore it from the repository");
    return false;
  }
  // Files in topic map order, then any others (which fail on their unknown topic).
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(questions_dir, ec))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  auto rank = [](const fs::path& p) {
    const auto& slugs = TopicSlugs();
    return std::find(slugs.begin(), slugs.end(), p.stem().string()) - slugs.begin();
  };
  std::sort(files.begin(), files.end(), [&](const fs::path& a, const fs::path& b) {
    return std::pair(rank(a), a.filename()) < std::pair(rank(b), b.filename());
  });
  if (files.empty()) {
    errors->push_back("no card files in " + DisplayPath(questions_dir) + " (expected <topic>.yaml files)");
    return false;
  }
  const size_t before = errors->size();
  for (const auto& file : files) {
    std::string text, err;
    if (!ReadFile(file, &text)) {
      errors->push_back(DisplayPath(file) + ": error: cannot read the file");
      continue;
    }
    if (!LoadCardFile(file, text, &bank->cards, &err)) errors->push_back(err);
  }
  for (size_t i = 0; i < bank->cards.size(); ++i) {
    const Card& c = bank->cards[i];
    auto [it, fresh] = bank->by_id.emplace(c.id, i);
    if (!fresh) {
      const Card& first = bank->cards[it->second];
      errors->push_back(c.file + ":" + std::to_string(c.line) + ": error: duplicate card id '" + c.id +
                        "' (first used at " + first.file + ":" + std::to_string(first.line) +
                        "); ids must be unique across the bank");
    }
  }
  return errors->size() == before;
}

}  // namespace threadlings

namespace threadlings {

bool ParseTrack(const std::string& s, Track* out) {
  if (s == "all") *out = Track::kAll;
  else if (s == "cpp") *out = Track::kCpp;
  else return false;
  return true;
}

void KeepTrack(Bank* bank, Track track) {
  if (track == Track::kAll) return;
  std::vector<Card> kept;
  for (Card& c : bank->cards)
    if (!c.python_only) kept.push_back(std::move(c));
  bank->cards = std::move(kept);
  bank->by_id.clear();
  for (size_t i = 0; i < bank->cards.size(); ++i) bank->by_id.emplace(bank->cards[i].id, i);
}

}  // namespace threadlings
