#include "compile_errors.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>

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
    for (size_t i = 0; i < kept.size() && i < max_errors; ++i)
      out.insert(out.end(), kept[i].lines.begin(), kept[i].lines.end());
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

  // "file:line:col: error: message" starts an error.
  bool OnDiagnostic(const std::string& line) {
    static const std::regex diag(R"(^(.+?):(\d+):(\d+): (fatal error|error): (.*)$)");
    std::smatch m;
    if (!std::regex_match(line, m, diag)) return false;
    const fs::path file = fs::path(m[1].str()).lexically_normal();
    const bool learner = IsLearner(file);
    errors_.push_back({learner, {DisplayPath(file) + ":" + m[2].str() + ":" + m[3].str() + ": error: " + m[5].str()},
                       learner ? "" : DisplayPath(file) + ":" + m[2].str(), "", file, std::nullopt});
    cur_ = &errors_.back();
    // The site stays pending until the next "In instantiation of" header: gcc prints later
    // errors of the same instantiation without repeating it.
    if (!learner && pending_) Relocate(*cur_, *pending_);
    return true;
  }

  // Where a template was used from: gcc's "required from here" (printed before the error),
  // clang's "note: in instantiation of ... requested here" (printed after it).
  bool OnSite(const std::string& line) {
    static const std::regex site(R"(^(.+?):(\d+):(\d+):\s+(required from here|note: .*requested here.*)$)");
    std::smatch m;
    if (!std::regex_match(line, m, site)) return false;
    const fs::path file = fs::path(m[1].str()).lexically_normal();
    if (IsLearner(file)) {
      const Site s{file, std::stoi(m[2].str()), std::stoi(m[3].str())};
      if (m[4].str() == "required from here") pending_ = s;
      else if (!errors_.empty() && !errors_.back().learner && !errors_.back().origin.empty())
        Relocate(errors_.back(), s);
    }
    cur_ = nullptr;
    return true;
  }

  // "file: In instantiation of ..." and the like end the pending site.
  bool OnHeader(const std::string& line) {
    static const std::regex header(R"(^(.+?): (In instantiation of|In function|In member function|In constructor|In destructor|In lambda|In static member function|In copy constructor).*)");
    std::smatch m;
    if (!std::regex_match(line, m, header)) return false;
    pending_.reset();
    cur_ = nullptr;
    return true;
  }

  // The source line and caret that gcc and clang print under a diagnostic; anything else ends it.
  void OnOther(const std::string& line) {
    const bool context = !line.empty() && (line[0] == ' ' || std::isdigit(line[0])) &&
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

}  // namespace threadlings
