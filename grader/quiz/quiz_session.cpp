// The session the quiz's subcommands open, and their --topic flags.
#include "quiz_session.h"

#include <algorithm>
#include <sstream>

#include "quiz.h"
#include "suggest.h"
#include "topics.h"

namespace threadlings {

bool OpenSession(App& app, const std::string& lang_flag, Session* s, bool need_memories) {
  std::string err;
  std::vector<std::string> errors;
  if (!LoadBankCached(app.kit().root() / "questions", app.kit().StateDir() / "cards.cache", &s->bank, &errors)) {
    for (const auto& e : errors) PrintError(e);
    PrintError("the question bank has errors (above); fix them or restore questions/ from the repository");
    return false;
  }
  if (!s->store.Open(QuizDataDir(app.options().data_dir) / "quiz.sqlite3", &err) ||
      !ResolveLang(lang_flag, &s->store, &s->lang, &err) ||
      (need_memories && !s->store.LoadMemories(&s->memories, &err))) {
    PrintError(err);
    return false;
  }
  return true;
}

bool ApplyTrack(const std::string& flag, Session* s) {
  Track track;
  std::string err;
  if (!ResolveTrack(flag, &s->store, &track, &err)) {
    PrintError(err);
    return false;
  }
  KeepTrack(&s->bank, track);
  return true;
}

bool CheckTopics(const std::vector<std::string>& topics) {
  for (const auto& t : topics)
    if (std::find(TopicSlugs().begin(), TopicSlugs().end(), t) == TopicSlugs().end()) {
      PrintError("unknown topic '" + t + "'" + DidYouMean(t, TopicSlugs()) +
                 "; the topics are: " + [] {
                   std::string all;
                   for (const auto& s : TopicSlugs()) all += (all.empty() ? "" : ", ") + s;
                   return all;
                 }());
      return false;
    }
  return true;
}

std::string TopicList(const std::vector<std::string>& topics, Lang lang) {
  if (topics.empty()) return Tr(lang, "all topics", "все темы");
  std::string s;
  for (const auto& t : topics) s += (s.empty() ? "" : ", ") + t;
  return s;
}

std::vector<std::string> SplitTopics(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const auto& item : in) {
    std::stringstream ss(item);
    for (std::string t; std::getline(ss, t, ',');)
      if (!t.empty()) out.push_back(t);
  }
  return out;
}

}  // namespace threadlings
