// What one `threadlings grade` run grades: which exercises, and which submissions.
#pragma once

#include <string>
#include <vector>

#include "grade_options.h"
#include "kit.h"

namespace threadlings {

/// The exercises to grade: all, or --exercises, then the shard's share (round robin in
/// learning order, so every shard gets early and late exercises). False with a message for
/// an unknown exercise.
bool ChooseExercises(const Kit& kit, const GradeOptions& o, std::vector<const Exercise*>* out, std::string* err);

/// The submissions to grade: SUBMISSION, or each sub-folder and archive of --batch in name
/// order. False, after printing why, when there are none.
bool ListSubmissions(const GradeOptions& o, std::vector<fs::path>* out);

}  // namespace threadlings
