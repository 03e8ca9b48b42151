// The quiz's durable state: one SQLite file holding each card's scheduling state, a log of
// every review, and the learner's settings. Every review is one transaction, so Ctrl-C or a
// crash loses at most the card on screen, and two sessions at once take turns (WAL mode,
// busy timeout). A file that is not a sound store is reported and never replaced.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fsrs.h"

struct sqlite3;

namespace threadlings {

namespace fs = std::filesystem;

/// Where the quiz keeps its data: `flag` (--data-dir) if given, else $THREADLINGS_DATA_DIR,
/// else $XDG_DATA_HOME/threadlings, else ~/.local/share/threadlings.
fs::path QuizDataDir(const std::string& flag);

/// Now, as Unix seconds. $THREADLINGS_NOW (Unix seconds) replaces the clock, for tests.
int64_t QuizNow();

/// One logged review.
struct ReviewRow {
  std::string card_id;
  int64_t at = 0;
  Rating rating = Rating::kGood;
  std::string mode;                 ///< quiz, interview or exercise
  CardState state_before = CardState::kNew;
  double elapsed_days = 0;          ///< since the card's previous review
  int64_t duration_ms = 0;          ///< time on the card
};

class ReviewStore {
 public:
  ReviewStore() = default;
  ~ReviewStore();
  ReviewStore(const ReviewStore&) = delete;
  ReviewStore& operator=(const ReviewStore&) = delete;

  /// Opens (creating if needed) the store at `file`; false with a message naming the file and
  /// the next step when it cannot be read or is not a threadlings store.
  bool Open(const fs::path& file, std::string* err);
  const fs::path& path() const { return path_; }

  /// Every card's state, by card id (cards never reviewed are absent).
  bool LoadMemories(std::map<std::string, Memory>* out, std::string* err);

  /// Records one review as one transaction: reads the card's current state (another session
  /// may have changed it), computes the new state with `next`, writes it and the log row.
  bool Record(const std::string& card_id, const std::function<Memory(const Memory&)>& next,
              ReviewRow row, Memory* after, std::string* err);

  /// Every logged review, oldest first.
  bool LoadReviews(std::vector<ReviewRow>* out, std::string* err);

  /// Settings (key/value); nullopt when unset.
  bool GetSetting(const std::string& key, std::optional<std::string>* value, std::string* err);
  bool SetSetting(const std::string& key, const std::string& value, std::string* err);

 private:
  bool Exec(const char* sql, std::string* err);
  /// Ends the open transaction without its changes; always false.
  bool Rollback();
  /// The steps of Record, inside its transaction.
  bool SelectMemory(const std::string& card_id, Memory* m, std::string* err);
  bool UpsertMemory(const std::string& card_id, const Memory& m, std::string* err);
  bool InsertReview(const ReviewRow& row, std::string* err);
  std::string Describe(const std::string& what) const;
  sqlite3* db_ = nullptr;
  fs::path path_;
};

}  // namespace threadlings
