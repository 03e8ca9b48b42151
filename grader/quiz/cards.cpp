#include "cards.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <regex>
#include <set>

#include "kit.h"
#include "suggest.h"
#include "topics.h"
#include "yaml_util.h"

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

namespace {

const std::vector<std::string> kFileFields = {"format", "topic", "cards"};
const std::vector<std::string> kCardFields = {"id",   "topics",   "kind", "source", "exercise",
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
    if (s->find_first_not_of(" \t\n") == std::string::npos)
      return r.Fail(r.MarkOf(n, key), "field '" + std::string(key) + "' must not be empty");
    *field = *s;
  }
  if (n["choices"]) {
    const auto choices = r.StringList(n, "choices");
    if (!choices) return false;
    out->choices = *choices;
  }
  return true;
}

bool ReadCard(YamlReader& r, const YAML::Node& c, const std::string& file_topic, Card* card) {
  if (!r.ExpectMap(c, kCardFields, "a card")) return false;
  card->line = c.Mark().line + 1;
  const auto id = r.String(c, "id");
  if (!id) return false;
  if (!IsCardId(*id))
    return r.Fail(r.MarkOf(c, "id"), "card id '" + *id +
                                         "' must use only a-z, 0-9 and '-', e.g. deadlock-lock-order");
  card->id = *id;

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

  const auto kind = r.String(c, "kind");
  if (!kind) return false;
  const auto k = std::find(kKinds.begin(), kKinds.end(), *kind);
  if (k == kKinds.end())
    return r.Fail(r.MarkOf(c, "kind"), "unknown kind '" + *kind + "'" + DidYouMean(*kind, kKinds) +
                                           "; a card is open, choice, truefalse or code");
  card->kind = static_cast<CardKind>(k - kKinds.begin());

  const auto source = r.String(c, "source");
  if (!source) return false;
  card->source = *source;
  if (const auto ex = r.String(c, "exercise", false)) card->exercise = *ex;

  if (!ReadText(r, c, "en", &card->en) || !ReadText(r, c, "ru", &card->ru)) return false;

  const bool has_choices = card->kind == CardKind::kChoice || card->kind == CardKind::kCode;
  for (auto [lang, text] : {std::pair{"en", &card->en}, std::pair{"ru", &card->ru}}) {
    const YAML::Node n = c[lang];
    if (has_choices && text->choices.size() < 2)
      return r.Fail(n["choices"] ? r.MarkOf(n, "choices") : n.Mark(),
                    std::string("a ") + *kind + " card needs 'choices' (two or more) in '" + lang + "'");
    if (!has_choices && !text->choices.empty())
      return r.Fail(r.MarkOf(n, "choices"), std::string("a ") + *kind +
                                                " card has no 'choices'; use kind 'choice' for a multiple-choice card");
  }
  if (has_choices && card->en.choices.size() != card->ru.choices.size())
    return r.Fail(r.MarkOf(c["ru"], "choices"),
                  "'ru' has " + std::to_string(card->ru.choices.size()) + " choices but 'en' has " +
                      std::to_string(card->en.choices.size()) + "; they must match one to one");

  if (card->kind == CardKind::kOpen) {
    if (c["correct"]) return r.Fail(r.MarkOf(c, "correct"), "an open card has no 'correct'; the learner grades it");
  } else if (card->kind == CardKind::kTrueFalse) {
    const auto v = r.String(c, "correct");
    if (!v) return false;
    if (*v != "true" && *v != "false")
      return r.Fail(r.MarkOf(c, "correct"), "'correct' of a truefalse card must be true or false, not '" + *v + "'");
    card->correct = *v == "true" ? 1 : 0;
  } else {
    const auto v = r.Int(c, "correct", 0, static_cast<long>(card->en.choices.size()) - 1);
    if (!v) return false;
    card->correct = static_cast<int>(*v);
  }

  if (card->kind == CardKind::kCode) {
    const auto code = r.String(c, "code");
    if (!code) return false;
    if (code->find_first_not_of(" \t\n") == std::string::npos)
      return r.Fail(r.MarkOf(c, "code"), "field 'code' must not be empty");
    if (HasCyrillic(*code))
      return r.Fail(r.MarkOf(c, "code"), "the code of a card is shared by both languages: keep Russian out of it");
    card->code = *code;
  } else if (c["code"]) {
    return r.Fail(r.MarkOf(c, "code"), "only a 'code' card has a 'code' snippet");
  }
  return true;
}

}  // namespace

