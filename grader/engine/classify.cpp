#include "classify.h"

#include <nlohmann/json.hpp>

#include <csignal>
#include <cstring>
#include <sstream>

#include "tsan_explain.h"
#include "text_scan.h"
#include "tsan_report.h"

namespace threadlings {

bool LearnerFiles::Contains(const std::string& file) const {
  const fs::path p = fs::path(file).lexically_normal();
  for (const auto& f : files)
    if (f.lexically_normal() == p) return true;
  return false;
}

std::vector<CheckRecord> ParseRecords(const std::string& text) {
  std::vector<CheckRecord> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("verdict")) continue;
    CheckRecord r;
    r.verdict = j.value("verdict", "");
    r.message = j.value("message", "");
    r.file = j.value("file", "");
    r.line = j.value("line", 0);
    out.push_back(r);
  }
  return out;
}

bool ParseGtestJson(const std::string& text, CheckFacts* facts) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return false;
  facts->gtest_finished = true;
  const nlohmann::json suites = j.value("testsuites", nlohmann::json::array());
  for (const auto& suite : suites) {
    const nlohmann::json tests = suite.value("testsuite", nlohmann::json::array());
    for (const auto& test : tests) {
      if (test.value("status", "") != "RUN" || test.value("result", "") != "COMPLETED") continue;
      ++facts->tests_run;
      const nlohmann::json failures = test.value("failures", nlohmann::json::array());
      for (const auto& f : failures) {
        TestFailure tf;
        std::string msg = f.value("failure", "");
        // "path:line\nmessage"
        const auto nl = msg.find('\n');
        const std::string head = msg.substr(0, nl);
        const auto colon = head.rfind(':');
        if (colon != std::string::npos && colon + 1 < head.size() &&
            std::isdigit(static_cast<unsigned char>(head[colon + 1]))) {
          tf.file = head.substr(0, colon);
          tf.line = std::atoi(head.c_str() + colon + 1);
          msg = nl == std::string::npos ? "" : msg.substr(nl + 1);
        } else if (head == "unknown file") {  // an exception thrown in the test body
          msg = nl == std::string::npos ? "" : msg.substr(nl + 1);
        }
        tf.message = msg;
        facts->failures.push_back(tf);
      }
    }
  }
  return true;
}

