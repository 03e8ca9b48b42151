#include "review_store.h"

#include <sqlite3.h>

#include <cstdlib>
#include <ctime>

#include "kit.h"

namespace threadlings {

fs::path QuizDataDir(const std::string& flag) {
  if (!flag.empty()) return fs::absolute(flag);
  if (const char* d = std::getenv("THREADLINGS_DATA_DIR"); d && *d) return fs::absolute(d);
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x && fs::path(x).is_absolute())
    return fs::path(x) / "threadlings";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : "/tmp") / ".local" / "share" / "threadlings";
}

int64_t QuizNow() {
  if (const char* n = std::getenv("THREADLINGS_NOW"); n && *n) {
    char* end = nullptr;
    const long long v = std::strtoll(n, &end, 10);
    if (end && *end == '\0' && v > 0) return v;
  }
  return static_cast<int64_t>(std::time(nullptr));
}

namespace {

constexpr int kSchemaVersion = 1;

const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cards(
  card_id TEXT PRIMARY KEY,
  state INTEGER NOT NULL, step INTEGER NOT NULL,
  stability REAL NOT NULL, difficulty REAL NOT NULL,
  due INTEGER NOT NULL, last_review INTEGER NOT NULL,
  reps INTEGER NOT NULL, lapses INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS reviews(
  id INTEGER PRIMARY KEY,
  card_id TEXT NOT NULL, at INTEGER NOT NULL, rating INTEGER NOT NULL,
  mode TEXT NOT NULL, state_before INTEGER NOT NULL,
  elapsed_days REAL NOT NULL, duration_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS reviews_at ON reviews(at);
CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql";

// A prepared statement that finalises itself.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
  ~Stmt() { sqlite3_finalize(s_); }
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() { return s_; }
  void Bind(int i, const std::string& v) { sqlite3_bind_text(s_, i, v.c_str(), -1, SQLITE_TRANSIENT); }
  void Bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void Bind(int i, double v) { sqlite3_bind_double(s_, i, v); }
  int Step() { return sqlite3_step(s_); }
  int64_t Int(int c) { return sqlite3_column_int64(s_, c); }
  double Real(int c) { return sqlite3_column_double(s_, c); }
  std::string Text(int c) {
    const auto* t = sqlite3_column_text(s_, c);
    return t ? reinterpret_cast<const char*>(t) : "";
  }

 private:
  sqlite3_stmt* s_ = nullptr;
  int rc_ = SQLITE_ERROR;
};

Memory ReadMemory(Stmt& s, int first) {
  Memory m;
  m.state = static_cast<CardState>(s.Int(first));
  m.step = static_cast<int>(s.Int(first + 1));
  m.stability = s.Real(first + 2);
  m.difficulty = s.Real(first + 3);
  m.due = s.Int(first + 4);
  m.last_review = s.Int(first + 5);
  m.reps = static_cast<int>(s.Int(first + 6));
  m.lapses = static_cast<int>(s.Int(first + 7));
  return m;
}

}  // namespace

ReviewStore::~ReviewStore() {
  if (db_) sqlite3_close(db_);
}

std::string ReviewStore::Describe(const std::string& what) const {
  const std::string shown = DisplayPath(path_);
  return "the quiz store " + shown + " " + what + ": " + (db_ ? sqlite3_errmsg(db_) : "cannot open") +
         ". Your reviews are kept in that file and threadlings will not replace it: move it "
         "away (mv " + shown + " " + shown + ".bad) to start afresh, or use --data-dir DIR";
}

bool ReviewStore::Exec(const char* sql, std::string* err) {
  char* msg = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) == SQLITE_OK) return true;
  *err = Describe("cannot be used") + (msg ? std::string(" (") + msg + ")" : "");
  sqlite3_free(msg);
  return false;
}

bool ReviewStore::Open(const fs::path& file, std::string* err) {
  path_ = file;
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (ec) {
    *err = "cannot create the quiz data folder " + DisplayPath(file.parent_path()) + ": " + ec.message() +
           "; choose another with --data-dir DIR or THREADLINGS_DATA_DIR";
    return false;
  }
  if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    *err = Describe("cannot be opened");
    return false;
  }
  sqlite3_busy_timeout(db_, 10000);
  // Per connection: every review reaches the disk before the next card is shown.
  sqlite3_exec(db_, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
  // quick_check reads every page: a damaged or foreign file fails here, before any write.
  {
    Stmt check(db_, "PRAGMA quick_check");
    if (!check.ok() || check.Step() != SQLITE_ROW || check.Text(0) != "ok") {
      *err = Describe("is damaged or is not a threadlings store");
      return false;
    }
  }
  // A store already set up is only read here: no write, no fsync at start-up.
  {
    Stmt version(db_, "SELECT value FROM meta WHERE key = 'schema'");
    if (version.ok() && version.Step() == SQLITE_ROW) {
      const int v = std::atoi(version.Text(0).c_str());
      if (v != kSchemaVersion) {
        *err = "the quiz store " + DisplayPath(file) + " has schema version " + std::to_string(v) +
               ", this threadlings reads version " + std::to_string(kSchemaVersion) +
               ": use the threadlings that wrote it, or --data-dir DIR for a separate store";
        return false;
      }
      return true;
    }
  }
  if (!Exec("PRAGMA journal_mode=WAL", err) || !Exec("BEGIN IMMEDIATE", err)) return false;
  if (!Exec(kSchema, err)) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  Stmt set(db_, "INSERT OR IGNORE INTO meta(key, value) VALUES('schema', ?1)");
  set.Bind(1, std::to_string(kSchemaVersion));
  set.Step();
  return Exec("COMMIT", err);
}

