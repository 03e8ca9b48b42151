// Parsing ThreadSanitizer's text reports (TSan has no machine-readable output) into structs.
// What they mean is decided elsewhere: the verdict in classify, the lines shown in tsan_explain.
#pragma once

#include <optional>
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

// What a block's heading or a note says, for the kinds of report that are explained line by
// line. Each returns nullopt when the text is not of its form.

/// "Previous atomic write of size 8 at 0x7b04 by thread T2 (mutexes: write M1, read M2):"
/// (TSan capitalises it variously; read in any case).
struct Access {
  bool previous = false;
  bool atomic = false;
  bool write = false;                ///< else a read
  std::string thread;                ///< as printed: "main thread", "thread T2"
  std::vector<std::string> mutexes;  ///< the mutexes held: "M1", "M2"
};
std::optional<Access> ParseAccess(std::string_view heading);

/// "Location is heap block of size 8 at 0x7b04 allocated by thread T1:" -> "thread T1".
std::optional<std::string> ParseHeapAllocator(std::string_view heading);

/// "Mutex M2 acquired here while holding mutex M1 in thread T1:".
struct Acquired {
  std::string mutex;   ///< taken: "M2"
  std::string held;    ///< "M1"
  std::string thread;  ///< "thread T1"
};
std::optional<Acquired> ParseAcquired(std::string_view heading);

/// "Mutex M1 previously acquired by the same thread here:" -> "M1".
std::optional<std::string> ParsePreviouslyAcquired(std::string_view heading);

/// "Thread T1 (tid=5, finished) created by main thread at:".
struct ThreadCreated {
  std::string thread;  ///< "T1"
  bool finished = false;
};
std::optional<ThreadCreated> ParseThreadCreated(std::string_view heading);

/// "Location is global 'counter' of size 8 at 0x..." -> "counter".
std::optional<std::string> ParseGlobalLocation(std::string_view note);

/// "Location is stack of thread T1." -> "thread T1".
std::optional<std::string> ParseStackLocation(std::string_view note);

/// Every mutex id ("M<n>") in `text`, in order.
std::vector<std::string> MutexIds(std::string_view text);

/// "Bank::transfer(Account&, Account&)" -> "Bank::transfer".
std::string ShortFunction(const std::string& function);

}  // namespace threadlings
