#include "submission_entries.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <fstream>
#include <memory>

namespace threadlings {
namespace {

// Folders of a checkout that are never part of a submission: version control, threadlings'
// own state and build folders.
bool SkippedFolder(const std::string& name) {
  return name == ".git" || name == ".threadlings" || name == "build" || name == ".cache" ||
         name == "node_modules";
}

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

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};

// The content of a regular file's entry, read when it is within the limits (`total`: bytes
// read so far); false when the archive is damaged there.
bool ReadArchiveFile(archive* a, archive_entry* entry, const SubmissionLimits& limits, size_t* total,
                     SubmissionEntry* e) {
  e->size = archive_entry_size_is_set(entry) ? uint64_t(archive_entry_size(entry)) : 0;
  if (e->size > limits.max_file_bytes || *total + e->size > limits.max_total_bytes) return true;
  std::string data;
  char buf[64 * 1024];
  la_ssize_t n;
  while ((n = archive_read_data(a, buf, sizeof buf)) > 0 && data.size() <= limits.max_file_bytes)
    data.append(buf, size_t(n));
  if (n < 0) return false;
  *total += data.size();
  e->size = data.size();
  e->content = std::move(data);
  return true;
}

// True when going past this member (reading or skipping it) would decompress more than
// limits.max_stream_bytes in all. Only a compressed archive costs that: an uncompressed tar
// or a zip skips a member by seeking.
bool PastStreamLimit(archive* a, archive_entry* entry, const SubmissionLimits& limits) {
  if (archive_filter_count(a) <= 1) return false;
  const la_int64_t size = archive_entry_size_is_set(entry) ? archive_entry_size(entry) : 0;
  const auto position = static_cast<uint64_t>(std::max<la_int64_t>(0, archive_filter_bytes(a, 0)));
  return position + static_cast<uint64_t>(std::max<la_int64_t>(0, size)) > limits.max_stream_bytes;
}

}  // namespace

bool ListFolder(const fs::path& root, const SubmissionLimits& limits, const std::vector<fs::path>& skip,
                std::vector<SubmissionEntry>* out, std::vector<std::string>* ignored, std::string* err) {
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
    SubmissionEntry e;
    e.path = rel;
    e.disk = p;
    if (fs::is_symlink(st)) {
      e.kind = SubmissionEntry::Kind::kSymlink;
    } else if (fs::is_regular_file(st)) {
      e.size = fs::file_size(p, ec);
    } else {
      e.kind = SubmissionEntry::Kind::kOther;
    }
    out->push_back(std::move(e));
  }
  return true;
}

bool ListArchive(const fs::path& file, const SubmissionLimits& limits, std::vector<SubmissionEntry>* out,
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
    if (PastStreamLimit(a.get(), entry, limits)) {
      ignored->push_back(raw + " (it declares " + std::to_string(archive_entry_size(entry)) +
                         " bytes, past what is decompressed of an archive; it and the rest were not looked at)");
      break;
    }
    const auto path = NormalisePath(raw);
    if (!path) {
      ignored->push_back(raw + " (unsafe path in the archive; not read)");
      continue;
    }
    if (HasSkippedFolder(*path + "/") && archive_entry_filetype(entry) != AE_IFDIR) continue;
    SubmissionEntry e;
    e.path = *path;
    const auto type = archive_entry_filetype(entry);
    if (type == AE_IFDIR) continue;
    if (type == AE_IFLNK || archive_entry_hardlink(entry) != nullptr) {
      e.kind = SubmissionEntry::Kind::kSymlink;
    } else if (type != AE_IFREG) {
      e.kind = SubmissionEntry::Kind::kOther;
    } else if (!ReadArchiveFile(a.get(), entry, limits, &total, &e)) {
      *err = "the archive " + file.string() + " is damaged at " + raw + ": " + archive_error_string(a.get());
      return false;
    }
    out->push_back(std::move(e));
  }
  if (rc == ARCHIVE_FATAL) {
    *err = "the archive " + file.string() + " is damaged: " + archive_error_string(a.get());
    return false;
  }
  return true;
}

std::optional<std::string> Content(const SubmissionEntry& e, size_t cap) {
  if (e.kind != SubmissionEntry::Kind::kFile || e.size > cap) return std::nullopt;
  if (e.content) return e.content;
  std::ifstream in(e.disk, std::ios::binary);
  if (!in) return std::nullopt;
  std::string data(cap + 1, '\0');
  in.read(data.data(), std::streamsize(data.size()));
  data.resize(size_t(in.gcount()));
  if (data.size() > cap) return std::nullopt;
  return data;
}

}  // namespace threadlings
