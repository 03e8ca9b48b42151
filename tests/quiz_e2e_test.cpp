// End-to-end tests of the quiz commands: the real threadlings binary on the fixture kit's
// question bank (tests/fixtures/kit/questions), driven through stdin, with its own data folder.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "kit.h"
#include "process.h"

namespace threadlings {
namespace {

const fs::path kKit = fs::path(THREADLINGS_TEST_DATA_DIR) / "fixtures" / "kit";
constexpr const char* kNow = "1800000000";  // a fixed clock: 2027-01-15

struct QuizRun {
  int code = -1;
  std::string out;
};

class Quiz : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("threadlings-quiz-e2e-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  QuizRun Threadlings(const std::vector<std::string>& args, const std::string& input = "",
                  std::map<std::string, std::string> env = {}, const fs::path& kit = kKit) {
    std::ofstream(dir_ / "stdin", std::ios::trunc) << input;
    ProcessSpec spec;
    spec.argv = {"sh", "-c", "exec \"$@\" < \"$QUIZ_STDIN\"", "sh", THREADLINGS_BINARY, "--kit", kit.string(),
                 "--color", "never"};
    spec.argv.insert(spec.argv.end(), args.begin(), args.end());
    spec.env = {{"QUIZ_STDIN", (dir_ / "stdin").string()},
                {"THREADLINGS_DATA_DIR", (dir_ / "data").string()},
                {"THREADLINGS_HOME", (dir_ / "home").string()},
                {"THREADLINGS_NOW", kNow},
                {"THREADLINGS_SEED", "1"},  // the order options are shown in
                {"LANG", "C.UTF-8"}};
    for (auto& [k, v] : env) spec.env[k] = v;
    spec.unset_env = {"LC_ALL", "LC_MESSAGES", "CI", "NO_COLOR", "THREADLINGS_KIT"};
    spec.timeout = std::chrono::seconds(60);
    const ProcessResult r = RunProcess(spec);
    return {r.timed_out ? -2 : r.exit_code, r.output};
  }

