// Parsing ThreadSanitizer's text reports (TSan has no machine-readable output) into structs.
// What they mean is decided elsewhere: the verdict in classify, the lines shown in tsan_explain.
#pragma once

#include <string>
#include <string_view>
#include <vector>

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

/// "Bank::transfer(Account&, Account&)" -> "Bank::transfer".
std::string ShortFunction(const std::string& function);

}  // namespace threadlings
