// What the quiz's subcommands share: the session they open (store, bank, language, the
// cards' memories) and the --topic flag's parsing and checking.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "app.h"
#include "cards.h"
#include "fsrs.h"
#include "review_store.h"

namespace threadlings {

/// The quiz store, the question bank and the language of one subcommand's run.
struct Session {
  ReviewStore store;
  Bank bank;
  Lang lang = Lang::kEn;
  std::map<std::string, Memory> memories;
};

/// Opens the store and the bank, and settles the language; prints the error and returns false.
bool OpenSession(App& app, const std::string& lang_flag, Session* s, bool need_memories = true);

/// Leaves out the cards not on the track: `flag` (all, cpp), else the setting 'track'; prints
/// the error and returns false.
bool ApplyTrack(const std::string& flag, Session* s);

/// True when every topic is one of the topic map; else prints the error with the topics.
bool CheckTopics(const std::vector<std::string>& topics);

/// "a, b" for messages, or "all topics" when `topics` is empty.
std::string TopicList(const std::vector<std::string>& topics, Lang lang);

/// Topics from "--topic a --topic b,c".
std::vector<std::string> SplitTopics(const std::vector<std::string>& in);

}  // namespace threadlings