bool ReviewStore::LoadMemories(std::map<std::string, Memory>* out, std::string* err) {
  Stmt s(db_, "SELECT card_id, state, step, stability, difficulty, due, last_review, reps, lapses FROM cards");
  if (!s.ok()) {
    *err = Describe("cannot be read");
    return false;
  }
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) (*out)[s.Text(0)] = ReadMemory(s, 1);
  if (rc != SQLITE_DONE) {
    *err = Describe("cannot be read");
    return false;
  }
  return true;
}

bool ReviewStore::Rollback() {
  sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  return false;
}

bool ReviewStore::SelectMemory(const std::string& card_id, Memory* m, std::string* err) {
  Stmt s(db_, "SELECT state, step, stability, difficulty, due, last_review, reps, lapses FROM cards WHERE card_id = ?1");
  if (!s.ok()) {
    *err = Describe("cannot be read");
    return false;
  }
  s.Bind(1, card_id);
  const int rc = s.Step();
  if (rc == SQLITE_ROW) *m = ReadMemory(s, 0);
  else if (rc != SQLITE_DONE) {
    *err = Describe("cannot be read");
    return false;
  }
  return true;
}

bool ReviewStore::UpsertMemory(const std::string& card_id, const Memory& m, std::string* err) {
  Stmt s(db_,
         "INSERT INTO cards(card_id, state, step, stability, difficulty, due, last_review, reps, lapses) "
         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(card_id) DO UPDATE SET "
         "state = excluded.state, step = excluded.step, stability = excluded.stability, "
         "difficulty = excluded.difficulty, due = excluded.due, last_review = excluded.last_review, "
         "reps = excluded.reps, lapses = excluded.lapses");
  if (s.ok()) {
    s.Bind(1, card_id);
    s.Bind(2, static_cast<int64_t>(m.state));
    s.Bind(3, static_cast<int64_t>(m.step));
    s.Bind(4, m.stability);
    s.Bind(5, m.difficulty);
    s.Bind(6, m.due);
    s.Bind(7, m.last_review);
    s.Bind(8, static_cast<int64_t>(m.reps));
    s.Bind(9, static_cast<int64_t>(m.lapses));
    if (s.Step() == SQLITE_DONE) return true;
  }
  *err = Describe("cannot be written");
  return false;
}

bool ReviewStore::InsertReview(const ReviewRow& row, std::string* err) {
  Stmt s(db_,
         "INSERT INTO reviews(card_id, at, rating, mode, state_before, elapsed_days, duration_ms) "
         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (s.ok()) {
    s.Bind(1, row.card_id);
    s.Bind(2, row.at);
    s.Bind(3, static_cast<int64_t>(row.rating));
    s.Bind(4, row.mode);
    s.Bind(5, static_cast<int64_t>(row.state_before));
    s.Bind(6, row.elapsed_days);
    s.Bind(7, row.duration_ms);
    if (s.Step() == SQLITE_DONE) return true;
  }
  *err = Describe("cannot be written");
  return false;
}

bool ReviewStore::Record(const std::string& card_id, const std::function<Memory(const Memory&)>& next,
                         ReviewRow row, Memory* after, std::string* err) {
  if (!Exec("BEGIN IMMEDIATE", err)) return false;
  Memory before;
  if (!SelectMemory(card_id, &before, err)) return Rollback();
  const Memory m = next(before);
  row.card_id = card_id;
  row.state_before = before.state;
  row.elapsed_days = before.last_review ? static_cast<double>(row.at - before.last_review) / 86400.0 : 0.0;
  if (!UpsertMemory(card_id, m, err) || !InsertReview(row, err) || !Exec("COMMIT", err)) return Rollback();
  if (after) *after = m;
  return true;
}

bool ReviewStore::LoadReviews(std::vector<ReviewRow>* out, std::string* err) {
  Stmt s(db_, "SELECT card_id, at, rating, mode, state_before, elapsed_days, duration_ms FROM reviews ORDER BY at, id");
  if (!s.ok()) {
    *err = Describe("cannot be read");
    return false;
  }
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    ReviewRow r;
    r.card_id = s.Text(0);
    r.at = s.Int(1);
    r.rating = static_cast<Rating>(s.Int(2));
    r.mode = s.Text(3);
    r.state_before = static_cast<CardState>(s.Int(4));
    r.elapsed_days = s.Real(5);
    r.duration_ms = s.Int(6);
    out->push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) {
    *err = Describe("cannot be read");
    return false;
  }
  return true;
}

bool ReviewStore::GetSetting(const std::string& key, std::optional<std::string>* value, std::string* err) {
  Stmt s(db_, "SELECT value FROM settings WHERE key = ?1");
  if (!s.ok()) {
    *err = Describe("cannot be read");
    return false;
  }
  s.Bind(1, key);
  const int rc = s.Step();
  if (rc == SQLITE_ROW) *value = s.Text(0);
  else if (rc == SQLITE_DONE) value->reset();
  else {
    *err = Describe("cannot be read");
    return false;
  }
  return true;
}

bool ReviewStore::SetSetting(const std::string& key, const std::string& value, std::string* err) {
  Stmt s(db_, "INSERT INTO settings(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  s.Bind(1, key);
  s.Bind(2, value);
  if (!s.ok() || s.Step() != SQLITE_DONE) {
    *err = Describe("cannot be written");
    return false;
  }
  return true;
}

}  // namespace threadlings
