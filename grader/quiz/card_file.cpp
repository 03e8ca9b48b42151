// Reading one topic file of the question bank (questions/<topic>.yaml) into cards: each field
// of a card in turn, the first error reported at its `file:line:col`.
#include <algorithm>

#include "cards.h"
#include "kit.h"
#include "suggest.h"
#include "topics.h"
#include "yaml_util.h"

namespace threadlings {
namespace {

const std::vector<std::string> kFileFields = {"format", "topic", "cards"};
const std::vector<std::string> kCardFields = {"id",   "topics",  "kind", "track", "source", "exercise",
                                              "code", "correct", "en",   "ru"};
const std::vector<std::string> kTextFields = {"question", "answer", "explanation", "choices"};
const std::vector<std::string> kKinds = {"open", "choice", "truefalse", "code"};

bool IsCardId(const std::string& s) {
  auto lower_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (s.empty() || !lower_digit(s[0])) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) { return lower_digit(c) || c == '-'; });
}

bool HasCyrillic(const std::string& s) {
  // Cyrillic letters are U+0400..U+04FF: UTF-8 lead bytes 0xD0..0xD3.
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b >= 0xD0 && b <= 0xD3;
  });
}

bool IsBlank(const std::string& s) { return s.find_first_not_of(" \t\n") == std::string::npos; }

bool ReadText(YamlReader& r, const YAML::Node& card, const std::string& lang, CardText* out) {
  const YAML::Node n = card[lang];
  if (!n) return r.Fail(card.Mark(), "missing required field '" + lang + "' (the card in " +
                                         (lang == "en" ? "English" : "Russian") + ")");
  if (!r.ExpectMap(n, kTextFields, "'" + lang + "'")) return false;
  for (auto [key, field] : {std::pair{"question", &out->question},
                            std::pair{"answer", &out->answer},
                            std::pair{"explanation", &out->explanation}}) {
    const auto s = r.String(n, key);
    if (!s) return false;
    if (IsBlank(*s)) return r.Fail(r.MarkOf(n, key), "field '" + std::string(key) + "' must not be empty");
    *field = *s;
  }
  if (n["choices"]) {
    const auto choices = r.StringList(n, "choices");
    if (!choices) return false;
    out->choices = *choices;
  }
  return true;
}

bool ReadId(YamlReader& r, const YAML::Node& c, Card* card) {
  const auto id = r.String(c, "id");
  if (!id) return false;
  if (!IsCardId(*id))
    return r.Fail(r.MarkOf(c, "id"), "card id '" + *id +
                                         "' must use only a-z, 0-9 and '-', e.g. deadlock-lock-order");
  card->id = *id;
  return true;
}

bool ReadTopics(YamlReader& r, const YAML::Node& c, const std::string& file_topic, Card* card) {
  const auto topics = r.StringList(c, "topics");
  if (!topics) return false;
  if (topics->empty()) return r.Fail(r.MarkOf(c, "topics"), "'topics' must name at least one topic");
  for (size_t i = 0; i < topics->size(); ++i) {
    const std::string& t = (*topics)[i];
    if (std::find(TopicSlugs().begin(), TopicSlugs().end(), t) == TopicSlugs().end())
      return r.Fail(c["topics"][i].Mark(), "unknown topic '" + t + "'" + DidYouMean(t, TopicSlugs()) +
                                               "; topics come from the topic map in notes/README.md");
  }
  if ((*topics)[0] != file_topic)
    return r.Fail(c["topics"][0].Mark(), "the first topic must be the file's topic '" + file_topic +
                                             "', not '" + (*topics)[0] + "'");
  card->topics = *topics;
  return true;
}

bool ReadKind(YamlReader& r, const YAML::Node& c, Card* card) {
  const auto kind = r.String(c, "kind");
  if (!kind) return false;
  const auto k = std::find(kKinds.begin(), kKinds.end(), *kind);
  if (k == kKinds.end())
    return r.Fail(r.MarkOf(c, "kind"), "unknown kind '" + *kind + "'" + DidYouMean(*kind, kKinds) +
                                           "; a card is open, choice, truefalse or code");
  card->kind = static_cast<CardKind>(k - kKinds.begin());
  return true;
}

// Choice and code cards have two or more choices, the same number in both languages; the
// others have none.
bool CheckChoices(YamlReader& r, const YAML::Node& c, const Card& card) {
  const std::string kind = CardKindName(card.kind);
  const bool has_choices = card.kind == CardKind::kChoice || card.kind == CardKind::kCode;
  for (auto [lang, text] : {std::pair{"en", &card.en}, std::pair{"ru", &card.ru}}) {
    const YAML::Node n = c[lang];
    if (has_choices && text->choices.size() < 2)
      return r.Fail(n["choices"] ? r.MarkOf(n, "choices") : n.Mark(),
                    "a " + kind + " card needs 'choices' (two or more) in '" + lang + "'");
    if (!has_choices && !text->choices.empty())
      return r.Fail(r.MarkOf(n, "choices"), "a " + kind +
                                                " card has no 'choices'; use kind 'choice' for a multiple-choice card");
  }
  if (has_choices && card.en.choices.size() != card.ru.choices.size())
    return r.Fail(r.MarkOf(c["ru"], "choices"),
                  "'ru' has " + std::to_string(card.ru.choices.size()) + " choices but 'en' has " +
                      std::to_string(card.en.choices.size()) + "; they must match one to one");
  return true;
}