bool LoadCardFile(const fs::path& path, const std::string& text, std::vector<Card>* out,
                  std::string* err) {
  const std::string shown = DisplayPath(path);
  YamlReader r(shown, text);
  YAML::Node root;
  const std::string topic = path.stem().string();
  auto fail = [&] {
    *err = r.error();
    return false;
  };
  if (!r.Parse(&root)) return fail();
  if (!root.IsMap()) {
    r.Fail(root.Mark(), "a card file is a mapping with 'format', 'topic' and 'cards'");
    return fail();
  }
  if (!r.ExpectMap(root, kFileFields, "the card file")) return fail();
  const auto format = r.Int(root, "format", 1, 1);
  if (!format) return fail();
  const auto file_topic = r.String(root, "topic");
  if (!file_topic) return fail();
  if (*file_topic != topic) {
    r.Fail(r.MarkOf(root, "topic"), "topic '" + *file_topic + "' does not match the file name '" +
                                         path.filename().string() + "'");
    return fail();
  }
  if (std::find(TopicSlugs().begin(), TopicSlugs().end(), topic) == TopicSlugs().end()) {
    r.Fail(r.MarkOf(root, "topic"), "unknown topic '" + topic + "'" + DidYouMean(topic, TopicSlugs()) +
                                         "; name the file after a topic of notes/README.md");
    return fail();
  }
  const YAML::Node cards = root["cards"];
  if (!cards || !cards.IsSequence() || cards.size() == 0) {
    r.Fail(cards ? r.MarkOf(root, "cards") : root.Mark(), "'cards' must be a list of at least one card");
    return fail();
  }
  std::vector<Card> read;
  for (const auto& c : cards) {
    Card card;
    card.file = shown;
    if (!ReadCard(r, c, topic, &card)) return fail();
    read.push_back(std::move(card));
  }
  out->insert(out->end(), std::make_move_iterator(read.begin()), std::make_move_iterator(read.end()));
  return true;
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

namespace {

constexpr char kCacheMagic[] = "threadlings-cards-cache 1 " THREADLINGS_VERSION "\n";

// The identity of the bank's files: every *.yaml with its size and modification time.
std::string BankStamp(const fs::path& dir) {
  std::vector<std::string> parts;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".yaml") continue;
    const auto size = fs::file_size(entry.path(), ec);
    const auto time = fs::last_write_time(entry.path(), ec).time_since_epoch().count();
    parts.push_back(entry.path().filename().string() + ":" + std::to_string(size) + ":" + std::to_string(time));
  }
  std::sort(parts.begin(), parts.end());
  std::string stamp = fs::absolute(dir).string();
  for (const auto& p : parts) stamp += "|" + p;
  return stamp;
}

class Writer {
 public:
  void Str(const std::string& s) {
    Int(static_cast<uint32_t>(s.size()));
    out += s;
  }
  void Int(uint32_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void List(const std::vector<std::string>& l) {
    Int(static_cast<uint32_t>(l.size()));
    for (const auto& s : l) Str(s);
  }
  std::string out;
};

class Reader {
 public:
  explicit Reader(const std::string& in) : in_(in) {}
  bool Int(uint32_t* v) {
    if (in_.size() - pos_ < sizeof *v) return false;
    std::memcpy(v, in_.data() + pos_, sizeof *v);
    pos_ += sizeof *v;
    return true;
  }
  bool Str(std::string* s) {
    uint32_t n;
    if (!Int(&n) || in_.size() - pos_ < n) return false;
    s->assign(in_, pos_, n);
    pos_ += n;
    return true;
  }
  bool List(std::vector<std::string>* l) {
    uint32_t n;
    if (!Int(&n) || n > in_.size()) return false;
    l->resize(n);
    for (auto& s : *l)
      if (!Str(&s)) return false;
    return true;
  }
  bool Done() const { return pos_ == in_.size(); }

