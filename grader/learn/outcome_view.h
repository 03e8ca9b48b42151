// One verdict as the learner sees it: the label line, the summary at the learner's line, the
// condensed report, what the verdict means and the advice (advice.h), wrapped to the terminal.
#pragma once

#include "advice.h"
#include "app.h"

namespace threadlings {

/// Prints `o` for `e`; with `teach`, also the verdict's explanation and the advice for `a`.
void PrintOutcome(const App& app, const Exercise& e, const Outcome& o, const Attempt& a, bool teach = true);

/// Prints the full report behind `o` (what --verbose adds), or says there is none.
void PrintFullReport(const App& app, const Exercise& e, const Outcome& o);

}  // namespace threadlings
