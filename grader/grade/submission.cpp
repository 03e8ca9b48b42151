#include "submission.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <set>

#include "sandbox.h"
#include "submission_entries.h"

namespace threadlings {
namespace {

using Entry = SubmissionEntry;

std::string WhyIgnored(const std::string& rel, bool in_kit) {
  if (!in_kit) return rel + " (not in the kit; has no effect)";
  const std::string name = fs::path(rel).filename().string();
  if (name == "exercise.yaml") return rel + " (changed; manifests come from the kit)";
  if (name.rfind("check", 0) == 0 && fs::path(rel).extension() == ".cpp")
    return rel + " (changed; checks come from the kit)";
  if (name == "CMakeLists.txt" || name == "CMakePresets.json" || fs::path(rel).extension() == ".cmake" ||
      name == "build.ninja")
    return rel + " (changed; build files come from the kit)";
  if (rel.rfind("support/", 0) == 0) return rel + " (changed; the check harness comes from the kit)";
  return rel + " (changed; the kit's copy is used)";
}

// The submission's entries: a folder's files or an archive's. Every failure here is the
// submission's: out->unreadable stays set.
bool ListSubmission(const Kit& kit, const fs::path& submission, const SubmissionLimits& limits,
                    StagedSubmission* out, std::vector<Entry>* entries, std::string* err) {
  std::error_code ec;
  const fs::file_status st = fs::status(submission, ec);
  out->unreadable = true;  // until it has been read: the failures below are the submission's
  if (ec || !fs::exists(st)) {
    *err = "the submission " + submission.string() + " does not exist";
    return false;
  }
  if (fs::is_directory(st)) {
    out->layout = "folder";
    std::vector<fs::path> skip;
    for (const fs::path& p : {kit.root(), kit.StateDir()})
      if (fs::exists(p, ec) && !fs::equivalent(p, submission, ec)) skip.push_back(p);
    if (!ListFolder(submission, limits, skip, entries, &out->ignored, err)) return false;
  } else if (IsArchive(submission)) {
    out->layout = "archive";
    if (!ListArchive(submission, limits, entries, &out->ignored, err)) return false;
  } else {
    *err = "the submission " + submission.string() +
           " is neither a folder nor an archive threadlings reads (.zip, .tar, .tar.gz, .tgz, .tar.xz, .tar.bz2)";
    return false;
  }
  out->unreadable = false;
  return true;
}

// Where the edited files sit in a submission.
struct Layout {
  std::string prefix;       // where the kit's layout starts: "" or a single top folder "repo-main/"
  bool kit_layout = false;  // exercises/<dir>/<file>
  bool flat = false;        // the edited files at the top (one exercise graded)
};

// The submission's layout; out->layout and out->flat_prefix say it for the report.
Layout FindLayout(const std::vector<Entry>& entries, size_t exercises, StagedSubmission* out) {
  Layout l;
  std::set<std::string> tops;
  for (const auto& e : entries) {
    if (e.path.rfind("exercises/", 0) == 0) l.kit_layout = true;
    tops.insert(e.path.substr(0, e.path.find('/')));
  }
  if (!l.kit_layout && tops.size() == 1 && !entries.empty() && entries.front().path.find('/') != std::string::npos) {
    const std::string top = *tops.begin() + "/";
    for (const auto& e : entries)
      if (e.path.rfind(top + "exercises/", 0) == 0) l.kit_layout = true;
    l.prefix = top;  // also for a flat upload inside one folder
  }
  l.flat = !l.kit_layout && exercises == 1;
  if (l.flat) out->flat_prefix = l.prefix.empty() ? "./" : l.prefix;
  if (!l.kit_layout && !l.flat) l.prefix.clear();
  if (!l.kit_layout) out->layout += l.flat ? ", the edited files at the top" : ", no exercises/ folder";
  if (l.kit_layout && !l.prefix.empty()) out->layout += ", inside " + l.prefix.substr(0, l.prefix.size() - 1);
  return l;
}

// The files to take, by their path in the submission.
struct Wanted {
  std::map<std::string, std::pair<const Exercise*, std::string>> files;  // path -> (exercise, file)
  // The files to edit of the exercises not graded in this run (--exercises, --shard): the
  // learner's work, graded in another run; neither taken nor listed as ignored.
  std::set<std::string> graded_elsewhere;
};

Wanted WantedFiles(const Kit& kit, const std::vector<const Exercise*>& exercises, const Layout& l) {
  Wanted w;
  for (const Exercise* e : exercises)
    for (const auto& f : e->manifest.edit)
      w.files[l.prefix + (l.flat ? f : "exercises/" + e->dir_name + "/" + f)] = {e, f};
  if (!l.flat)
    for (const auto& e : kit.exercises())
      for (const auto& f : e.manifest.edit)
        if (!w.files.count(l.prefix + "exercises/" + e.dir_name + "/" + f))
          w.graded_elsewhere.insert(l.prefix + "exercises/" + e.dir_name + "/" + f);
  return w;
}

// Takes an edited file into the staging folder, or says in out->missing why not. False only
// when the staged file cannot be written (the grader's failure).
bool TakeFile(const Entry& e, const Exercise& exercise, const std::string& file, const SubmissionLimits& limits,
              StagedSubmission* out, std::string* err) {
  const std::string shown = "exercises/" + exercise.dir_name + "/" + file;
  auto& missing = out->missing[exercise.dir_name];
  if (e.kind == Entry::Kind::kSymlink) {
    missing.push_back(shown + ": a symbolic link; only regular files are taken");
    return true;
  }
  if (e.kind != Entry::Kind::kFile) {
    missing.push_back(shown + ": not a regular file");
    return true;
  }
  const auto content = Content(e, limits.max_file_bytes);
  if (!content) {
    missing.push_back(shown + ": larger than " + FormatBytes(limits.max_file_bytes) + " or unreadable; not taken");
    return true;
  }
  const fs::path to = out->ExerciseDir(exercise) / file;
  std::error_code ec;
  fs::create_directories(to.parent_path(), ec);
  std::ofstream o(to, std::ios::binary | std::ios::trunc);
  o << *content;
  if (!o.flush()) {
    *err = "cannot write the staged file " + to.string();
    return false;
  }
  out->taken[exercise.dir_name].push_back(shown);
  return true;
}

// Why a file not taken is listed as ignored; nullopt when it is the kit's own, unchanged.
std::optional<std::string> WhyNotTaken(const Kit& kit, const Entry& e, const std::string& prefix,
                                       const SubmissionLimits& limits) {
  if (e.path.rfind(prefix, 0) != 0) return e.path + " (outside the kit's folders; has no effect)";
  const std::string rel = e.path.substr(prefix.size());
  if (e.kind == Entry::Kind::kSymlink) return rel + " (a symbolic link; not followed)";
  if (e.kind == Entry::Kind::kOther) return rel + " (not a regular file)";
  std::error_code ec;
  const fs::path in_kit = kit.root() / rel;
  const bool kit_has = fs::is_regular_file(fs::symlink_status(in_kit, ec));
  if (kit_has && fs::file_size(in_kit, ec) == e.size) {
    std::string kit_text;
    const auto content = Content(e, limits.max_file_bytes);
    if (content && ReadFile(in_kit, &kit_text) && kit_text == *content) return std::nullopt;  // unchanged
  }
  return WhyIgnored(rel, kit_has);
}

// The lists of the report: the wanted files not found, the ignored ones (the listing's notes
// first, then sorted, capped), no exercise with nothing missing.
void FinishLists(const Wanted& wanted, const std::set<std::string>& done, std::vector<std::string> ignored,
                 const SubmissionLimits& limits, StagedSubmission* out) {
  for (const auto& [path, what] : wanted.files) {
    if (done.count(path)) continue;
    out->missing[what.first->dir_name].push_back("exercises/" + what.first->dir_name + "/" + what.second +
                                                 ": not in the submission");
  }
  std::sort(ignored.begin(), ignored.end());
  ignored.insert(ignored.begin(), out->ignored.begin(), out->ignored.end());
  if (ignored.size() > limits.max_ignored_listed) {
    out->ignored_more = ignored.size() - limits.max_ignored_listed;
    ignored.resize(limits.max_ignored_listed);
  }
  out->ignored = std::move(ignored);
  for (auto it = out->missing.begin(); it != out->missing.end();)
    it = it->second.empty() ? out->missing.erase(it) : std::next(it);
}

}  // namespace

std::string ArchiveStem(const fs::path& path) {
  const std::string name = path.filename().string();
  for (const char* ext : {".tar.gz", ".tar.xz", ".tar.bz2", ".tar.zst", ".tgz", ".txz", ".tbz2", ".zip", ".tar"})
    if (name.size() > strlen(ext) && name.compare(name.size() - strlen(ext), strlen(ext), ext) == 0)
      return name.substr(0, name.size() - strlen(ext));
  return "";
}

bool IsArchive(const fs::path& path) { return !ArchiveStem(path).empty(); }

bool StageSubmission(const Kit& kit, const fs::path& submission,
                     const std::vector<const Exercise*>& exercises, const fs::path& stage_dir,
                     const SubmissionLimits& limits, StagedSubmission* out, std::string* err) {
  *out = {};
  out->root = stage_dir;
  std::vector<Entry> entries;
  if (!ListSubmission(kit, submission, limits, out, &entries, err)) return false;
  const Layout layout = FindLayout(entries, exercises.size(), out);
  const Wanted wanted = WantedFiles(kit, exercises, layout);

  std::error_code ec;
  fs::remove_all(stage_dir, ec);
  fs::create_directories(stage_dir / "exercises", ec);
  if (ec) {
    *err = "cannot create the staging folder " + stage_dir.string() + ": " + ec.message();
    return false;
  }
  std::set<std::string> done;
  std::vector<std::string> ignored;
  for (const auto& e : entries) {
    if (const auto want = wanted.files.find(e.path); want != wanted.files.end()) {
      done.insert(e.path);
      if (!TakeFile(e, *want->second.first, want->second.second, limits, out, err)) return false;
    } else if (!wanted.graded_elsewhere.count(e.path)) {
      if (auto why = WhyNotTaken(kit, e, layout.prefix, limits)) ignored.push_back(std::move(*why));
    }
  }
  FinishLists(wanted, done, std::move(ignored), limits, out);
  return true;
}

}  // namespace threadlings