  fs::path dir_;
};

#define EXPECT_HAS(text, part) EXPECT_NE((text).find(part), std::string::npos) << "missing: " << (part) << "\n" << (text)
#define EXPECT_LACKS(text, part) EXPECT_EQ((text).find(part), std::string::npos) << "unexpected: " << (part) << "\n" << (text)

TEST_F(Quiz, AsksGradesExplainsAndSaves) {
  // Open card: Enter, then 3 (good). True/false: f (right). Choice: 3 (right). Code: 2 (wrong).
  const QuizRun r = Threadlings({"quiz"}, "\n3\nf\n3\n2\n");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_HAS(r.out, "Quiz: 4 card(s) (0 due, 4 new) · all topics");
  EXPECT_HAS(r.out, "[1/4] race-conditions · open question\nWhat is a data race?");
  EXPECT_HAS(r.out, "Answer: Two unsynchronised accesses to one location, at least one a write.");
  EXPECT_HAS(r.out, "✓ Right: false");
  EXPECT_HAS(r.out, "✓ Right: 3) std::atomic<int> counter");
  EXPECT_HAS(r.out, "practise it: exercise fx_counter");
  EXPECT_HAS(r.out, "    std::lock_guard a(m1); std::lock_guard b(m2);   // thread 1");
  EXPECT_HAS(r.out, "✗ Not quite. The answer: 1) deadlock");
  EXPECT_HAS(r.out, "Take both with std::scoped_lock, or always in one order.");
  EXPECT_HAS(r.out, "next review: in 10 min");
  // The card answered wrong comes back at the end of the session; input ended there.
  EXPECT_HAS(r.out, "[5/5] deadlock");
  EXPECT_HAS(r.out, "Done: 4 answered, 3 right or known, 0 skipped.");

  const QuizRun s = Threadlings({"stats"});
  EXPECT_EQ(s.code, 0) << s.out;
  EXPECT_HAS(s.out, "Reviews:     4 in all, 4 today, on 1 day(s)");
  EXPECT_HAS(s.out, "Cards:       4 in the bank; 4 seen (4 learning, 0 in review), 0 new");
  EXPECT_HAS(s.out, "Streak:      1 day(s) (longest 1)");
  EXPECT_HAS(s.out, "Weakest:     mutex 0% (1 review(s)), deadlock 50% (2 review(s))");
}

// The options come in a new order each time; the answer is graded by the number as shown.
TEST_F(Quiz, OptionsAreShuffledAndGradedAsShown) {
  const QuizRun one = Threadlings({"quiz", "--topic", "race-conditions"}, "\n4\n3\n");
  EXPECT_HAS(one.out, "  3) std::atomic<int> counter\n");
  EXPECT_HAS(one.out, "✓ Right: 3) std::atomic<int> counter");
  const QuizRun seven = Threadlings({"quiz", "--topic", "race-conditions"}, "\n4\n1\n", {{"THREADLINGS_SEED", "7"}});
  EXPECT_HAS(seven.out, "  1) std::atomic<int> counter\n  2) volatile int counter\n  3) a sleep before ++\n");
  EXPECT_HAS(seven.out, "✓ Right: 1) std::atomic<int> counter");
}

TEST_F(Quiz, DueCardsComeFirstTheNextDay) {
  ASSERT_EQ(Threadlings({"quiz", "--topic", "deadlock"}, "f\n1\n").code, 0);
  // A day later both deadlock cards are due again; the race cards are still new.
  const QuizRun r = Threadlings({"quiz", "-n", "3"}, "", {{"THREADLINGS_NOW", "1800086400"}});
  EXPECT_HAS(r.out, "Quiz: 3 card(s) (2 due, 1 new) · all topics");
  EXPECT_HAS(r.out, "[1/3] deadlock");
}

TEST_F(Quiz, SkipAndQuit) {
  const QuizRun r = Threadlings({"quiz"}, "s\nq\n");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_HAS(r.out, "Done: 0 answered, 0 right or known, 1 skipped.");
  EXPECT_HAS(Threadlings({"stats"}).out, "Reviews:     0 in all");
}

TEST_F(Quiz, InvalidAnswersAreAskedAgain) {
  const QuizRun r = Threadlings({"quiz", "--topic", "deadlock", "-n", "1"}, "maybe\nt\n");
  EXPECT_HAS(r.out, "Type t (true) or f (false).");
  EXPECT_HAS(r.out, "✗ Not quite. The answer: false");
}

TEST_F(Quiz, RussianByFlagLocaleAndSetting) {
  const QuizRun flag = Threadlings({"quiz", "--lang", "ru", "-n", "1"}, "");
  EXPECT_HAS(flag.out, "Что такое гонка данных?");
  EXPECT_HAS(flag.out, "[Enter] показать ответ");
  const QuizRun locale = Threadlings({"quiz", "-n", "1"}, "", {{"LANG", "ru_RU.UTF-8"}});
  EXPECT_HAS(locale.out, "Что такое гонка данных?");
  ASSERT_EQ(Threadlings({"config", "lang", "en"}).code, 0);
  const QuizRun setting = Threadlings({"quiz", "-n", "1"}, "", {{"LANG", "ru_RU.UTF-8"}});
  EXPECT_HAS(setting.out, "What is a data race?");
  const QuizRun russian_tf = Threadlings({"quiz", "--lang", "ru", "--topic", "deadlock", "-n", "1"}, "нет\n");
  EXPECT_HAS(russian_tf.out, "✓ Верно: неверно");
}

TEST_F(Quiz, UnknownTopicAndLanguage) {
  const QuizRun r = Threadlings({"quiz", "--topic", "deadlok"});
  EXPECT_EQ(r.code, 2);
  EXPECT_HAS(r.out, "threadlings: error: unknown topic 'deadlok' (did you mean 'deadlock'?)");
  EXPECT_EQ(Threadlings({"quiz", "--lang", "de"}).code, 2);
}

TEST_F(Quiz, NothingDueSaysWhen) {
  // Right twice, ten minutes apart: both deadlock cards graduate to days-long intervals. With
  // THREADLINGS_SEED=1 the code card shows its two options swapped: 2) deadlock.
  ASSERT_EQ(Threadlings({"quiz", "--topic", "deadlock"}, "f\n2\n").code, 0);
  ASSERT_EQ(Threadlings({"quiz", "--topic", "deadlock"}, "f\n2\n", {{"THREADLINGS_NOW", "1800000600"}}).code, 0);
  const QuizRun r = Threadlings({"quiz", "--topic", "deadlock"}, "", {{"THREADLINGS_NOW", "1800000660"}});
  EXPECT_EQ(r.code, 0);
  EXPECT_HAS(r.out, "Nothing is due on deadlock. The next card is due in ");
}

TEST_F(Quiz, ACorruptStoreIsReportedAndKept) {
  fs::create_directories(dir_ / "data");
  const std::string junk(4096, 'j');
  std::ofstream(dir_ / "data" / "quiz.sqlite3") << junk;
  const QuizRun r = Threadlings({"quiz"}, "\n3\n");
  EXPECT_EQ(r.code, 3);
  EXPECT_HAS(r.out, "quiz.sqlite3 is damaged or is not a threadlings store: file is not a database");
  EXPECT_HAS(r.out, "threadlings will not replace it");
  std::string after;
  ASSERT_TRUE(ReadFile(dir_ / "data" / "quiz.sqlite3", &after));
  EXPECT_EQ(after, junk);
  EXPECT_EQ(Threadlings({"stats"}).code, 3);
}

TEST_F(Quiz, ABrokenCardFileIsNamed) {
  const fs::path kit = dir_ / "kit";
  fs::create_directories(kit);
  fs::copy(kKit / "exercises", kit / "exercises", fs::copy_options::recursive);
  fs::copy(kKit / "questions", kit / "questions", fs::copy_options::recursive);
  std::string text;
  ASSERT_TRUE(ReadFile(kit / "questions" / "deadlock.yaml", &text));
  text.replace(text.find("kind: truefalse"), 15, "kind: yesno");
  std::ofstream(kit / "questions" / "deadlock.yaml", std::ios::trunc) << text;
  const QuizRun r = Threadlings({"quiz"}, "", {}, kit);
  EXPECT_EQ(r.code, 3);
  EXPECT_HAS(r.out, "questions/deadlock.yaml:6:11: error: unknown kind 'yesno'");
}

TEST_F(Quiz, InterviewIsTimedAndScoredPerTopic) {
  // Four answers (one of each kind's input; open cards get Enter then a rating), then input ends.
  const QuizRun r = Threadlings({"interview", "--minutes", "1", "--seed", "7"}, "\n3\n1\nt\n\n1\n1\n\n1\n");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_HAS(r.out, "Mock interview: 1 min · all topics");
  EXPECT_HAS(r.out, "Q1 · 0:59 left · ");
  EXPECT_HAS(r.out, "Interview over: ");
  EXPECT_HAS(r.out, " of 1:00 (ended before the time ran out).");
  EXPECT_HAS(r.out, "overall");
  EXPECT_HAS(r.out, "Cards to revisit:");
  // The answers were logged as reviews.
  EXPECT_LACKS(Threadlings({"stats"}).out, "Reviews:     0 in all");
}

TEST_F(Quiz, InterviewLeansTowardWeakTopics) {
  // Fail every deadlock card, pass every race card; the next interview opens with deadlock.
  ASSERT_EQ(Threadlings({"quiz", "--topic", "deadlock"}, "t\n1\n").code, 0);  // 1) data race, as shown with seed 1
  ASSERT_EQ(Threadlings({"quiz", "--topic", "race-conditions"}, "\n4\n3\n").code, 0);
  const QuizRun r = Threadlings({"interview", "--minutes", "5", "--seed", "1", "--topics", "deadlock,race-conditions"}, "");
  EXPECT_HAS(r.out, "More questions on your weaker topics: deadlock, race-conditions.");
}

// A quoted tab-separated field reader, as Anki reads the file.
std::vector<std::vector<std::string>> ReadAnki(const std::string& text, std::vector<std::string>* headers) {
  std::vector<std::vector<std::string>> rows;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '#') {
      const size_t nl = text.find('\n', i);
      headers->push_back(text.substr(i, nl - i));
      i = nl + 1;
      continue;
    }
    std::vector<std::string> row(1);
    bool quoted = false;
    for (; i < text.size(); ++i) {
      const char c = text[i];
      if (quoted) {
        if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') row.back() += '"', ++i;
        else if (c == '"') quoted = false;
        else row.back() += c;
      } else if (c == '"') quoted = true;
      else if (c == '\t') row.emplace_back();
      else if (c == '\n') {
        ++i;
        break;
      } else row.back() += c;
    }
    rows.push_back(row);
  }
  return rows;
}

