// The question bank's cache: the parsed bank in a small binary file, stamped with the names,
// sizes and modification times of the YAML it came from.
#include <algorithm>
#include <cstring>

#include "cards.h"
#include "kit.h"

namespace threadlings {
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
  std::string stamp = "cards-v2|" + fs::absolute(dir).string();  // v2: Card::python_only
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
    w.Int(c.python_only ? 1 : 0);
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
    uint32_t kind, correct, line, python_only;
    if (!r.Str(&c.id) || !r.List(&c.topics) || c.topics.empty() || !r.Int(&kind) || kind > 3 ||
        !r.Str(&c.source) || !r.Str(&c.exercise) || !r.Int(&python_only) || !r.Str(&c.code) || !r.Int(&correct) ||
        !ReadText(r, &c.en) || !ReadText(r, &c.ru) || !r.Str(&c.file) || !r.Int(&line))
      return false;
    c.kind = static_cast<CardKind>(kind);
    c.python_only = python_only != 0;
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

}  // namespace threadlings
