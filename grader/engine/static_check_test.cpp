// The static stage on minimal files, with the real clang-query: each rule fires
// on the pattern it names and not on its fix; no rule fires on a shipped solution.
#include "static_check.h"

#include "manifest.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

namespace threadlings {
namespace {

const fs::path kRoot = THREADLINGS_SOURCE_DIR;

class StaticRuleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tools_ = FindStaticTools();
    if (tools_.clang_query.empty())
      GTEST_SKIP() << "clang-query-14 is not installed (scripts/install-deps.sh)";
    dir_ = fs::temp_directory_path() / ("tl-static-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // The rule ids found in a file holding `code` (after the standard headers), as "id@line".
  std::vector<std::string> Find(const std::string& code, std::vector<std::string> off = {}) {
    const fs::path file = dir_ / "learner.h";
    std::ofstream(file) << "#pragma once\n#include <atomic>\n#include <condition_variable>\n#include <csignal>\n"
                           "#include <future>\n#include <mutex>\n#include <shared_mutex>\n#include <thread>\n"
                        << code;
    StaticInput in{{file}, {dir_}, kRoot / "support" / "static" / "threadlings.query", std::move(off),
                   dir_ / "stop"};
    const StaticResult r = RunStaticChecks(tools_, in);
    EXPECT_TRUE(r.notes.empty()) << r.notes.front();
    std::vector<std::string> ids;
    for (const auto& f : r.findings) ids.push_back(std::string(f.rule->id) + "@" + std::to_string(f.where.line - 8));
    return ids;
  }

  StaticTools tools_;
  fs::path dir_;
};

using Ids = std::vector<std::string>;

TEST_F(StaticRuleTest, WaitUnderAnIfIsFoundAndAWaitInALoopOrWithAPredicateIsNot) {
  EXPECT_EQ(Find("struct E { std::mutex m; std::condition_variable cv; bool done = false;\n"
                 "void wait() { std::unique_lock l(m);\n"
                 "  if (!done) cv.wait(l);\n"
                 "  while (!done) cv.wait(l);\n"
                 "  cv.wait(l, [&] { return done; }); } };\n"),
            Ids{"cv-wait-not-in-loop@3"});
}

TEST_F(StaticRuleTest, WeakCompareExchangeOutsideALoopIsFound) {
  EXPECT_EQ(Find("inline bool f(std::atomic<int>& a) { int e = 0;\n"
                 "  while (!a.compare_exchange_weak(e, 1)) e = 0;\n"
                 "  e = 0; return a.compare_exchange_weak(e, 2) && a.compare_exchange_strong(e, 3); }\n"),
            Ids{"cas-weak-not-in-loop@3"});
}

TEST_F(StaticRuleTest, EitherSpellingOfConsumeIsFound) {
  EXPECT_EQ(Find("inline int f(std::atomic<int>& a) {\n"
                 "  return a.load(std::memory_order_consume) +\n"
                 "         a.load(std::memory_order::consume) + a.load(std::memory_order_acquire); }\n"),
            (Ids{"memory-order-consume@2", "memory-order-consume@3"}));
}

TEST_F(StaticRuleTest, AsyncWithoutExactlyLaunchAsyncIsFound) {
  EXPECT_EQ(Find("inline void f() {\n"
                 "  auto a = std::async([] { return 1; });\n"
                 "  auto b = std::async(std::launch::async | std::launch::deferred, [] { return 1; });\n"
                 "  auto c = std::async(std::launch::async, [] { return 1; }); }\n"),
            (Ids{"async-without-launch-async@2", "async-without-launch-async@3"}));
}

TEST_F(StaticRuleTest, VolatileIsFoundButNotASigAtomicT) {
  EXPECT_EQ(Find("struct S { volatile bool stop = false; };\n"
                 "inline volatile std::sig_atomic_t got_signal = 0;\n"
                 "inline void f(volatile int* p) { (void)p; }\n"),
            (Ids{"volatile-for-sync@1", "volatile-for-sync@3"}));
}

TEST_F(StaticRuleTest, ATemporaryLockIsFound) {
  EXPECT_EQ(Find("struct S { std::mutex m_; std::shared_mutex s_; int n_ = 0;\n"
                 "void f() { std::lock_guard<std::mutex>{m_}; ++n_; }\n"
                 "void g() { std::scoped_lock lock(m_); ++n_; }\n"
                 "void h() { std::unique_lock<std::mutex>{m_}; std::scoped_lock{m_}; ++n_; }\n"
                 "void i() { std::lock_guard<std::mutex>(this->m_); std::shared_lock<std::shared_mutex>{s_}; }\n"
                 "std::unique_lock<std::mutex> j() { auto l = std::unique_lock(m_); return std::unique_lock(m_); } };\n"),
            (Ids{"lock-temporary@2", "lock-temporary@4", "lock-temporary@5"}));
}

TEST_F(StaticRuleTest, ALockThatShadowsTheMutexIsFound) {
  EXPECT_EQ(Find("struct S { std::mutex m_; int n_ = 0;\n"
                 "void f() { std::unique_lock<std::mutex>(m_); ++n_; }\n"
                 "void g() { std::unique_lock<std::mutex> lock(m_); ++n_; } };\n"),
            Ids{"lock-shadows-mutex@2"});
}

TEST_F(StaticRuleTest, DetachOfAThreadThatUsesTheObjectOrTheCallersLocalsIsFound) {
  EXPECT_EQ(Find("struct S { int x = 0;\n"
                 "void f() { std::thread([this] { x = 1; }).detach(); } };\n"
                 "inline void g() { int y = 0; std::thread t([&y] { y = 1; }); t.detach(); }\n"
                 "inline void h() { std::thread([] { int z = 0; ++z; }).detach(); }\n"),
            (Ids{"thread-detach@2", "thread-detach@3"}));
}

TEST_F(StaticRuleTest, ARuleTurnedOffIsNotReported) {
  EXPECT_EQ(Find("struct S { volatile bool stop = false; std::atomic<int> a;\n"
                 "int f() { return a.load(std::memory_order_consume); } };\n",
                 {"volatile-for-sync"}),
            Ids{"memory-order-consume@2"});
}

TEST_F(StaticRuleTest, FindingsInOtherFilesDoNotCount) {
  std::ofstream(dir_ / "other.h") << "#pragma once\nstruct O { volatile int v; };\n";
  EXPECT_EQ(Find("#include \"other.h\"\n"), Ids{});
}

// The kit's promise: no rule fires on a shipped solution (each file parsed as the stage does).
TEST_F(StaticRuleTest, NoShippedSolutionBreaksARule) {
  std::vector<StaticInput> inputs;
  for (const auto& ex : fs::directory_iterator(kRoot / "solutions"))
    for (const auto& file : fs::directory_iterator(ex.path()))
      inputs.push_back({{file.path()}, {ex.path(), kRoot / "exercises" / ex.path().filename()},
                        kRoot / "support" / "static" / "threadlings.query", {}, dir_ / "stop"});
  ASSERT_GE(inputs.size(), 33u);
  std::vector<StaticResult> results(inputs.size());
  std::atomic<size_t> next{0};
  std::vector<std::thread> workers;  // the files one after another take a minute
  for (unsigned w = 0; w < std::max(1u, std::thread::hardware_concurrency() / 2); ++w)
    workers.emplace_back([&] {
      for (size_t i; (i = next.fetch_add(1)) < inputs.size();) results[i] = RunStaticChecks(tools_, inputs[i]);
    });
  for (auto& w : workers) w.join();
  for (const auto& r : results)
    for (const auto& f : r.findings)
      ADD_FAILURE() << f.where.file << ":" << f.where.line << ":" << f.where.column << ": " << f.rule->id;
}

TEST(StaticCheck, MissingToolsAreNotesNotFailures) {
  StaticInput in{{"/nonexistent/learner.h"}, {}, kRoot / "support" / "static" / "threadlings.query", {}, {}};
  const StaticResult r = RunStaticChecks(StaticTools{}, in);
  EXPECT_TRUE(r.findings.empty());
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0], "clang-query-14 is not installed, so the static rules are skipped "
                        "(docs/STATIC_RULES.md); install it: sudo apt-get install clang-tools-14");
}

