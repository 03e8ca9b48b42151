// Condensing a parsed ThreadSanitizer report into the few lines that teach.
#include "tsan_explain.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>

#include "kit.h"

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
    static const std::regex access(
        R"(^(previous )?(atomic )?(read|write) of size \d+ at 0x[0-9a-f]+ by (main thread|thread T\d+)(?: \(mutexes: ([^)]*)\))?:$)",
        std::regex::icase);
    static const std::regex mutex_id(R"(M\d+)");
    static const std::regex heap(R"(^Location is heap block of size \d+ at 0x[0-9a-f]+ allocated by (main thread|thread T\d+):$)");
    for (const auto& b : r_.blocks) {
      const std::string h = Lower(b.heading);
      std::smatch m;
      if (std::regex_match(b.heading, m, access)) {
        const bool previous = m[1].matched, atomic = m[2].matched, write = Lower(m[3].str()) == "write";
        std::vector<std::string> held;
        const std::string mutexes = m[5].matched ? b.heading.substr(b.heading.find("(mutexes: ")) : "";
        for (auto it = std::sregex_iterator(mutexes.begin(), mutexes.end(), mutex_id);
             it != std::sregex_iterator(); ++it)
          held.push_back(it->str());
        const std::string verb = previous ? (write ? "wrote" : "read") + std::string(" it earlier")
                                          : (write ? "writes" : "reads");
        std::string line = m[4].str() + " " + verb + (atomic ? " atomically" : "") + ": " + Where(b);
        line += held.empty() ? ", holding no mutex"
                             : ", holding " + std::string(held.size() == 1 ? "mutex " : "mutexes ") + JoinAnd(held);
        out_.lines.push_back(Capitalise(line));
      } else if (std::regex_match(b.heading, m, heap)) {
        const Frame* f = Pick(b);
        out_.lines.push_back("The memory is a heap block allocated by " + m[1].str() +
                             (f ? " at " + DescribeFrame(*f) : ""));
      } else if (h.rfind("mutex ", 0) == 0 && h.find(" created at:") != std::string::npos) {
        std::smatch id;
        if (const Frame* f = Pick(b); f && std::regex_search(b.heading, id, mutex_id))
          out_.lines.push_back("Mutex " + id.str() + " was created at " + DescribeFrame(*f));
      } else if (h.rfind("thread t", 0) != 0) {
        const Frame* f = PickAny(b);
        out_.lines.push_back(CleanHeading(b.heading) + (f ? ": " + DescribeFrame(*f) : ""));
      }
    }
    static const std::regex global(R"(^Location is global '([^']*)')");
    static const std::regex stack(R"(^Location is stack of (main thread|thread T\d+))");
    for (const auto& n : r_.notes) {
      std::smatch m;
      if (std::regex_search(n, m, global))
        out_.lines.push_back("The memory is the global variable '" + m[1].str() + "'");
      else if (std::regex_search(n, m, stack))
        out_.lines.push_back("The memory is a local variable on the stack of " + m[1].str());
    }
  }

  void LockOrder() {
    static const std::regex mutex_id(R"(M\d+)");
    std::vector<std::string> cycle;
    for (const auto& n : r_.notes)
      if (n.rfind("Cycle in lock order graph", 0) == 0)
        for (auto it = std::sregex_iterator(n.begin(), n.end(), mutex_id); it != std::sregex_iterator(); ++it)
          cycle.push_back(it->str());
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
    static const std::regex taken(R"(^Mutex (M\d+) acquired here while holding mutex (M\d+) in (main thread|thread T\d+):$)");
    static const std::regex before(R"(^Mutex (M\d+) previously acquired by the same thread here:$)");
    struct Edge { std::string thread, holds, wants, held_at, asked_at; };
    std::vector<Edge> edges;
    for (const auto& b : r_.blocks) {
      std::smatch m;
      if (std::regex_match(b.heading, m, taken)) {
        edges.push_back({m[3].str(), m[2].str(), m[1].str(), "", Where(b)});
      } else if (std::regex_match(b.heading, m, before) && !edges.empty() && edges.back().holds == m[1].str()) {
        edges.back().held_at = Where(b);
      } else if (b.heading.rfind("Mutex ", 0) == 0 && b.heading.find(" created at:") != std::string::npos) {
        std::smatch id;
        if (const Frame* f = Pick(b); f && std::regex_search(b.heading, id, mutex_id))
          out_.lines.push_back(Capitalise(Mutex(id.str()) + " was created at " + DescribeFrame(*f)));
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
    static const std::regex created(R"(^Thread (T\d+) \(tid=\d+, (running|finished)\) created by (main thread|thread T\d+) at:$)");
    std::vector<std::pair<std::string, std::vector<std::string>>> origins;
    for (const auto& b : r_.blocks) {
      std::smatch m;
      if (!std::regex_match(b.heading, m, created)) continue;
      const Frame* f = Pick(b);
      const std::string where = f ? "at " + DescribeFrame(*f) : "by the check";
      if (r_.kind == "thread-leak") {
        out_.lines.push_back("Thread " + m[1].str() + " was started " + where +
                             (m[2] == "finished" ? "; it has finished, but nobody joined it"
                                                 : " and is still running: nobody stopped and joined it"));
        continue;
      }
      auto it = std::find_if(origins.begin(), origins.end(), [&](const auto& o) { return o.first == where; });
      if (it == origins.end()) origins.push_back({where, {m[1].str()}});
      else it->second.push_back(m[1].str());
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

std::string CleanHeading(const std::string& heading) {
  std::string h = heading;
  if (!h.empty() && h.back() == ':') h.pop_back();
  if (h.size() > 3 && h.compare(h.size() - 3, 3, " at") == 0) h.resize(h.size() - 3);
  h = std::regex_replace(h, std::regex(R"( of size \d+)"), "");
  h = std::regex_replace(h, std::regex(R"( at 0x[0-9a-f]+)"), "");
  h = std::regex_replace(h, std::regex(R"( \(0x[0-9a-f]+\))"), "");
  h = std::regex_replace(h, std::regex(R"(\s*\(mutexes: [^)]*\))"), "");
  return h;
}

}  // namespace threadlings