TEST_F(Quiz, AnkiExportReadsBack) {
  const QuizRun r = Threadlings({"export", "anki", (dir_ / "cards.txt").string()});
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_HAS(r.out, "Wrote 4 card(s) in English to ");
  std::string text;
  ASSERT_TRUE(ReadFile(dir_ / "cards.txt", &text));
  std::vector<std::string> headers;
  const auto rows = ReadAnki(text, &headers);
  EXPECT_EQ(headers, (std::vector<std::string>{"#separator:tab", "#html:true", "#notetype:Basic", "#deck column:1",
                                                "#tags column:4", "#columns:Deck\tFront\tBack\tTags"}));
  ASSERT_EQ(rows.size(), 4u);
  for (const auto& row : rows) ASSERT_EQ(row.size(), 4u);
  EXPECT_EQ(rows[0][0], "threadlings::race-conditions");
  EXPECT_EQ(rows[0][1], "What is a data race?");
  EXPECT_EQ(rows[0][3], "threadlings race-conditions kind::open");
  EXPECT_HAS(rows[1][1], "<li>std::atomic&lt;int&gt; counter</li>");
  EXPECT_HAS(rows[1][2], "<b>3.</b> std::atomic&lt;int&gt; counter<br><br>");
  // The verdict once, not "False. False: ...".
  EXPECT_EQ(rows[2][2], "<b>False.</b> Deadlocked threads are blocked and use no CPU.<br><br>"
                        "Busy threads that make no progress are a livelock.");
  EXPECT_HAS(rows[3][1], "<pre><code>std::lock_guard a(m1);");

  const QuizRun ru = Threadlings({"export", "anki", "-", "--lang", "ru", "--topic", "deadlock"});
  EXPECT_EQ(ru.code, 0);
  std::vector<std::string> ru_headers;
  const auto ru_rows = ReadAnki(ru.out, &ru_headers);
  ASSERT_EQ(ru_rows.size(), 2u);
  EXPECT_HAS(ru_rows[0][1], "Взаимная блокировка всегда нагружает процессор.");
  EXPECT_HAS(ru_rows[0][2], "<b>Неверно.</b> Заблокированные потоки спят и не тратят процессор.<br><br>");
  EXPECT_FALSE(fs::exists(dir_ / "data" / "quiz.sqlite3"));  // export creates no store
}

