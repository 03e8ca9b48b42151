// Condensing a parsed ThreadSanitizer report into the few lines that teach.
#include "tsan_explain.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <string_view>

#include "kit.h"
#include "text_scan.h"

namespace threadlings {

std::string DescribeFrame(const Frame& f) {
  std::string s = DisplayPath(f.file) + ":" + std::to_string(f.line);
  if (!f.function.empty()) {
    std::string fn = ShortFunction(f.function);
    // GoogleTest's "Suite_Name_Test::TestBody" is the body of a TEST.
    static const std::string kTestBody = "_Test::TestBody";
    if (fn.size() > kTestBody.size() && fn.compare(fn.size() - kTestBody.size(), kTestBody.size(), kTestBody) == 0)
      fn = "the test";
    s += " in " + fn;
  }
  return s;
}

namespace {

std::string Capitalise(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "A", "A and B", "A, B and C".
std::string JoinAnd(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
  return out;
}

class Explainer {
 public:
  Explainer(const TsanReport& r, const std::function<FileRole(const std::string&)>& role)
      : r_(r), role_(role) {}

  Explained Run() {
    for (const auto& b : r_.blocks)
      for (const auto& f : b.frames)
        if (!f.file.empty() && role_(f.file) == FileRole::kLearner && out_.first.empty())
          out_.first = {f.file, f.line};
    if (r_.kind == "data-race")
      DataRace();
    else if (r_.kind == "lock-order-inversion")
      LockOrder();
    else
      Generic();
    Threads();
    // A learner's name of 100,000 characters (a function, a global) is shown cut.
    for (auto& line : out_.lines) line = CutLine(line);
    return out_;
  }

 private:
  // The frame that matters in a stack: the first in a learner file, else in an exercise file.
  const Frame* Pick(const StackBlock& b) const {
    for (FileRole want : {FileRole::kLearner, FileRole::kExercise})
      for (const auto& f : b.frames)
        if (!f.file.empty() && role_(f.file) == want) return &f;
    return nullptr;
  }
  // Pick, else the first frame with a source file outside the system (for reports the kit
  // does not know, so that a line is still shown).
  const Frame* PickAny(const StackBlock& b) const {
    if (const Frame* f = Pick(b)) return f;
    for (const auto& f : b.frames)
      if (!IsSystemFile(f.file)) return &f;
    return nullptr;
  }
  std::string Where(const StackBlock& b) const {
    const Frame* f = Pick(b);
    if (f) return DescribeFrame(*f);
    for (const auto& fr : b.frames)
      if (!fr.function.empty() && fr.function.rfind("__tsan", 0) != 0 && !IsSystemFile(fr.file))
        return "in " + ShortFunction(fr.function);
    return "outside your files";
  }
  // "A" for the first mutex of the cycle, ...; TSan's own "M31" when there is no letter.
  std::string Letter(const std::string& id) const {
    const auto it = letters_.find(id);
    return it == letters_.end() ? id : it->second;
  }
  std::string Mutex(const std::string& id) const { return "mutex " + Letter(id);
  }

  void DataRace() {
    for (const auto& b : r_.blocks) {
      const std::string h = Lower(b.heading);
      if (const auto access = ParseAccess(b.heading)) {
        out_.lines.push_back(Capitalise(DescribeAccess(*access, b)));
      } else if (const auto by = ParseHeapAllocator(b.heading)) {
        const Frame* f = Pick(b);
        out_.lines.push_back("The memory is a heap block allocated by " + *by + (f ? " at " + DescribeFrame(*f) : ""));
      } else if (h.rfind("mutex ", 0) == 0 && h.find(" created at:") != std::string::npos) {
        const auto ids = MutexIds(b.heading);
        if (const Frame* f = Pick(b); f && !ids.empty())
          out_.lines.push_back("Mutex " + ids.front() + " was created at " + DescribeFrame(*f));
      } else if (h.rfind("thread t", 0) != 0) {
        const Frame* f = PickAny(b);
        out_.lines.push_back(CleanHeading(b.heading) + (f ? ": " + DescribeFrame(*f) : ""));
      }
    }
    for (const auto& n : r_.notes) {
      if (const auto global = ParseGlobalLocation(n)) {
        if (*global != "<null>")  // a global ThreadSanitizer could not name says nothing
          out_.lines.push_back("The memory is the global variable '" + *global + "'");
      }
      else if (const auto stack = ParseStackLocation(n))
        out_.lines.push_back("The memory is a local variable on the stack of " + *stack);
    }
  }

  // "thread T2 writes: <where>, holding mutex M1".
  std::string DescribeAccess(const Access& a, const StackBlock& b) const {
    const std::string verb = a.previous ? (a.write ? "wrote" : "read") + std::string(" it earlier")
                                        : (a.write ? "writes" : "reads");
    std::string line = a.thread + " " + verb + (a.atomic ? " atomically" : "") + ": " + Where(b);
    line += a.mutexes.empty()
                ? ", holding no mutex"
                : ", holding " + std::string(a.mutexes.size() == 1 ? "mutex " : "mutexes ") + JoinAnd(a.mutexes);
    return line;
  }

  void LockOrder() {
    std::vector<std::string> cycle;
    for (const auto& n : r_.notes)
      if (n.rfind("Cycle in lock order graph", 0) == 0)
        for (auto& id : MutexIds(n)) cycle.push_back(std::move(id));
    std::vector<std::string> unique;
    for (const auto& id : cycle)
      if (std::find(unique.begin(), unique.end(), id) == unique.end()) unique.push_back(id);
    if (unique.size() <= 26)
      for (size_t i = 0; i < unique.size(); ++i) letters_[unique[i]] = std::string(1, char('A' + i));
    if (!cycle.empty()) {
      std::string c;
      for (const auto& id : cycle) c += (c.empty() ? "" : " -> ") + Letter(id);
      out_.lines.push_back("Lock-order cycle: " + c + " (each arrow: a thread held the first and took the second)");
    }
    Edges();
  }

  // Per thread: which mutex it holds (where it took it) and which it waits for (where it asks).
  void Edges() {
    struct Edge { std::string thread, holds, wants, held_at, asked_at; };
    std::vector<Edge> edges;
    for (const auto& b : r_.blocks) {
      if (const auto taken = ParseAcquired(b.heading)) {
        edges.push_back({taken->thread, taken->held, taken->mutex, "", Where(b)});
      } else if (const auto before = ParsePreviouslyAcquired(b.heading);
                 before && !edges.empty() && edges.back().holds == *before) {
        edges.back().held_at = Where(b);
      } else if (b.heading.rfind("Mutex ", 0) == 0 && b.heading.find(" created at:") != std::string::npos) {
        const auto ids = MutexIds(b.heading);
        if (const Frame* f = Pick(b); f && !ids.empty())
          out_.lines.push_back(Capitalise(Mutex(ids.front()) + " was created at " + DescribeFrame(*f)));
      }
    }
    if (!edges.empty())
      out_.lines.push_back("The deadlock this order allows, if the threads meet at the wrong moment:");
    for (const auto& e : edges) {
      std::string line = "  " + Capitalise(e.thread) + " holds " + Mutex(e.holds);
      if (!e.held_at.empty()) line += " (" + e.held_at + ")";
      line += " and waits for " + Mutex(e.wants) + " (" + e.asked_at + ")";
      out_.lines.push_back(line);
    }
  }

  void Generic() {
    for (const auto& b : r_.blocks) {
      // Thread blocks (all of a thread-leak report) are said by Threads().
      if (r_.kind == "thread-leak" || b.heading.rfind("Thread T", 0) == 0) continue;
      const Frame* f = PickAny(b);
      std::string h = CleanHeading(b.heading);
      if (h.size() > 8 && h.compare(h.size() - 8, 8, " created") == 0) h += " at";
      out_.lines.push_back(h + (f ? ": " + DescribeFrame(*f) : ""));
    }
  }

  // "Threads T1 and T2 were started by the check", merged by where they were started.
  void Threads() {
    std::vector<std::pair<std::string, std::vector<std::string>>> origins;
    for (const auto& b : r_.blocks) {
      const auto created = ParseThreadCreated(b.heading);
      if (!created) continue;
      const Frame* f = Pick(b);
      const std::string where = f ? "at " + DescribeFrame(*f) : "by the check";
      if (r_.kind == "thread-leak") {
        out_.lines.push_back("Thread " + created->thread + " was started " + where +
                             (created->finished ? "; it has finished, but nobody joined it"
                                                : " and is still running: nobody stopped and joined it"));
        continue;
      }
      auto it = std::find_if(origins.begin(), origins.end(), [&](const auto& o) { return o.first == where; });
      if (it == origins.end()) origins.push_back({where, {created->thread}});
      else it->second.push_back(created->thread);
    }
    for (const auto& [where, threads] : origins)
      out_.lines.push_back((threads.size() == 1 ? "Thread " : "Threads ") + JoinAnd(threads) +
                           (threads.size() == 1 ? " was" : " were") + " started " + where);
  }

  const TsanReport& r_;
  const std::function<FileRole(const std::string&)>& role_;
  std::map<std::string, std::string> letters_;
  Explained out_;
};

}  // namespace

Explained Explain(const TsanReport& report, const std::function<FileRole(const std::string&)>& role) {
  return Explainer(report, role).Run();
}

bool IsSystemFile(const std::string& file) {
  return file.empty() || file.rfind("/usr/", 0) == 0 || file.rfind("../", 0) == 0 ||
         file.find("libsanitizer") != std::string::npos;
}

namespace {

// `s` without each leftmost, non-overlapping stretch that `match` recognises at its start
// (it returns the stretch's length, 0 for none), as a regex_replace with "" would leave it.
template <class Match>
std::string RemoveEach(const std::string& s, Match match) {
  std::string out;
  for (size_t at = 0; at < s.size();) {
    if (const size_t n = match(std::string_view(s).substr(at)); n > 0) {
      at += n;
    } else {
      out += s[at++];
    }
  }
  return out;
}

// The length of what `Scanner::Eat...` calls in `eat` consumed at the start of `text`, or 0.
template <class Eat>
size_t Matched(std::string_view text, Eat eat) {
  Scanner s(text);
  return eat(s) ? text.size() - s.rest().size() : 0;
}

// `h` without each " (mutexes: ...)" and the white space before it.
std::string WithoutMutexSets(const std::string& h) {
  std::string out;
  const size_t last_close = h.rfind(')');  // past it no set can close: no search there
  for (size_t at = 0; at < h.size();) {
    // White space starts a match only where "(mutexes: " follows all of it: one look per run.
    size_t from = at;
    while (from < h.size() && std::isspace(static_cast<unsigned char>(h[from]))) ++from;
    const bool opens = last_close != std::string::npos && from < last_close && h.compare(from, 10, "(mutexes: ") == 0;
    const size_t close = opens ? h.find(')', from + 10) : std::string::npos;
    if (close != std::string::npos) {
      at = close + 1;
      continue;
    }
    out.append(h, at, std::max(from, at + 1) - at);
    at = std::max(from, at + 1);
  }
  return out;
}

}  // namespace

std::string CleanHeading(const std::string& heading) {
  std::string h = heading;
  if (!h.empty() && h.back() == ':') h.pop_back();
  if (h.size() > 3 && h.compare(h.size() - 3, 3, " at") == 0) h.resize(h.size() - 3);
  h = RemoveEach(h, [](std::string_view t) { return Matched(t, [](Scanner& s) { return s.EatNumbered(" of size "); }); });
  h = RemoveEach(h, [](std::string_view t) { return Matched(t, [](Scanner& s) { return s.Eat(" at ") && s.EatHex(); }); });
  h = RemoveEach(h, [](std::string_view t) {
    return Matched(t, [](Scanner& s) { return s.Eat(" (") && s.EatHex() && s.Eat(")"); });
  });
  return WithoutMutexSets(h);
}

}  // namespace threadlings
