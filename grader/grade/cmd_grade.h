// The runs of `threadlings grade` and `threadlings grade merge` (set up in grade_cli.h).
#pragma once

#include "app.h"
#include "grade_options.h"

namespace threadlings {

/// `threadlings grade`: grades one submission or a batch, writes the results; the exit code.
int RunGrade(App& app, const GradeOptions& o);

/// `threadlings grade merge`: combines the JSON results of shards into one result.
int RunMerge(App& app, const MergeOptions& o);

}  // namespace threadlings
