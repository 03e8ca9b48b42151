#include "grade_options.h"

#include "term.h"

namespace threadlings {
namespace {

// Options of one submission given with --batch, or of a batch given without it.
bool CheckBatchOptions(const GradeOptions& o) {
  const bool batch = !o.batch.empty();
  const ResultFiles& f = o.results;
  if (batch && (!f.exercism.empty() || !f.gradescope.empty() || f.github || !f.json.empty())) {
    PrintError("--exercism, --gradescope, --github and --json describe one submission; with --batch, "
               "each student's JSON goes to --out DIR, and --junit, --csv and --markdown cover the batch");
    return false;
  }
  if (batch && !o.student.empty()) {
    PrintError("--student names the student of one submission; with --batch each student is named after their "
               "sub-folder or archive");
    return false;
  }
  if (!batch && (!o.csv.empty() || !o.markdown.empty() || !o.out_dir.empty())) {
    PrintError("--csv, --markdown and --out are for --batch DIR; for one submission use --json FILE");
    return false;
  }
  return true;
}

}  // namespace

bool ParseShard(const std::string& s, int* i, int* n) {
  const auto slash = s.find('/');
  if (slash == std::string::npos) return false;
  try {
    *i = std::stoi(s.substr(0, slash));
    *n = std::stoi(s.substr(slash + 1));
  } catch (...) {
    return false;
  }
  return *n >= 1 && *i >= 1 && *i <= *n;
}

bool CheckGradeOptions(const GradeOptions& o) {
  if (o.submission.empty() == o.batch.empty()) {
    PrintError("give one SUBMISSION (a folder or an archive) or --batch DIR; 'threadlings grade --help' shows how");
    return false;
  }
  int shard_i = 0, shard_n = 0;
  if (!o.shard.empty() && !ParseShard(o.shard, &shard_i, &shard_n)) {
    PrintError("--shard takes I/N with 1 <= I <= N, e.g. --shard 2/4 (got '" + o.shard + "')");
    return false;
  }
  if (!CheckBatchOptions(o)) return false;
  if (o.jobs < 1 || o.memory_mib < 64 || o.pids < 16) {
    PrintError("-j must be at least 1, --memory-limit at least 64 (MiB), --pids-limit at least 16");
    return false;
  }
  return true;
}

SandboxLimits LimitsOf(const GradeOptions& o) {
  SandboxLimits l;
  l.enabled = true;
  l.memory_bytes = uint64_t(o.memory_mib) << 20;
  l.pids = o.pids;
  l.file_size = 64ull << 20;
  return l;
}

}  // namespace threadlings
