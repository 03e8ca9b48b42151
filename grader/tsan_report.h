// Parsing ThreadSanitizer's text reports (TSan has no machine-readable output).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "verdict.h"

namespace threadlings {

/// One frame of a stack: "#1 Bank::transfer(...) /path/bank.h:21:5 (check+0x1234)".
struct Frame {
  std::string function;
  std::string file;  ///< empty when TSan printed "<null>"
  int line = 0;
  int column = 0;    ///< clang prints it, gcc does not
};

/// A heading line of a report and the stack under it ("Write of size 8 at ... by thread T2:").
struct StackBlock {
  std::string heading;
  std::vector<Frame> frames;
};

/// One "WARNING: ThreadSanitizer: ..." report.
struct TsanReport {
  std::string title;   ///< e.g. "data race", "lock-order-inversion (potential deadlock)"
  std::string kind;    ///< normalised: data-race, lock-order-inversion, thread-leak, mutex-bad-unlock, ...
  std::vector<StackBlock> blocks;
  std::vector<std::string> notes;  ///< lines that are not stacks (cycle, location, mutex creation)
  std::string summary;  ///< the "SUMMARY: ThreadSanitizer: ..." line without its prefix
  std::string raw;      ///< the report as printed
};

/// Every report in a TSan log (one log file or captured output).
std::vector<TsanReport> ParseTsanLog(std::string_view text);

/// True if the text shows ThreadSanitizer failing to start or dying by itself (e.g.
/// "FATAL: ThreadSanitizer: unexpected memory mapping"), which is never the learner's fault.
bool IsTsanFatal(std::string_view text);

/// The verdict a report stands for.
Verdict VerdictForReport(const TsanReport& report);

/// Condenses a report to a few lines: each access or acquisition with the frame that matters
/// (the first in a file for which `pick` returns true, else the first frame with a source
/// file outside the system), and the first such location in the whole report.
struct Condensed {
  std::vector<std::string> lines;
  Location first;  ///< first frame in a picked file, if any
};
template <typename Pick>
Condensed Condense(const TsanReport& report, Pick pick);

// ---- implementation of the template ----
std::string DescribeFrame(const Frame& f);
/// "Bank::transfer(Account&, Account&)" -> "Bank::transfer".
std::string ShortFunction(const std::string& function);
/// Frames in the compiler's or the sanitizer's own files.
bool IsSystemFile(const std::string& file);
std::string CleanHeading(const std::string& heading);

template <typename Pick>
Condensed Condense(const TsanReport& report, Pick pick) {
  Condensed out;
  for (const auto& block : report.blocks) {
    const Frame* chosen = nullptr;
    for (const auto& f : block.frames)
      if (!f.file.empty() && pick(f.file)) {
        chosen = &f;
        break;
      }
    if (chosen && out.first.empty()) out.first = {chosen->file, chosen->line};
    if (!chosen)
      for (const auto& f : block.frames)
        if (!IsSystemFile(f.file)) {
          chosen = &f;
          break;
        }
    std::string line = CleanHeading(block.heading);
    if (chosen) line += ": " + DescribeFrame(*chosen);
    out.lines.push_back(line);
  }
  return out;
}

}  // namespace threadlings
