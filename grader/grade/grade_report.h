// The result of grading one submission: what every output format (text, JSON, JUnit,
// Exercism, Gradescope, GitHub) is written from, and what `grade merge` reads back.
#pragma once

#include <string>
#include <vector>

#include "sandbox.h"
#include "verdict.h"

namespace threadlings {

/// The version of the JSON schema (docs/GRADING.md). Bumped when a field changes meaning or
/// goes away; new fields may appear without a bump.
inline constexpr int kGradeSchemaVersion = 1;

/// The grade of one exercise.
struct GradedExercise {
  std::string name;      ///< the manifest's name: "race_hit_counter"
  std::string dir_name;  ///< "01_race_hit_counter"
  std::string title;
  std::vector<std::string> topics;
  int points = 0;        ///< earned: points_max on a pass, else 0
  int points_max = 0;
  Verdict verdict = Verdict::kError;
  std::string summary;   ///< one line: what was found
  /// The learner's line the verdict points at, relative to the submission's root
  /// ("exercises/01_race_hit_counter/hit_counter.h", 16); empty when unknown.
  Location where;
  std::vector<std::string> details;  ///< condensed report lines (paths relative to the submission)
  std::string check;     ///< the GoogleTest check that failed, if any
  std::string seed;      ///< the perturbation seed of the failing run
  std::string output;    ///< the raw report or compiler output, capped (see kMaxOutput)
  std::vector<std::string> files;    ///< edited files taken from the submission (relative paths)
  std::vector<std::string> missing;  ///< edited files the submission lacks or that could not be taken, with why
  /// Lines for an instructor to look at: constructs an attack on the grader would use and no
  /// reference version of the file does (review_flags.h). They change no verdict.
  std::vector<std::string> review;
  double seconds = 0;    ///< wall time building and running it
};

/// Bytes of raw output kept per exercise in a report.
inline constexpr size_t kMaxOutput = 16 * 1024;

/// The grade of one submission (or, with `shard`, of one part of it).
struct GradeReport {
  int version = kGradeSchemaVersion;
  std::string student;     ///< a label: --student, else the submission's folder or archive name
  std::string submission;  ///< the submission as given on the command line
  std::string threadlings_version;
  std::string kit_digest;  ///< SHA-256 over the kit's checks, manifests and support code
  std::string compiler;    ///< first line of the compiler's --version
  std::string started_at;  ///< UTC, ISO 8601: "2026-11-22T06:30:00Z"
  double seconds = 0;      ///< wall time of the whole run (summed over merged shards)
  std::string shard;       ///< "2/4" for one shard, empty for a whole run or a merged one
  std::vector<std::string> shards_merged;  ///< after `grade merge`: the shards it combined
  std::vector<GradedExercise> exercises;   ///< in learning order
  /// Files in the submission that differ from the kit (or are not in it) and have no effect:
  /// edited checks, manifests, build files, extra files, symlinks. Relative paths, each with
  /// a reason: "exercises/01_race_hit_counter/check.cpp (changed; checks come from the kit)".
  std::vector<std::string> ignored;
  size_t ignored_more = 0;  ///< ignored files left out of the list (it is capped)
  std::vector<Protection> sandbox;
  std::string error;        ///< set when the grader itself could not run; exercises may be empty

  int Points() const;
  int PointsMax() const;
  /// Every exercise passed (and the grader ran).
  bool AllPassed() const;
  /// Some exercise got the verdict `error`, or `error` is set: the grader could not grade it.
  bool GraderFailed() const;
};

/// The exit code for a report (kExitOk, kExitFailed, or kExitError: GraderFailed() wins
/// over a failed exercise); docs/GRADING.md lists them.
int GradeExitCode(const GradeReport& r);

}  // namespace threadlings
