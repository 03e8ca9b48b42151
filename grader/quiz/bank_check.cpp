// Checking the question bank against the kit: every card's source is a real note section,
// every exercise a real exercise, and the bank covers the notes and topics well enough.
#include <algorithm>
#include <regex>

#include "cards.h"
#include "kit.h"
#include "suggest.h"
#include "topics.h"

namespace threadlings {

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

namespace {

// The notes a source may cite.
struct Notes {
  std::map<std::string, std::vector<NoteSection>> sections;  ///< by note file name
  std::vector<std::string> names;                            ///< for suggestions
};

// Reads the sections of every note; each section starts in `report` with no card.
Notes ReadNotes(const fs::path& notes_dir, BankReport* report) {
  Notes notes;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(notes_dir, ec)) {
    if (entry.path().extension() != ".txt") continue;
    std::string text;
    if (!ReadFile(entry.path(), &text)) continue;
    const std::string name = entry.path().filename().string();
    notes.sections[name] = NoteSections(name, text);
    for (const auto& s : notes.sections[name])
      report->per_section[s.heading.empty() ? name : name + "#" + s.heading] = 0;
  }
  for (const auto& [name, _] : notes.sections) notes.names.push_back(name);
  return notes;
}

// Counts the card for the section its source names, or says why the source names none.
void CheckSource(const Card& c, const Notes& notes, BankReport* report, std::vector<std::string>* errors) {
  const std::string at = c.file + ":" + std::to_string(c.line) + ": error: card '" + c.id + "': ";
  const size_t hash = c.source.find('#');
  const std::string note = c.source.substr(0, hash);
  const auto it = notes.sections.find(note);
  if (it == notes.sections.end()) {
    errors->push_back(at + "source '" + c.source + "' names no note" + DidYouMean(note, notes.names) +
                      "; a source is '<note file>#<heading>'");
    return;
  }
  const std::vector<NoteSection>& sections = it->second;
  const bool headingless = sections.size() == 1 && sections[0].heading.empty();
  if (hash == std::string::npos) {
    if (!headingless) {
      errors->push_back(at + "source '" + c.source + "' needs '#<heading>': " + note +
                        " has headings, e.g. '" + sections[0].heading + "'");
      return;
    }
    ++report->per_section[note];
    return;
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
    return;
  }
  ++report->per_section[note + "#" + heading];
}

void CheckExercises(const Bank& bank, const std::vector<std::string>& exercise_names,
                    std::vector<std::string>* errors) {
  for (const Card& c : bank.cards)
    if (!c.exercise.empty() &&
        std::find(exercise_names.begin(), exercise_names.end(), c.exercise) == exercise_names.end())
      errors->push_back(c.file + ":" + std::to_string(c.line) + ": error: card '" + c.id +
                        "': exercise '" + c.exercise + "' is not in the kit" +
                        DidYouMean(c.exercise, exercise_names));
}

// Enough cards per section, per topic, in all, and of the code kind.
void CheckCoverage(const Bank& bank, const BankRules& rules, BankReport* report,
                   std::vector<std::string>* errors) {
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
}

}  // namespace

bool ValidateBank(const Bank& bank, const fs::path& notes_dir,
                  const std::vector<std::string>& exercise_names, const BankRules& rules,
                  BankReport* report, std::vector<std::string>* errors) {
  const size_t before = errors->size();
  const Notes notes = ReadNotes(notes_dir, report);
  if (notes.sections.empty()) {
    errors->push_back("no notes found in " + DisplayPath(notes_dir) +
                      ": card sources cannot be checked; restore notes/ from the repository");
    return false;
  }
  for (const auto& t : TopicSlugs()) report->per_topic[t] = 0;
  for (const Card& c : bank.cards) {
    for (const auto& t : c.topics) ++report->per_topic[t];
    ++report->per_kind[c.kind];
    CheckSource(c, notes, report, errors);
  }
  if (!exercise_names.empty()) CheckExercises(bank, exercise_names, errors);
  CheckCoverage(bank, rules, report, errors);
  report->tells = MeasureTells(bank);
  CheckTells(report->tells, rules, errors);
  return errors->size() == before;
}

}  // namespace threadlings
