#include "review_store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "kit.h"

namespace threadlings {
namespace {

class Store : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("threadlings-store-test-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    file_ = dir_ / "data" / "quiz.sqlite3";
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Records one Good review of `id` at time `at`.
  static bool Review(ReviewStore& s, const std::string& id, int64_t at, std::string* err) {
    const Fsrs fsrs;
    ReviewRow row;
    row.at = at;
    row.rating = Rating::kGood;
    row.mode = "quiz";
    return s.Record(id, [&](const Memory& m) { return fsrs.Review(m, Rating::kGood, at, 0); }, row, nullptr, err);
  }

  fs::path dir_, file_;
};

TEST_F(Store, CreatesRecordsAndReadsBack) {
  std::string err;
  {
    ReviewStore s;
    ASSERT_TRUE(s.Open(file_, &err)) << err;
    ASSERT_TRUE(Review(s, "a", 1000, &err)) << err;
    ASSERT_TRUE(Review(s, "a", 2000, &err)) << err;
    ASSERT_TRUE(Review(s, "b", 3000, &err)) << err;
    ASSERT_TRUE(s.SetSetting("lang", "ru", &err)) << err;
  }
  ReviewStore s;
  ASSERT_TRUE(s.Open(file_, &err)) << err;
  std::map<std::string, Memory> m;
  ASSERT_TRUE(s.LoadMemories(&m, &err)) << err;
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m["a"].reps, 2);
  EXPECT_EQ(m["a"].last_review, 2000);
  EXPECT_EQ(m["b"].state, CardState::kLearning);
  std::vector<ReviewRow> log;
  ASSERT_TRUE(s.LoadReviews(&log, &err)) << err;
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[1].card_id, "a");
  EXPECT_EQ(log[1].state_before, CardState::kLearning);
  EXPECT_NEAR(log[1].elapsed_days, 1000.0 / 86400, 1e-9);
  std::optional<std::string> lang, unset;
  ASSERT_TRUE(s.GetSetting("lang", &lang, &err));
  ASSERT_TRUE(s.GetSetting("cards-after-pass", &unset, &err));
  EXPECT_EQ(lang, "ru");
  EXPECT_FALSE(unset.has_value());
}

TEST_F(Store, ACorruptFileIsReportedAndLeftAlone) {
  fs::create_directories(file_.parent_path());
  const std::string junk(8192, 'x');
  std::ofstream(file_, std::ios::binary) << junk;
  ReviewStore s;
  std::string err;
  EXPECT_FALSE(s.Open(file_, &err));
  EXPECT_NE(err.find("is damaged or is not a threadlings store: file is not a database"), std::string::npos) << err;
  EXPECT_NE(err.find("threadlings will not replace it: move it away (mv "), std::string::npos) << err;
  std::string after;
  ASSERT_TRUE(ReadFile(file_, &after));
  EXPECT_EQ(after, junk);
}

TEST_F(Store, ATruncatedStoreIsReported) {
  std::string err;
  {
    ReviewStore s;
    ASSERT_TRUE(s.Open(file_, &err)) << err;
    for (int i = 0; i < 300; ++i) ASSERT_TRUE(Review(s, "card-" + std::to_string(i), 1000 + i, &err)) << err;
  }
  // Fold the WAL into the main file, then cut the file in half.
  {
    ReviewStore s;
    ASSERT_TRUE(s.Open(file_, &err));
  }
  fs::remove(fs::path(file_.string() + "-wal"));
  fs::remove(fs::path(file_.string() + "-shm"));
  const auto size = fs::file_size(file_);
  ASSERT_GT(size, 8192u);
  fs::resize_file(file_, size / 2);
  ReviewStore s;
  EXPECT_FALSE(s.Open(file_, &err));
  EXPECT_NE(err.find("is damaged or is not a threadlings store"), std::string::npos) << err;
  EXPECT_EQ(fs::file_size(file_), size / 2);  // left as it was
}

