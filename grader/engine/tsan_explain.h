// Condensing a parsed ThreadSanitizer report (tsan_report) into the few plain lines that teach:
// who touched what, where, holding which mutexes, and where the threads came from.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "tsan_report.h"
#include "verdict.h"

namespace threadlings {

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
/// Explains `report`; `role` says where each file of its frames belongs.
Explained Explain(const TsanReport& report, const std::function<FileRole(const std::string&)>& role);

/// "path:line in Function" ("in the test" for a GoogleTest body).
std::string DescribeFrame(const Frame& f);
/// Frames in the compiler's or the sanitizer's own files.
bool IsSystemFile(const std::string& file);
/// A block's heading without addresses, sizes, mutex sets and the trailing " at:".
std::string CleanHeading(const std::string& heading);

}  // namespace threadlings