bool ReadCorrect(YamlReader& r, const YAML::Node& c, Card* card) {
  if (card->kind == CardKind::kOpen) {
    if (c["correct"]) return r.Fail(r.MarkOf(c, "correct"), "an open card has no 'correct'; the learner grades it");
    return true;
  }
  if (card->kind == CardKind::kTrueFalse) {
    const auto v = r.String(c, "correct");
    if (!v) return false;
    if (*v != "true" && *v != "false")
      return r.Fail(r.MarkOf(c, "correct"), "'correct' of a truefalse card must be true or false, not '" + *v + "'");
    card->correct = *v == "true" ? 1 : 0;
    return true;
  }
  const auto v = r.Int(c, "correct", 0, static_cast<long>(card->en.choices.size()) - 1);
  if (!v) return false;
  card->correct = static_cast<int>(*v);
  return true;
}

bool ReadCode(YamlReader& r, const YAML::Node& c, Card* card) {
  if (card->kind != CardKind::kCode) {
    if (c["code"]) return r.Fail(r.MarkOf(c, "code"), "only a 'code' card has a 'code' snippet");
    return true;
  }
  const auto code = r.String(c, "code");
  if (!code) return false;
  if (IsBlank(*code)) return r.Fail(r.MarkOf(c, "code"), "field 'code' must not be empty");
  if (HasCyrillic(*code))
    return r.Fail(r.MarkOf(c, "code"), "the code of a card is shared by both languages: keep Russian out of it");
  card->code = *code;
  return true;
}

bool ReadCard(YamlReader& r, const YAML::Node& c, const std::string& file_topic, Card* card) {
  if (!r.ExpectMap(c, kCardFields, "a card")) return false;
  card->line = c.Mark().line + 1;
  if (!ReadId(r, c, card) || !ReadTopics(r, c, file_topic, card) || !ReadKind(r, c, card)) return false;
  const auto source = r.String(c, "source");
  if (!source) return false;
  card->source = *source;
  if (const auto ex = r.String(c, "exercise", false)) card->exercise = *ex;
  if (const auto track = r.String(c, "track", false)) {
    if (*track != "python")
      return r.Fail(r.MarkOf(c, "track"), "unknown track '" + *track + "'; the only track a card may name is 'python'");
    card->python_only = true;
  }
  return ReadText(r, c, "en", &card->en) && ReadText(r, c, "ru", &card->ru) && CheckChoices(r, c, *card) &&
         ReadCorrect(r, c, card) && ReadCode(r, c, card);
}

// The file's header: format 1, a topic that is the file's name and a topic of the map.
bool ReadFileHeader(YamlReader& r, const YAML::Node& root, const fs::path& path) {
  const std::string topic = path.stem().string();
  if (!root.IsMap()) return r.Fail(root.Mark(), "a card file is a mapping with 'format', 'topic' and 'cards'");
  if (!r.ExpectMap(root, kFileFields, "the card file")) return false;
  const auto format = r.Int(root, "format", 1, 1);
  if (!format) return false;
  const auto file_topic = r.String(root, "topic");
  if (!file_topic) return false;
  if (*file_topic != topic)
    return r.Fail(r.MarkOf(root, "topic"), "topic '" + *file_topic + "' does not match the file name '" +
                                                path.filename().string() + "'");
  if (std::find(TopicSlugs().begin(), TopicSlugs().end(), topic) == TopicSlugs().end())
    return r.Fail(r.MarkOf(root, "topic"), "unknown topic '" + topic + "'" + DidYouMean(topic, TopicSlugs()) +
                                                "; name the file after a topic of notes/README.md");
  return true;
}

}  // namespace

bool LoadCardFile(const fs::path& path, const std::string& text, std::vector<Card>* out,
                  std::string* err) {
  const std::string shown = DisplayPath(path);
  YamlReader r(shown, text);
  YAML::Node root;
  auto fail = [&] {
    *err = r.error();
    return false;
  };
  if (!r.Parse(&root) || !ReadFileHeader(r, root, path)) return fail();
  const YAML::Node cards = root["cards"];
  if (!cards || !cards.IsSequence() || cards.size() == 0) {
    r.Fail(cards ? r.MarkOf(root, "cards") : root.Mark(), "'cards' must be a list of at least one card");
    return fail();
  }
  std::vector<Card> read;
  for (const auto& c : cards) {
    Card card;
    card.file = shown;
    if (!ReadCard(r, c, path.stem().string(), &card)) return fail();
    read.push_back(std::move(card));
  }
  out->insert(out->end(), std::make_move_iterator(read.begin()), std::make_move_iterator(read.end()));
  return true;
}

}  // namespace threadlings
