// The question bank: flashcards in questions/<topic>.yaml (format in docs/CARD_FORMAT.md),
// how they are read, and how the whole bank is validated against the notes.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace threadlings {

namespace fs = std::filesystem;

/// The language a card is shown in.
enum class Lang { kEn, kRu };

/// "en" / "ru".
const char* LangName(Lang lang);
/// Parses "en" / "ru"; false for anything else.
bool ParseLang(const std::string& s, Lang* out);
/// The default language from the locale: LC_ALL, then LC_MESSAGES, then LANG; "ru..." gives
/// Russian, anything else English.
Lang LangFromEnvironment();

enum class CardKind { kOpen, kChoice, kTrueFalse, kCode };
const char* CardKindName(CardKind kind);

/// One side of a card in one language.
struct CardText {
  std::string question;
  std::string answer;
  std::string explanation;
  std::vector<std::string> choices;  ///< choice and code cards
};

struct Card {
  std::string id;                   ///< stable, unique across the bank
  std::vector<std::string> topics;  ///< the first is the file's topic
  CardKind kind = CardKind::kOpen;
  std::string source;               ///< "note.txt#heading" or "note.txt"
  std::string exercise;             ///< optional: the exercise practising the same bug
  bool python_only = false;         ///< `track: python`: left out of the C++ track
  std::string code;                 ///< code cards: the snippet
  int correct = -1;                 ///< choice/code: index; truefalse: 1 true, 0 false
  CardText en, ru;
  std::string file;                 ///< where it was read (for messages)
  int line = 0;                     ///< 1-based line of its `- id:` entry

  const CardText& Text(Lang lang) const { return lang == Lang::kRu ? ru : en; }
  /// True when the quiz grades the answer itself (everything but open cards).
  bool AutoGraded() const { return kind != CardKind::kOpen; }
  bool HasTopic(const std::string& topic) const;
};

/// The cards of a kit, in file order (topic map order of the files, then order in a file).
struct Bank {
  std::vector<Card> cards;
  std::map<std::string, size_t> by_id;

  const Card* Find(const std::string& id) const;
};

/// The cards a learner wants: "all", or "cpp" for everything but the Python-only cards.
enum class Track { kAll, kCpp };
/// Parses "all" / "cpp"; false for anything else.
bool ParseTrack(const std::string& s, Track* out);
/// Leaves only the cards of `track` in the bank.
void KeepTrack(Bank* bank, Track track);

/// Reads one topic file; false with a `file:line:col` message (the first error in the file).
bool LoadCardFile(const fs::path& path, const std::string& text, std::vector<Card>* out,
                  std::string* err);

/// Reads every questions/*.yaml. Errors (one per broken file, then duplicate ids) go to
/// `errors`; the cards of the sound files are still returned. True when there was no error.
bool LoadBank(const fs::path& questions_dir, Bank* bank, std::vector<std::string>* errors);

/// LoadBank through a cache file: when `cache` holds the bank of exactly these files (names,
/// sizes, modification times), it is read from there (about 20x faster than parsing YAML);
/// otherwise the YAML is parsed and, when sound, the cache rewritten. A damaged cache is
/// ignored and rebuilt (it holds nothing but a copy of questions/).
bool LoadBankCached(const fs::path& questions_dir, const fs::path& cache, Bank* bank,
                    std::vector<std::string>* errors);

/// A section of a note: a Markdown heading, a whole-line **bold** heading, or a **bold** term
/// that opens a paragraph. A note without any gets one section with an empty heading.
struct NoteSection {
  std::string note;     ///< file name
  std::string heading;  ///< as written, without the markup; empty for a headingless note
  int line = 0;
};

/// The sections of one note's text (headings inside ``` code fences are not sections).
std::vector<NoteSection> NoteSections(const std::string& note_name, const std::string& text);

/// What the bank must satisfy beyond each file's schema.
struct BankRules {
  int min_cards = 150;
  int min_cards_per_section = 2;
  int min_cards_per_topic = 4;
  int min_code_cards = 25;
  double max_right_longest = 0.35;  ///< share of choice/code cards whose right option is the longest
  double min_true = 0.40, max_true = 0.60;  ///< share of true/false cards whose answer is true
};

/// What a learner could guess from a card's shape without knowing the subject (the "tells").
struct BankTells {
  int choice_cards = 0;                         ///< choice and code cards
  std::map<Lang, int> right_longest;            ///< cards whose right option is the longest (ties count)
  std::map<int, int> right_position;            ///< 0-based position of the right option as stored
  int truefalse_cards = 0, truefalse_true = 0;
  double LongestShare(Lang lang) const;
  double TrueShare() const;
};

/// Counts the tells of the bank (lengths in characters, not bytes).
BankTells MeasureTells(const Bank& bank);

/// Appends an error for each tell past the bounds of `rules`.
void CheckTells(const BankTells& tells, const BankRules& rules, std::vector<std::string>* errors);

/// Counts behind a validation, for `dev cards` to print.
struct BankReport {
  std::map<std::string, int> per_topic;    ///< cards listing each topic
  std::map<std::string, int> per_section;  ///< "note#heading" -> cards citing it
  std::map<CardKind, int> per_kind;
  BankTells tells;
};

/// Checks the bank against the notes in `notes_dir` (every source names a real note and
/// section; coverage of sections and topics; counts) and, when `exercise_names` is not empty,
/// that every `exercise:` names one. Appends messages to `errors`; true when there is none.
bool ValidateBank(const Bank& bank, const fs::path& notes_dir,
                  const std::vector<std::string>& exercise_names, const BankRules& rules,
                  BankReport* report, std::vector<std::string>* errors);

}  // namespace threadlings