namespace {

// "thread T1" of "Write of size 8 at 0x7b04 by thread T1:" ("main thread" likewise); "" if none.
std::string AccessingThread(const std::string& heading) {
  const size_t by = heading.rfind(" by ");
  if (by == std::string::npos) return "";
  std::string who = heading.substr(by + 4);
  who = who.substr(0, who.find(" ("));  // "thread T1 (mutexes: write M1):"
  while (!who.empty() && (who.back() == ':' || who.back() == ' ')) who.pop_back();
  return who;
}

// Memory one thread freed while another still used it: the same unordered pair of accesses as
// a data race (a vector reallocated under a reference another thread writes through), which
// comes out as a use after free or as a race depending on which access came first.
bool FreedByAnotherThread(const TsanReport& report) {
  if (report.blocks.size() < 2) return false;
  const std::string a = AccessingThread(report.blocks[0].heading);
  const std::string b = AccessingThread(report.blocks[1].heading);
  return !a.empty() && !b.empty() && a != b;
}

// The verdict a ThreadSanitizer report stands for.
Verdict VerdictForReport(const TsanReport& report) {
  const std::string& k = report.kind;
  if (k == "data-race") return Verdict::kDataRace;
  if (k == "lock-order-inversion") return Verdict::kLockOrderInversion;
  if (k == "thread-leak") return Verdict::kThreadLeak;
  if (k == "heap-use-after-free") return FreedByAnotherThread(report) ? Verdict::kDataRace : Verdict::kCrash;
  if (k.rfind("mutex-", 0) == 0 || k == "signal-unsafe-call" || k == "errno-in-signal-handler")
    return Verdict::kMisuse;
  return Verdict::kCrash;
}

// A race whose two accesses are both the check's: one side wrote before it called the
// learner's code, the other read after the learner's code let it through.
constexpr const char* kCheckSidesOnly =
    "Neither access is in your files: the check wrote this before it called your code and read it after your "
    "code let it through, and nothing your code did ordered the two. What a thread did before it signals must "
    "happen-before what the thread that sees the signal does next: a release store seen by an acquire load, a "
    "mutex held by both, or a condition variable.";

Outcome FromTsan(const TsanReport& report, const LearnerFiles& learner) {
  Outcome o;
  o.verdict = VerdictForReport(report);
  const std::string ex = learner.exercise_dir.empty() ? "" : learner.exercise_dir.lexically_normal().string() + "/";
  const Explained c = Explain(report, [&](const std::string& f) {
    if (learner.Contains(f)) return FileRole::kLearner;
    if (!ex.empty() && fs::path(f).lexically_normal().string().rfind(ex, 0) == 0) return FileRole::kExercise;
    return FileRole::kOther;
  });
  o.details = c.lines;
  if (report.kind == "data-race" && c.first.empty())
    o.details.insert(o.details.begin(), kCheckSidesOnly);
  o.where = c.first.empty() ? learner.todo : c.first;
  o.summary = CutLine("ThreadSanitizer: " + report.title);
  o.raw = report.raw;
  return o;
}

Outcome FromRecord(const CheckRecord& rec, const LearnerFiles& learner) {
  Outcome o;
  const auto v = ParseVerdict(rec.verdict);
  o.verdict = v && *v != Verdict::kPass ? *v : Verdict::kWrongResult;
  o.summary = rec.message;
  // A record made in the learner's code (the lock-order checker names the line that took the
  // lock) points there; a check's own record points at what to edit.
  o.where = learner.Contains(rec.file) ? Location{rec.file, rec.line} : learner.todo;
  return o;
}

std::string SignalName(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

Outcome Ended(Verdict verdict, std::string summary) {
  Outcome o;
  o.verdict = verdict;
  o.summary = std::move(summary);
  return o;
}

// Whether a line of a GoogleTest failure is GoogleTest's own ("Expected equality of these
// values:", "  Which is: 7", "Value of: moved", "Expected: true", ...), not the check's words.
bool IsGtestBoilerplate(const std::string& line) {
  if (line.empty() || line[0] == ' ') return true;
  for (const char* p : {"Expected equality of these values:", "Expected: ", "Value of: ", "Which is: ", "Actual: ",
                        "To be equal to: ", "The difference between "})
    if (line.rfind(p, 0) == 0) return true;
  return false;
}

// The first failed assertion. The check's own message (what GoogleTest prints after its
// "Expected equality of these values: ..." lines) is the summary when there is one; else
// GoogleTest's lines, joined into one. The rest are the details.
// What an exception that escaped into the check usually means, by its what() text.
std::string ExceptionMeaning(const std::string& what) {
  static const std::pair<const char*, const char*> kMeanings[] = {
      {"bad_function_call", "a std::function was called while empty: default-constructed, moved from, or "
                            "pointing into a container that changed under it"},
      {"bad_weak_ptr", "a shared_ptr was made from a weak_ptr (or shared_from_this) after the object's last "
                       "owner was gone"},
      {"Broken promise", "a std::promise was destroyed before anyone set its value or exception"},
      {"Promise already satisfied", "a std::promise was given a value or an exception twice"},
      {"Resource deadlock avoided", "a thread tried to join itself, or to lock a mutex it already holds"},
      {"Invalid argument", "a thread that is not joinable was joined or detached (already joined, detached, "
                           "or never started)"},
      {"Resource temporarily unavailable", "a thread could not be started (EAGAIN): too many threads or "
                                           "processes at once"},
      {"Operation not permitted", "a mutex was unlocked by a thread that does not own it"},
  };
  for (const auto& [text, meaning] : kMeanings)
    if (what.find(text) != std::string::npos) return meaning;
  return "";
}

// GoogleTest's words for an exception that escaped the test body: the what() text, or false.
bool EscapedException(const std::string& msg, std::string* what) {
  static const std::string kHead = "C++ exception with description \"", kTail = "\" thrown in the test body.";
  if (msg.rfind(kHead, 0) != 0) return false;
  const size_t end = msg.rfind(kTail);
  if (end == std::string::npos || end < kHead.size()) return false;
  *what = msg.substr(kHead.size(), end - kHead.size());
  return true;
}

Outcome FromFailure(const TestFailure& f) {
  Outcome o;
  o.verdict = Verdict::kWrongResult;
  if (std::string what; EscapedException(f.message, &what)) {
    o.summary = CutLine("an exception escaped into the check: " + what);
    if (const std::string meaning = ExceptionMeaning(what); !meaning.empty())
      o.details.push_back("usually: " + meaning);
    return o;
  }
  std::string msg = f.message;
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  // ADD_FAILURE() << "why" and FAIL() << "why" put a bare "Failed" line before the message.
  if (msg.rfind("Failed\n", 0) == 0) msg.erase(0, 7);
  std::vector<std::string> lines;
  std::istringstream in(msg);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  if (lines.empty()) lines.push_back("an assertion of the check failed");
  size_t own = 0;  // where the check's own words start
  if (IsGtestBoilerplate(lines[0])) {
    own = 1;
    while (own < lines.size() && IsGtestBoilerplate(lines[own])) ++own;
  }
  if (own < lines.size()) {
    o.summary = lines[own];
    for (size_t i = 0; i < lines.size(); ++i)
      if (i != own && !lines[i].empty()) o.details.push_back(lines[i]);
  } else {
    std::string joined;
    for (const auto& line : lines) {
      std::istringstream words(line);
      for (std::string w; words >> w;) joined += (joined.empty() ? "" : " ") + w;
    }
    o.summary = CutLine(joined);
  }
  if (!f.file.empty()) o.details.push_back("checked at " + DisplayPath(f.file) + ":" + std::to_string(f.line));
  return o;
}

// Without a report or a record: how the process ended, then what GoogleTest says.
Outcome FromRun(const CheckFacts& facts) {
  const ProcessResult& p = facts.process;
  if (p.timed_out)
    return p.hang == HangKind::kSpinning
               ? Ended(Verdict::kTimeout, "the check did not finish in time and its threads were busy on the CPU")
               : Ended(Verdict::kDeadlock,
                       "the check did not finish in time and its threads were blocked (no CPU used)");
  if (p.signal)
    return Ended(Verdict::kCrash, "the check was killed by " + SignalName(p.signal) +
                                      (p.signal == SIGABRT ? " (abort: std::terminate or a failed assert)" : ""));
  if (p.exit_code == 77 || p.exit_code == 134)
    return Ended(Verdict::kCrash,
                 "std::terminate was called (an exception escaped, or a joinable std::thread was destroyed)");
  if (!facts.gtest_finished)
    return Ended(Verdict::kCrash, "the check ended before it finished (exit code " + std::to_string(p.exit_code) +
                                      "): something called exit() or the process died");
  if (facts.tests_run == 0)
    return Ended(Verdict::kError, "the check binary has no test '" + facts.test +
                                      "': the manifest names a test that does not exist (a kit error)");
  if (!facts.failures.empty()) return FromFailure(facts.failures.front());
  if (p.exit_code != 0)
    return Ended(Verdict::kCrash,
                 "the check passed its assertions but exited with code " + std::to_string(p.exit_code));
  return Ended(Verdict::kPass, "passed");
}

// The outcome, by precedence (see Classify), without the check's name.
Outcome Decide(const CheckFacts& facts, const LearnerFiles& learner) {
  const auto reports = ParseTsanLog(facts.tsan_log);
  // std::terminate and a stalled progress counter end the process on purpose; a thread-leak
  // report that ThreadSanitizer adds on the way out is a consequence, not the cause.
  const bool ended_on_purpose =
      !facts.records.empty() &&
      (facts.records.front().verdict == "crash" || facts.records.front().verdict == "livelock");
  if (!reports.empty() && !(ended_on_purpose && reports.front().kind == "thread-leak"))
    return FromTsan(reports.front(), learner);
  if (!facts.records.empty()) return FromRecord(facts.records.front(), learner);
  Outcome o = FromRun(facts);
  if (o.verdict != Verdict::kPass) o.where = learner.todo;
  return o;
}

}  // namespace

Outcome Classify(const CheckFacts& facts, const LearnerFiles& learner) {
  Outcome o = Decide(facts, learner);
  o.check = facts.test;
  return o;
}

std::string SeedOf(std::string_view output) {
  static constexpr std::string_view kMarker = "threadlings-check: seed ";
  for (size_t at = output.find(kMarker); at != std::string_view::npos; at = output.find(kMarker, at + 1)) {
    Scanner s(output.substr(at + kMarker.size()));
    std::string_view digits;
    if (s.EatNumber(&digits) && digits.size() <= 20) return std::string(digits);
  }
  return "";
}

}  // namespace threadlings
