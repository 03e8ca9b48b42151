// The next step after a failed verification, keyed to the exercise: a failure exactly like the
// last attempt's, the known tempting fixes that end in the same verdict (exercise.yaml's
// mutants), and the next hint not yet seen. Generic per-verdict advice is given only where it
// cannot contradict an exercise (a compile error, the grader's own error).
#pragma once

#include <string>
#include <vector>

#include "app.h"

namespace threadlings {

/// What is known about an attempt besides its outcome.
struct Attempt {
  int hints_shown = 0;        ///< hints the learner has seen for the exercise
  bool changed = false;       ///< the learner's files differ from their starting version
  bool same_as_last = false;  ///< a new attempt that failed exactly as the previous one
};

/// "a nudge", "a question", "nearly the answer": what hint `index` (0-based) is.
std::string HintKind(size_t index);

/// True when one of the files the learner edits differs from its starting version.
bool LearnerChangedFiles(const Exercise& e);

/// The lines of advice after a failed verification (each a paragraph, the last one starting
/// "Next:"); empty after a pass.
std::vector<std::string> Advice(const App& app, const Exercise& e, const Outcome& o, const Attempt& a);

}  // namespace threadlings