TEST_F(Store, ANewerSchemaIsRefused) {
  std::string err;
  {
    ReviewStore s;
    ASSERT_TRUE(s.Open(file_, &err)) << err;
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE meta SET value = '9' WHERE key = 'schema'", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  ReviewStore s;
  EXPECT_FALSE(s.Open(file_, &err));
  EXPECT_NE(err.find("has schema version 9, this threadlings reads version 1"), std::string::npos) << err;
}

// A process killed with SIGKILL in the middle of reviewing leaves a readable store holding
// every review it finished.
TEST_F(Store, SurvivesSigkillMidReview) {
  std::string err;
  {
    ReviewStore s;
    ASSERT_TRUE(s.Open(file_, &err)) << err;
  }
  for (int round = 0; round < 5; ++round) {
    int ready[2];
    ASSERT_EQ(pipe(ready), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(ready[0]);
      ReviewStore s;
      std::string e;
      if (!s.Open(file_, &e)) _exit(2);
      for (int i = 0;; ++i) {
        if (!Review(s, "card-" + std::to_string(i % 7), 10'000 + i, &e)) _exit(3);
        if (i == 3) (void)!write(ready[1], "x", 1);
      }
    }
    close(ready[1]);
    char x;
    ASSERT_EQ(read(ready[0], &x, 1), 1);
    close(ready[0]);
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + 17 * round));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the reviewing process ended on its own with " << status;
  }
  ReviewStore s;
  ASSERT_TRUE(s.Open(file_, &err)) << err;
  std::map<std::string, Memory> m;
  std::vector<ReviewRow> log;
  ASSERT_TRUE(s.LoadMemories(&m, &err)) << err;
  ASSERT_TRUE(s.LoadReviews(&log, &err)) << err;
  // Each logged review moved its card on by one: the log and the states agree.
  int reps = 0;
  for (const auto& [_, mem] : m) reps += mem.reps;
  EXPECT_EQ(static_cast<size_t>(reps), log.size());
  EXPECT_GE(log.size(), 20u);
}

// Two sessions reviewing the same cards at once: no review is lost, nothing is corrupted.
TEST_F(Store, TwoSessionsAtOnce) {
  std::string err;
  {
    ReviewStore s;
    ASSERT_TRUE(s.Open(file_, &err)) << err;
  }
  constexpr int kEach = 150;
  std::vector<pid_t> children;
  for (int c = 0; c < 2; ++c) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ReviewStore s;
      std::string e;
      if (!s.Open(file_, &e)) _exit(2);
      for (int i = 0; i < kEach; ++i)
        if (!Review(s, i % 2 ? "shared" : "own-" + std::to_string(c), 10'000 + i, &e)) _exit(3);
      _exit(0);
    }
    children.push_back(child);
  }
  for (pid_t child : children) {
    int status = 0;
    waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
  ReviewStore s;
  ASSERT_TRUE(s.Open(file_, &err)) << err;
  std::map<std::string, Memory> m;
  std::vector<ReviewRow> log;
  ASSERT_TRUE(s.LoadMemories(&m, &err));
  ASSERT_TRUE(s.LoadReviews(&log, &err));
  EXPECT_EQ(log.size(), 2u * kEach);
  EXPECT_EQ(m["shared"].reps, kEach);  // each session did kEach / 2, and both counted
  EXPECT_EQ(m["own-0"].reps, kEach / 2);
  EXPECT_EQ(m["own-1"].reps, kEach / 2);
}

TEST(QuizDataDir, FlagThenEnvironmentThenXdgThenHome) {
  setenv("THREADLINGS_DATA_DIR", "/tmp/tl-env", 1);
  EXPECT_EQ(QuizDataDir("/tmp/tl-flag"), fs::path("/tmp/tl-flag"));
  EXPECT_EQ(QuizDataDir(""), fs::path("/tmp/tl-env"));
  unsetenv("THREADLINGS_DATA_DIR");
  setenv("XDG_DATA_HOME", "/tmp/xdg", 1);
  EXPECT_EQ(QuizDataDir(""), fs::path("/tmp/xdg/threadlings"));
  unsetenv("XDG_DATA_HOME");
  setenv("HOME", "/tmp/home", 1);
  EXPECT_EQ(QuizDataDir(""), fs::path("/tmp/home/.local/share/threadlings"));
}

}  // namespace
}  // namespace threadlings