TEST_F(Quiz, ConfigSettings) {
  EXPECT_HAS(Threadlings({"config"}).out, "cards-after-pass = on (default)");
  EXPECT_HAS(Threadlings({"config"}).out, "track = all (default)");
  ASSERT_EQ(Threadlings({"config", "track", "cpp"}).code, 0);
  EXPECT_EQ(Threadlings({"quiz", "-n", "1"}, "s\n").code, 0);  // the fixture has no Python-only card
  ASSERT_EQ(Threadlings({"config", "cards-after-pass", "off"}).code, 0);
  EXPECT_HAS(Threadlings({"config", "cards-after-pass"}).out, "cards-after-pass = off\n");
  const QuizRun bad = Threadlings({"config", "cards-after-pass", "maybe"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_HAS(bad.out, "'maybe' is not a value of cards-after-pass; use one of: on, off");
}

// Ctrl-C in the middle of a session keeps every answer given before it.
TEST_F(Quiz, CtrlCKeepsTheAnswersGiven) {
  int in[2], out[2];
  ASSERT_EQ(pipe(in), 0);
  ASSERT_EQ(pipe(out), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(out[1], 2);
    close(in[1]);
    close(out[0]);
    setenv("THREADLINGS_DATA_DIR", (dir_ / "data").c_str(), 1);
    setenv("THREADLINGS_HOME", (dir_ / "home").c_str(), 1);
    setenv("THREADLINGS_NOW", kNow, 1);
    setenv("LANG", "C.UTF-8", 1);
    unsetenv("LC_ALL");
    execl(THREADLINGS_BINARY, THREADLINGS_BINARY, "--kit", kKit.c_str(), "--color", "never", "quiz",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  ASSERT_EQ(write(in[1], "\n3\n", 3), 3);  // answer the first card, leave the second on screen
  std::string seen;
  char buf[4096];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (seen.find("True or false?") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    const ssize_t n = read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    seen.append(buf, static_cast<size_t>(n));
  }
  ASSERT_NE(seen.find("True or false?"), std::string::npos) << seen;
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  close(in[1]);
  close(out[0]);
  EXPECT_TRUE(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0)) << status;
  EXPECT_HAS(Threadlings({"stats"}).out, "Reviews:     1 in all");
}

}  // namespace
}  // namespace threadlings