TEST(StaticCheck, ParsesMatchesAndRuleWarningsInTheLearnersFilesOnly) {
  const std::string out =
      "/k/ex/a:b.h:12:17: note: \"cv-wait-not-in-loop\" binds here\n"
      "/usr/include/c++/12/condition_variable:312:2: note: \"cv-wait-not-in-loop\" binds here\n"
      "/k/ex/a:b.h:19:5: warning: parentheses were disambiguated as redundant parentheses around "
      "declaration of variable named 'm_' [-Wvexing-parse]\n"
      "/k/ex/a:b.h:20:5: warning: unused variable 'x' [-Wunused-variable]\n"
      "/usr/include/c++/12/mutex:20:5: warning: parentheses were disambiguated [-Wvexing-parse]\n"
      "/k/ex/a:b.h:21:5: note: \"root\" binds here\n"
      "/k/ex/a:b.h:x:5: note: \"cv-wait-not-in-loop\" binds here\n";
  const auto found = ParseStaticFindings(out, {"/k/ex/a:b.h"});
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].rule->id, "cv-wait-not-in-loop");
  EXPECT_EQ(found[0].where.file, "/k/ex/a:b.h");
  EXPECT_EQ(found[0].where.line, 12);
  EXPECT_EQ(found[0].where.column, 17);
  EXPECT_EQ(found[1].rule->id, "lock-shadows-mutex");
  EXPECT_EQ(found[1].where.column, 5);
}

