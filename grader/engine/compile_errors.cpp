#include "compile_errors.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>

#include "text_scan.h"

namespace threadlings {
namespace {

// Line `n` (1-based) of a file, or "".
std::string SourceLine(const fs::path& file, int n) {
  std::ifstream in(file);
  std::string line;
  for (int i = 1; std::getline(in, line); ++i)
    if (i == n) return line;
  return "";
}

// A line "file<tail>": the file is the shortest non-empty prefix before a ':' after which
// `tail` parses the rest, as a lazy "^(.+?):..." regex would have it.
template <class Tail>
bool SplitAtFile(std::string_view line, std::string_view* file, Tail tail) {
  if (HasLineBreak(line)) return false;
  for (size_t colon = line.find(':', 1); colon != std::string_view::npos; colon = line.find(':', colon + 1)) {
    Scanner s(line.substr(colon));
    if (tail(s)) {
      *file = line.substr(0, colon);
      return true;
    }
  }
  return false;
}

// A place in a learner's file that an error is moved to.
struct Site {
  fs::path file;
  int line = 0;
  int column = 0;
};

// One error, as it will be shown.
struct Error {
  bool learner;
  std::vector<std::string> lines;
  std::string origin;  ///< where the compiler reported it, when moved to the learner's line
  std::string site;    ///< "file:line" of the learner's line it was moved to
  fs::path file;       ///< the file the compiler named
  std::optional<Site> moved_to;
};

// Reads the compiler's output line by line into errors, then orders and cuts them.
class Condenser {
 public:
  explicit Condenser(const std::vector<fs::path>& learner_files) : learner_files_(learner_files) {}

  void Read(const std::string& output) {
    std::istringstream in(output);
    std::string line;
    while (std::getline(in, line)) {
      if (OnDiagnostic(line) || OnSite(line) || OnHeader(line)) continue;
      OnOther(line);
    }
  }

  // An error in library code right after one that was traced to the learner's line, in the
  // same file, comes from the same instantiation (clang does not repeat the notes).
  void FollowInstantiations() {
    for (size_t i = 1; i < errors_.size(); ++i) {
      Error& e = errors_[i];
      const Error& prev = errors_[i - 1];
      if (!e.learner && prev.moved_to && prev.file == e.file) Relocate(e, *prev.moved_to);
    }
  }

  // The errors to show: one per learner line, the learner's first, at most `max_errors`.
  std::vector<std::string> Lines(size_t max_errors) {
    // Errors moved to the same learner line are one mistake seen several times: keep the first.
    std::vector<Error> kept;
    for (auto& e : errors_) {
      const bool repeat =
          !e.site.empty() && std::any_of(kept.begin(), kept.end(), [&](const Error& k) { return k.site == e.site; });
      if (!repeat) kept.push_back(std::move(e));
    }
    std::stable_partition(kept.begin(), kept.end(), [](const Error& e) { return e.learner; });
    std::vector<std::string> out;
    // A learner's line of 60,000 characters is quoted under its error: shown cut.
    for (size_t i = 0; i < kept.size() && i < max_errors; ++i)
      for (const auto& line : kept[i].lines) out.push_back(CutLine(line));
    if (kept.size() > max_errors)
      out.push_back("... and " + std::to_string(kept.size() - max_errors) + " more error(s) (--verbose shows all)");
    return out;
  }

 private:
  bool IsLearner(const fs::path& file) const {
    for (const auto& f : learner_files_)
      if (f.lexically_normal() == file) return true;
    return false;
  }

  // Moves an error raised inside library code to the learner's line that led to it.
  void Relocate(Error& e, const Site& s) {
    e.learner = true;
    e.moved_to = s;
    e.site = DisplayPath(s.file) + ":" + std::to_string(s.line);
    const std::string message = e.lines.front().substr(e.lines.front().find(": error: ") + 9);
    e.lines = {DisplayPath(s.file) + ":" + std::to_string(s.line) + ":" + std::to_string(s.column) +
               ": error: " + message};
    const std::string text = SourceLine(s.file, s.line);
    if (!text.empty()) e.lines.push_back(fmt::format("{:>5} | {}", s.line, text));
    e.lines.push_back("      (reported inside " + e.origin + ", instantiated from this line)");
  }