 private:
  const std::string& in_;
  size_t pos_ = 0;
};

void WriteText(Writer& w, const CardText& t) {
  w.Str(t.question);
  w.Str(t.answer);
  w.Str(t.explanation);
  w.List(t.choices);
}

bool ReadText(Reader& r, CardText* t) {
  return r.Str(&t->question) && r.Str(&t->answer) && r.Str(&t->explanation) && r.List(&t->choices);
}

std::string SerializeBank(const std::string& stamp, const Bank& bank) {
  Writer w;
  w.out = kCacheMagic;
  w.Str(stamp);
  w.Int(static_cast<uint32_t>(bank.cards.size()));
  for (const Card& c : bank.cards) {
    w.Str(c.id);
    w.List(c.topics);
    w.Int(static_cast<uint32_t>(c.kind));
    w.Str(c.source);
    w.Str(c.exercise);
    w.Str(c.code);
    w.Int(static_cast<uint32_t>(c.correct + 1));
    WriteText(w, c.en);
    WriteText(w, c.ru);
    w.Str(c.file);
    w.Int(static_cast<uint32_t>(c.line));
  }
  return w.out;
}

bool DeserializeBank(const std::string& data, const std::string& stamp, Bank* bank) {
  const std::string magic = kCacheMagic;
  if (data.compare(0, magic.size(), magic) != 0) return false;
  const std::string body = data.substr(magic.size());
  Reader r(body);
  std::string got;
  uint32_t n;
  if (!r.Str(&got) || got != stamp || !r.Int(&n)) return false;
  std::vector<Card> cards(std::min<size_t>(n, body.size()));
  if (cards.size() != n) return false;
  for (Card& c : cards) {
    uint32_t kind, correct, line;
    if (!r.Str(&c.id) || !r.List(&c.topics) || c.topics.empty() || !r.Int(&kind) || kind > 3 ||
        !r.Str(&c.source) || !r.Str(&c.exercise) || !r.Str(&c.code) || !r.Int(&correct) ||
        !ReadText(r, &c.en) || !ReadText(r, &c.ru) || !r.Str(&c.file) || !r.Int(&line))
      return false;
    c.kind = static_cast<CardKind>(kind);
    c.correct = static_cast<int>(correct) - 1;
    c.line = static_cast<int>(line);
  }
  if (!r.Done()) return false;
  bank->cards = std::move(cards);
  bank->by_id.clear();
  for (size_t i = 0; i < bank->cards.size(); ++i) bank->by_id.emplace(bank->cards[i].id, i);
  return true;
}

}  // namespace

bool LoadBankCached(const fs::path& questions_dir, const fs::path& cache, Bank* bank,
                    std::vector<std::string>* errors) {
  const std::string stamp = BankStamp(questions_dir);
  std::string data;
  if (ReadFile(cache, &data) && DeserializeBank(data, stamp, bank)) return true;
  *bank = Bank{};
  if (!LoadBank(questions_dir, bank, errors)) return false;
  std::error_code ec;
  fs::create_directories(cache.parent_path(), ec);
  std::string ignored;
  WriteFileAtomic(cache, SerializeBank(stamp, *bank), &ignored);  // a cache: failing to write it costs only time
  return true;
}

std::vector<NoteSection> NoteSections(const std::string& note_name, const std::string& text) {
  std::vector<NoteSection> out;
  static const std::regex markdown(R"(^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$)");
  static const std::regex bold_line(R"(^\s*\*\*(.+?)\*\*\s*:?\s*$)");
  static const std::regex bold_lead(R"(^\s*\*\*(.+?)\*\*\s*[—–:-])");
  bool in_fence = false;
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    ++line_no;
    pos = end + 1;
    if (line.find("```") != std::string::npos && line.find_first_not_of(" \t") == line.find("```")) {
      in_fence = !in_fence;
      continue;
    }
    if (in_fence) continue;
    std::smatch m;
    if (std::regex_match(line, m, markdown) || std::regex_match(line, m, bold_line) ||
        std::regex_search(line, m, bold_lead)) {
      std::string h = m[1].str();
      h.erase(0, h.find_first_not_of(" \t"));
      h.erase(h.find_last_not_of(" \t") + 1);
      if (!h.empty()) out.push_back({note_name, h, line_no});
    }
    if (end == text.size()) break;
  }
  if (out.empty()) out.push_back({note_name, "", 1});
  return out;
}