TEST(StaticCheck, TheOutcomeNamesTheFirstFindingAndWhy) {
  StaticFinding a{FindStaticRule("thread-detach"), {"/k/x.h", 4, 9}};
  StaticFinding b{FindStaticRule("volatile-for-sync"), {"/k/x.h", 7, 3}};
  const Outcome o = StaticOutcome({a, b});
  EXPECT_EQ(o.verdict, Verdict::kUnsafePattern);
  EXPECT_EQ(VerdictName(o.verdict), "unsafe-pattern");
  EXPECT_EQ(o.where.line, 4);
  EXPECT_EQ(o.where.column, 9);
  EXPECT_EQ(o.summary.rfind("thread-detach: do not detach()", 0), 0u);
  ASSERT_EQ(o.details.size(), 2u);
  EXPECT_EQ(o.details[0].rfind("why: [thread.thread.member]", 0), 0u);
  EXPECT_EQ(o.details[1].rfind("also /k/x.h:7:3: volatile-for-sync: volatile does not", 0), 0u);
}

TEST(StaticCheck, EveryRuleHasAnIdASentenceAndAWhyCitingTheStandard) {
  for (const auto& r : StaticRules()) {
    EXPECT_EQ(FindStaticRule(r.id), &r);
    EXPECT_EQ(RuleForSource(r.source), &r);
    EXPECT_FALSE(r.rule.empty());
    EXPECT_EQ(r.why.substr(0, 1), "[") << r.id;
  }
  EXPECT_EQ(StaticWarningFlags(), std::vector<std::string>{"-Wvexing-parse"});
}

const char* kManifest = R"(format: 1
name: demo
title: "A demo"
topics: [mutex]
difficulty: 1
points: 1
edit: [demo.h]
verdict: data-race
fixed: "Fixed."
hints: ["a", "b", "c https://en.cppreference.com/w/cpp/thread/mutex"]
checks:
  - test: Demo.Works
)";

TEST(StaticRulesOff, TheManifestTurnsRulesOff) {
  Manifest m;
  std::string err;
  ASSERT_TRUE(ParseManifest("ex.yaml", std::string(kManifest) + "static_rules_off: [volatile-for-sync, thread-detach]\n",
                            &m, &err)) << err;
  EXPECT_EQ(m.static_rules_off, (std::vector<std::string>{"volatile-for-sync", "thread-detach"}));
  ASSERT_TRUE(ParseManifest("ex.yaml", kManifest, &m, &err)) << err;
  EXPECT_TRUE(m.static_rules_off.empty());
}

TEST(StaticRulesOff, AnUnknownRuleIsAnErrorAtItsPlaceWithASuggestion) {
  Manifest m;
  std::string err;
  EXPECT_FALSE(ParseManifest("ex.yaml", std::string(kManifest) + "static_rules_off: [thread-detach, volatile-for-snyc]\n",
                             &m, &err));
  EXPECT_EQ(err, "ex.yaml:13:35: error: unknown static rule 'volatile-for-snyc' (did you mean 'volatile-for-sync'?); "
                 "the rules are listed in docs/STATIC_RULES.md\n"
                 "    static_rules_off: [thread-detach, volatile-for-snyc]\n"
                 "                                      ^");
}

}  // namespace
}  // namespace threadlings