  // "file:line:col: error: message" (or "fatal error") starts an error.
  bool OnDiagnostic(const std::string& line) {
    std::string_view name, ln, col, message;
    const bool found = SplitAtFile(line, &name, [&](Scanner& s) {
      if (!s.Eat(":") || !s.EatNumber(&ln) || !s.Eat(":") || !s.EatNumber(&col) || !s.Eat(": ")) return false;
      if (!s.Eat("fatal error: ") && !s.Eat("error: ")) return false;
      message = s.rest();
      return true;
    });
    if (!found) return false;
    const fs::path file = fs::path(name).lexically_normal();
    const bool learner = IsLearner(file);
    const std::string shown = DisplayPath(file);
    errors_.push_back({learner, {shown + ":" + std::string(ln) + ":" + std::string(col) + ": error: " + std::string(message)},
                       learner ? "" : shown + ":" + std::string(ln), "", file, std::nullopt});
    cur_ = &errors_.back();
    // The site stays pending until the next "In instantiation of" header: gcc prints later
    // errors of the same instantiation without repeating it.
    if (!learner && pending_) Relocate(*cur_, *pending_);
    return true;
  }

  // Where a template was used from: gcc's "file:line:col:   required from here" (printed
  // before the error), clang's "file:line:col: note: in instantiation of ... requested here"
  // (printed after it).
  bool OnSite(const std::string& line) {
    std::string_view name, ln, col;
    bool required = false;
    const size_t requested = line.rfind("requested here");
    const bool found = SplitAtFile(line, &name, [&](Scanner& s) {
      if (!s.Eat(":") || !s.EatNumber(&ln) || !s.Eat(":") || !s.EatNumber(&col) || !s.Eat(":")) return false;
      if (s.SkipSpace() == 0) return false;
      required = s.rest() == "required from here";
      // (Whether "requested here" comes later is read off its last place in the line: a
      // search from each ':' would cost time quadratic in the line's length.)
      return required || (s.Eat("note: ") && requested != std::string_view::npos &&
                          static_cast<size_t>(s.rest().data() - line.data()) <= requested);
    });
    if (!found) return false;
    const fs::path file = fs::path(name).lexically_normal();
    if (IsLearner(file)) {
      const Site site{file, ToInt(ln), ToInt(col)};
      if (required) pending_ = site;
      else if (!errors_.empty() && !errors_.back().learner && !errors_.back().origin.empty())
        Relocate(errors_.back(), site);
    }
    cur_ = nullptr;
    return true;
  }

  // "file: In instantiation of ...", "file: In function ..." and the like end the pending site.
  bool OnHeader(const std::string& line) {
    static constexpr std::string_view kHeaders[] = {
        ": In instantiation of", ": In function",    ": In member function", ": In constructor",
        ": In destructor",       ": In lambda",      ": In static member function", ": In copy constructor"};
    if (HasLineBreak(line)) return false;
    // At 1 at the earliest: the file name is not empty.
    if (std::none_of(std::begin(kHeaders), std::end(kHeaders),
                     [&](std::string_view h) { return line.find(h, 1) != std::string::npos; }))
      return false;
    pending_.reset();
    cur_ = nullptr;
    return true;
  }

  // The source line and caret that gcc and clang print under a diagnostic; anything else ends it.
  void OnOther(const std::string& line) {
    const bool context = !line.empty() && (line[0] == ' ' || std::isdigit(static_cast<unsigned char>(line[0]))) &&
                         (line.find(" | ") != std::string::npos || line.find_first_not_of(" ~^") == std::string::npos ||
                          line.rfind("    ", 0) == 0);
    if (cur_ && cur_->site.empty() && context && cur_->lines.size() < 3) {
      cur_->lines.push_back(line);
      return;
    }
    cur_ = nullptr;
  }

  const std::vector<fs::path>& learner_files_;
  std::vector<Error> errors_;
  Error* cur_ = nullptr;
  std::optional<Site> pending_;  ///< a learner site seen before the error
};

}  // namespace

std::vector<std::string> CondenseCompilerErrors(const std::string& output,
                                                const std::vector<fs::path>& learner_files,
                                                size_t max_errors) {
  Condenser c(learner_files);
  c.Read(output);
  c.FollowInstantiations();
  return c.Lines(max_errors);
}

bool ErrorSite(std::string_view error, Location* where) {
  std::string_view file, line;
  const auto place = [&](Scanner& s) {
    return s.Eat(":") && s.EatNumber(&line) && s.Eat(":") && s.EatNumber() && s.Eat(": ");
  };
  if (!SplitAtFile(error.substr(0, error.find_first_of("\r\n")), &file, place)) return false;
  *where = {std::string(file), ToInt(line)};
  return true;
}

}  // namespace threadlings
