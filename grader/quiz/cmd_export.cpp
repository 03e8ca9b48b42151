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
    // The answer of a true/false card is usually the verdict itself: say it once.
    std::string rest = x.answer.rfind(verdict, 0) == 0 ? x.answer.substr(verdict.size()) : x.answer;
    rest.erase(0, rest.find_first_not_of(' '));
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
