#include "submission.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <set>

#include "sandbox.h"

namespace threadlings {
namespace {

// Folders of a checkout that are never part of a submission: version control, threadlings'
// own state and build folders.
bool SkippedFolder(const std::string& name) {
  return name == ".git" || name == ".threadlings" || name == "build" || name == ".cache" ||
         name == "node_modules";
}

struct Entry {
  enum class Kind { kFile, kSymlink, kOther };
  std::string path;  // relative, '/'-separated, normalised
  Kind kind = Kind::kFile;
  uint64_t size = 0;
  fs::path disk;                       // folder submissions: where to read it
  std::optional<std::string> content;  // archives: read while listing (if not too big)
};

// "a/./b/" -> "a/b"; nullopt for absolute paths and paths with "..".
std::optional<std::string> NormalisePath(const std::string& raw) {
  if (raw.empty() || raw[0] == '/') return std::nullopt;
  std::string out;
  size_t start = 0;
  while (start <= raw.size()) {
    size_t end = raw.find('/', start);
    if (end == std::string::npos) end = raw.size();
    const std::string part = raw.substr(start, end - start);
    start = end + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") return std::nullopt;
    if (!out.empty()) out += '/';
    out += part;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

bool HasSkippedFolder(const std::string& path) {
  size_t start = 0;
  for (size_t slash; (slash = path.find('/', start)) != std::string::npos; start = slash + 1)
    if (SkippedFolder(path.substr(start, slash - start))) return true;
  return false;
}

// `skip`: folders not looked at, by identity (the grading kit and its state, when they sit
// inside the submission, as `grade --kit .grader .` has it).
bool ListFolder(const fs::path& root, const SubmissionLimits& limits, const std::vector<fs::path>& skip,
                std::vector<Entry>* out, std::vector<std::string>* ignored, std::string* err) {
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) {
    *err = "cannot read the submission folder " + root.string() + ": " + ec.message();
    return false;
  }
  size_t seen = 0;
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    if (++seen > limits.max_entries) {
      ignored->push_back("(the submission has more than " + std::to_string(limits.max_entries) +
                         " files and folders; the rest were not looked at)");
      break;
    }
    const fs::path p = it->path();
    const std::string rel = p.lexically_relative(root).generic_string();
    const fs::file_status st = it->symlink_status(ec);
    if (fs::is_directory(st)) {
      bool skipped = SkippedFolder(p.filename().string());
      for (const auto& s : skip) skipped = skipped || fs::equivalent(p, s, ec);
      if (skipped) it.disable_recursion_pending();
      continue;
    }
    Entry e;
    e.path = rel;
    e.disk = p;
    if (fs::is_symlink(st)) {
      e.kind = Entry::Kind::kSymlink;
    } else if (fs::is_regular_file(st)) {
      e.size = fs::file_size(p, ec);
    } else {
      e.kind = Entry::Kind::kOther;
    }
    out->push_back(std::move(e));
  }
  return true;
}

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};

bool ListArchive(const fs::path& file, const SubmissionLimits& limits, std::vector<Entry>* out,
                 std::vector<std::string>* ignored, std::string* err) {
  std::unique_ptr<archive, ArchiveCloser> a(archive_read_new());
  archive_read_support_filter_all(a.get());
  // Only the formats IsArchive names: "all" would include mtree, which reads any text file
  // as a list of entries.
  archive_read_support_format_tar(a.get());
  archive_read_support_format_zip(a.get());
  if (archive_read_open_filename(a.get(), file.c_str(), 64 * 1024) != ARCHIVE_OK) {
    *err = "cannot read the archive " + file.string() + ": " + archive_error_string(a.get());
    return false;
  }
  size_t seen = 0, total = 0;
  archive_entry* entry;
  int rc;
  while ((rc = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
    if (++seen > limits.max_entries) {
      ignored->push_back("(the archive has more than " + std::to_string(limits.max_entries) +
                         " entries; the rest were not looked at)");
      break;
    }
    const char* name = archive_entry_pathname(entry);
    const std::string raw = name ? name : "";
    const auto path = NormalisePath(raw);
    if (!path) {
      ignored->push_back(raw + " (unsafe path in the archive; not read)");
      continue;
    }
    if (HasSkippedFolder(*path + "/") && archive_entry_filetype(entry) != AE_IFDIR) continue;
    Entry e;
    e.path = *path;
    const auto type = archive_entry_filetype(entry);
    if (type == AE_IFDIR) continue;
    if (type == AE_IFLNK || archive_entry_hardlink(entry) != nullptr) {
      e.kind = Entry::Kind::kSymlink;
    } else if (type != AE_IFREG) {
      e.kind = Entry::Kind::kOther;
    } else {
      e.size = archive_entry_size_is_set(entry) ? uint64_t(archive_entry_size(entry)) : 0;
      if (e.size <= limits.max_file_bytes && total + e.size <= limits.max_total_bytes) {
        std::string data;
        char buf[64 * 1024];
        la_ssize_t n;
        while ((n = archive_read_data(a.get(), buf, sizeof buf)) > 0 && data.size() <= limits.max_file_bytes)
          data.append(buf, size_t(n));
        if (n < 0) {
          *err = "the archive " + file.string() + " is damaged at " + raw + ": " + archive_error_string(a.get());
          return false;
        }
        total += data.size();
        e.size = data.size();
        e.content = std::move(data);
      }
    }
    out->push_back(std::move(e));
  }
  if (rc == ARCHIVE_FATAL) {
    *err = "the archive " + file.string() + " is damaged: " + archive_error_string(a.get());
    return false;
  }
  return true;
}

// The content of an entry, if it can be read and is not larger than `cap`.
std::optional<std::string> Content(const Entry& e, size_t cap) {
  if (e.kind != Entry::Kind::kFile || e.size > cap) return std::nullopt;
  if (e.content) return e.content;
  std::ifstream in(e.disk, std::ios::binary);
  if (!in) return std::nullopt;
  std::string data(cap + 1, '\0');
  in.read(data.data(), std::streamsize(data.size()));
  data.resize(size_t(in.gcount()));
  if (data.size() > cap) return std::nullopt;
  return data;
}

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
  std::error_code ec;
  const fs::file_status st = fs::status(submission, ec);
  if (ec || !fs::exists(st)) {
    *err = "the submission " + submission.string() + " does not exist";
    out->unreadable = true;
    return false;
  }
  std::vector<Entry> entries;
  out->unreadable = true;  // until it has been read: the failures below are the submission's
  if (fs::is_directory(st)) {
    out->layout = "folder";
    std::vector<fs::path> skip;
    for (const fs::path& p : {kit.root(), kit.StateDir()})
      if (fs::exists(p, ec) && !fs::equivalent(p, submission, ec)) skip.push_back(p);
    if (!ListFolder(submission, limits, skip, &entries, &out->ignored, err)) return false;
  } else if (IsArchive(submission)) {
    out->layout = "archive";
    if (!ListArchive(submission, limits, &entries, &out->ignored, err)) return false;
  } else {
    *err = "the submission " + submission.string() +
           " is neither a folder nor an archive threadlings reads (.zip, .tar, .tar.gz, .tgz, .tar.xz, .tar.bz2)";
    return false;
  }

  out->unreadable = false;

  // Where the kit's layout starts: at the top, or inside a single top folder ("repo-main/").
  std::string prefix;
  bool kit_layout = false;
  std::set<std::string> tops;
  for (const auto& e : entries) {
    if (e.path.rfind("exercises/", 0) == 0) kit_layout = true;
    tops.insert(e.path.substr(0, e.path.find('/')));
  }
  if (!kit_layout && tops.size() == 1 && !entries.empty() && entries.front().path.find('/') != std::string::npos) {
    const std::string top = *tops.begin() + "/";
    for (const auto& e : entries)
      if (e.path.rfind(top + "exercises/", 0) == 0) kit_layout = true;
    prefix = top;  // also for a flat upload inside one folder
  }
  const bool flat = !kit_layout && exercises.size() == 1;
  if (flat) out->flat_prefix = prefix.empty() ? "./" : prefix;
  if (!kit_layout && !flat) prefix.clear();
  if (!kit_layout) out->layout += flat ? ", the edited files at the top" : ", no exercises/ folder";
  if (kit_layout && !prefix.empty()) out->layout += ", inside " + prefix.substr(0, prefix.size() - 1);

  // What each exercise wants: submission path -> (exercise, file).
  std::map<std::string, std::pair<const Exercise*, std::string>> wanted;
  for (const Exercise* e : exercises)
    for (const auto& f : e->manifest.edit)
      wanted[prefix + (flat ? f : "exercises/" + e->dir_name + "/" + f)] = {e, f};
  // The files to edit of the exercises not graded in this run (--exercises, --shard): the
  // learner's work, graded in another run; neither taken nor listed as ignored.
  std::set<std::string> graded_elsewhere;
  if (!flat)
    for (const auto& e : kit.exercises())
      for (const auto& f : e.manifest.edit)
        if (!wanted.count(prefix + "exercises/" + e.dir_name + "/" + f))
          graded_elsewhere.insert(prefix + "exercises/" + e.dir_name + "/" + f);

  fs::remove_all(stage_dir, ec);
  fs::create_directories(stage_dir / "exercises", ec);
  if (ec) {
    *err = "cannot create the staging folder " + stage_dir.string() + ": " + ec.message();
    return false;
  }
  std::set<std::string> done;
  std::vector<std::string> ignored;
  for (const auto& e : entries) {
    const auto want = wanted.find(e.path);
    if (want != wanted.end()) {
      const auto& [exercise, file] = want->second;
      const std::string shown = "exercises/" + exercise->dir_name + "/" + file;
      auto& missing = out->missing[exercise->dir_name];
      done.insert(e.path);
      if (e.kind == Entry::Kind::kSymlink) {
        missing.push_back(shown + ": a symbolic link; only regular files are taken");
        continue;
      }
      if (e.kind != Entry::Kind::kFile) {
        missing.push_back(shown + ": not a regular file");
        continue;
      }
      const auto content = Content(e, limits.max_file_bytes);
      if (!content) {
        missing.push_back(shown + ": larger than " + FormatBytes(limits.max_file_bytes) + " or unreadable; not taken");
        continue;
      }
      const fs::path to = out->ExerciseDir(*exercise) / file;
      fs::create_directories(to.parent_path(), ec);
      std::ofstream o(to, std::ios::binary | std::ios::trunc);
      o << *content;
      if (!o.flush()) {
        *err = "cannot write the staged file " + to.string();
        return false;
      }
      out->taken[exercise->dir_name].push_back(shown);
      continue;
    }
    if (graded_elsewhere.count(e.path)) continue;
    // Not wanted: does it differ from the kit?
    if (e.path.rfind(prefix, 0) != 0) {
      ignored.push_back(e.path + " (outside the kit's folders; has no effect)");
      continue;
    }
    const std::string rel = e.path.substr(prefix.size());
    if (e.kind == Entry::Kind::kSymlink) {
      ignored.push_back(rel + " (a symbolic link; not followed)");
      continue;
    }
    if (e.kind == Entry::Kind::kOther) {
      ignored.push_back(rel + " (not a regular file)");
      continue;
    }
    const fs::path in_kit = kit.root() / rel;
    const bool kit_has = fs::is_regular_file(fs::symlink_status(in_kit, ec));
    if (kit_has && fs::file_size(in_kit, ec) == e.size) {
      std::string kit_text;
      const auto content = Content(e, limits.max_file_bytes);
      if (content && ReadFile(in_kit, &kit_text) && kit_text == *content) continue;  // unchanged
    }
    ignored.push_back(WhyIgnored(rel, kit_has));
  }
  for (const auto& [path, what] : wanted) {
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
  return true;
}

}  // namespace threadlings