bool ValidateBank(const Bank& bank, const fs::path& notes_dir,
                  const std::vector<std::string>& exercise_names, const BankRules& rules,
                  BankReport* report, std::vector<std::string>* errors) {
  const size_t before = errors->size();
  // The sections of every note.
  std::map<std::string, std::vector<NoteSection>> notes;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(notes_dir, ec)) {
    if (entry.path().extension() != ".txt") continue;
    std::string text;
    if (!ReadFile(entry.path(), &text)) continue;
    const std::string name = entry.path().filename().string();
    notes[name] = NoteSections(name, text);
    for (const auto& s : notes[name])
      report->per_section[s.heading.empty() ? name : name + "#" + s.heading] = 0;
  }
  if (notes.empty()) {
    errors->push_back("no notes found in " + DisplayPath(notes_dir) +
                      ": card sources cannot be checked; restore notes/ from the repository");
    return false;
  }
  std::vector<std::string> note_names;
  for (const auto& [name, _] : notes) note_names.push_back(name);

  for (const auto& t : TopicSlugs()) report->per_topic[t] = 0;
  for (const Card& c : bank.cards) {
    const std::string at = c.file + ":" + std::to_string(c.line) + ": error: card '" + c.id + "': ";
    for (const auto& t : c.topics) ++report->per_topic[t];
    ++report->per_kind[c.kind];
    const size_t hash = c.source.find('#');
    const std::string note = c.source.substr(0, hash);
    const auto it = notes.find(note);
    if (it == notes.end()) {
      errors->push_back(at + "source '" + c.source + "' names no note" + DidYouMean(note, note_names) +
                        "; a source is '<note file>#<heading>'");
      continue;
    }
    const std::vector<NoteSection>& sections = it->second;
    const bool headingless = sections.size() == 1 && sections[0].heading.empty();
    if (hash == std::string::npos) {
      if (!headingless) {
        errors->push_back(at + "source '" + c.source + "' needs '#<heading>': " + note +
                          " has headings, e.g. '" + sections[0].heading + "'");
        continue;
      }
      ++report->per_section[note];
      continue;
    }
    const std::string heading = c.source.substr(hash + 1);
    bool found = false;
    std::vector<std::string> headings;
    for (const auto& s : sections) {
      headings.push_back(s.heading);
      found = found || s.heading == heading;
    }
    if (!found) {
      errors->push_back(at + "source '" + c.source + "': " + note + " has no heading '" + heading + "'" +
                        DidYouMean(heading, headings));
      continue;
    }
    ++report->per_section[note + "#" + heading];
  }
  if (!exercise_names.empty()) {
    for (const Card& c : bank.cards)
      if (!c.exercise.empty() &&
          std::find(exercise_names.begin(), exercise_names.end(), c.exercise) == exercise_names.end())
        errors->push_back(c.file + ":" + std::to_string(c.line) + ": error: card '" + c.id +
                          "': exercise '" + c.exercise + "' is not in the kit" +
                          DidYouMean(c.exercise, exercise_names));
  }
  for (const auto& [section, n] : report->per_section)
    if (n < rules.min_cards_per_section)
      errors->push_back("notes/" + section + ": error: " + std::to_string(n) + " card(s) drawn from this section; at least " +
                        std::to_string(rules.min_cards_per_section) + " are required");
  for (const auto& [topic, n] : report->per_topic)
    if (n < rules.min_cards_per_topic)
      errors->push_back("questions/" + topic + ".yaml: error: " + std::to_string(n) + " card(s) on topic '" + topic +
                        "'; at least " + std::to_string(rules.min_cards_per_topic) + " are required");
  if (static_cast<int>(bank.cards.size()) < rules.min_cards)
    errors->push_back("questions/: error: " + std::to_string(bank.cards.size()) + " cards; the bank needs at least " +
                      std::to_string(rules.min_cards));
  if (report->per_kind[CardKind::kCode] < rules.min_code_cards)
    errors->push_back("questions/: error: " + std::to_string(report->per_kind[CardKind::kCode]) +
                      " spot-the-bug (code) cards; the bank needs at least " + std::to_string(rules.min_code_cards));
  return errors->size() == before;
}

}  // namespace threadlings
