// Parsing ThreadSanitizer's text reports (TSan has no machine-readable output).
#pragma once

#include <functional>
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

/// Where a file belongs, for choosing the frame of a stack that matters.
enum class FileRole {
  kOther,     ///< the standard library, the sanitizer, GoogleTest, the kit's check harness
  kExercise,  ///< the exercise's own files (its check), which the learner reads but does not edit
  kLearner,   ///< a file the learner edits
};

/// A report cut down to what teaches: who touched what, where, holding which mutexes, and
/// where the threads came from, in a few plain lines.
///  - data race: each access ("thread T2 writes ... holding no mutex"), the memory, and the
///    threads' start sites, merged;
///  - lock-order inversion: the cycle in letters (A -> B -> A) and, per thread, "holds A
///    (where it took it) and waits for B (where it asks)";
///  - anything else: each stack block with its frame.
/// Each stack's frame is the first in a learner file, else the first in an exercise file.
struct Explained {
  std::vector<std::string> lines;
  Location first;  ///< the first learner frame of the report, if any
};
Explained Explain(const TsanReport& report, const std::function<FileRole(const std::string&)>& role);

std::string DescribeFrame(const Frame& f);
/// "Bank::transfer(Account&, Account&)" -> "Bank::transfer".
std::string ShortFunction(const std::string& function);
/// Frames in the compiler's or the sanitizer's own files.
bool IsSystemFile(const std::string& file);
std::string CleanHeading(const std::string& heading);

}  // namespace threadlings
