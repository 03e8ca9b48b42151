// `threadlings export anki`: the question bank as an Anki import file (tab-separated, HTML
// fields, with header lines that set the note type, deck and tags).
#include <fmt/core.h>

#include <algorithm>
#include <iostream>

#include "quiz.h"
#include "quiz_cli.h"
#include "quiz_session.h"

namespace threadlings {
namespace {

std::string Html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\n': out += "<br>"; break;
      case '\t': out += "    "; break;
      default: out += c;
    }
  }
  return out;
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += "\"\"";
    else out += c;
  }
  return out + "\"";
}

// The language of the export: the flag, else the setting, else the locale. The setting is read
// only if a store already exists: export never creates one. kExitOk, or the exit code after
// the error was printed.
int ExportLang(App& app, const std::string& flag, Lang* lang) {
  std::string err;
  const fs::path store_file = QuizDataDir(app.options().data_dir) / "quiz.sqlite3";
  ReviewStore store;
  std::error_code ec;
  const bool have_store = flag.empty() && fs::exists(store_file, ec);
  if (have_store && !store.Open(store_file, &err)) {
    PrintError(err);
    return kExitError;
  }
  if (!ResolveLang(flag, have_store ? &store : nullptr, lang, &err)) {
    PrintError(err);
    return kExitUsage;
  }
  return kExitOk;
}

// A true/false card's answer without its leading verdict ("False: blocked threads..." ->
// "Blocked threads..."), so that the back says the verdict once; "" when nothing else is left.
std::string AfterVerdict(const std::string& answer, const std::string& word) {
  if (answer.rfind(word, 0) != 0) return answer;
  const size_t start = answer.find_first_not_of(".:;,—- ", word.size());
  if (start == std::string::npos) return "";
  std::string rest = answer.substr(start);
  auto& b0 = reinterpret_cast<unsigned char&>(rest[0]);
  if (b0 >= 'a' && b0 <= 'z') b0 = static_cast<unsigned char>(b0 - 'a' + 'A');
  if (rest.size() > 1) {  // Cyrillic а-п (D0 B0-BF) -> А-П (D0 90-9F), р-я (D1 80-8F) -> Р-Я (D0 A0-AF)
    auto& b1 = reinterpret_cast<unsigned char&>(rest[1]);
    if (b0 == 0xD0 && b1 >= 0xB0 && b1 <= 0xBF) b1 = static_cast<unsigned char>(b1 - 0x20);
    else if (b0 == 0xD1 && b1 >= 0x80 && b1 <= 0x8F) b0 = 0xD0, b1 = static_cast<unsigned char>(b1 + 0x20);
  }
  return rest;
}

// One note: deck, front (question, code, choices), back (the right answer and why), tags.
std::string AnkiRow(const Card& c, Lang lang) {
  const CardText& x = c.Text(lang);
  std::string front = Html(x.question);
  if (!c.code.empty()) front += "<pre><code>" + Html(c.code) + "</code></pre>";
  if (!x.choices.empty()) {
    front += "<ol>";
    for (const auto& ch : x.choices) front += "<li>" + Html(ch) + "</li>";
    front += "</ol>";
  }
  if (c.kind == CardKind::kTrueFalse) front += "<br><i>" + std::string(Tr(lang, "True or false?", "Верно или нет?")) + "</i>";
  std::string back;
  if (c.kind == CardKind::kTrueFalse) {
    const std::string verdict = c.correct ? Tr(lang, "True.", "Верно.") : Tr(lang, "False.", "Неверно.");
    back = "<b>" + verdict + "</b>";
    const std::string rest = AfterVerdict(x.answer, verdict.substr(0, verdict.size() - 1));
    if (!rest.empty()) back += " " + Html(rest);
  } else {
    if (!x.choices.empty()) back = fmt::format("<b>{}.</b> ", c.correct + 1);
    back += Html(x.answer);
  }
  back += "<br><br>" + Html(x.explanation);
  std::string tags = "threadlings";
  for (const auto& tp : c.topics) tags += " " + tp;
  tags += std::string(" kind::") + CardKindName(c.kind);
  return Quote("threadlings::" + c.topics[0]) + "\t" + Quote(front) + "\t" + Quote(back) + "\t" + Quote(tags) + "\n";
}

}  // namespace

int RunExport(App& app, const ExportOptions& o) {
  const std::vector<std::string> topics = SplitTopics(o.topics);
  if (!CheckTopics(topics)) return kExitUsage;
  Bank bank;
  std::vector<std::string> errors;
  if (!LoadBank(app.kit().root() / "questions", &bank, &errors)) {
    for (const auto& e : errors) PrintError(e);
    return kExitError;
  }
  Lang lang = Lang::kEn;
  if (const int code = ExportLang(app, o.lang, &lang); code != kExitOk) return code;
  std::string text =
      "#separator:tab\n#html:true\n#notetype:Basic\n#deck column:1\n#tags column:4\n"
      "#columns:Deck\tFront\tBack\tTags\n";
  int n = 0;
  for (const Card& c : bank.cards) {
    if (!topics.empty() && std::none_of(topics.begin(), topics.end(), [&](const auto& tp) { return c.HasTopic(tp); }))
      continue;
    text += AnkiRow(c, lang);
    ++n;
  }
  if (o.file == "-") {
    std::cout << text;
    return kExitOk;
  }
  std::string err;
  if (!WriteFileAtomic(o.file, text, &err)) {
    PrintError(err);
    return kExitError;
  }
  fmt::print(stderr, "Wrote {} card(s) in {} to {}: import it in Anki with File > Import.\n", n,
             lang == Lang::kRu ? "Russian" : "English", o.file);
  return kExitOk;
}

}  // namespace threadlings
