#include "state.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#ifndef THREADLINGS_VERSION
#define THREADLINGS_VERSION "dev"
#endif

namespace threadlings {
namespace {

constexpr int kProgressFormat = 1;

class FileLock {
 public:
  explicit FileLock(const fs::path& path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  }
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

struct Fnv {
  uint64_t h = 1469598103934665603ULL;
  void Add(const std::string& s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    h ^= 0xff;  // separator, so ("ab","c") differs from ("a","bc")
    h *= 1099511628211ULL;
  }
};

}  // namespace

std::string ProgressToJson(const Progress& p) {
  nlohmann::json j;
  j["format"] = kProgressFormat;
  j["exercises"] = nlohmann::json::object();
  if (!p.current.empty()) j["current"] = p.current;
  for (const auto& [name, e] : p.exercises) {
    j["exercises"][name] = {{"status", e.status},
                            {"verdict", e.verdict},
                            {"fingerprint", e.fingerprint},
                            {"hints_shown", e.hints_shown}};
    const FailedAttempt& f = e.last_failure;
    if (!f.verdict.empty())
      j["exercises"][name]["last_failure"] = {
          {"fingerprint", f.fingerprint}, {"verdict", f.verdict}, {"where", f.where}, {"summary", f.summary}};
  }
  return j.dump(2) + "\n";
}

bool ProgressFromJson(const std::string& text, Progress* out, std::string* err) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    *err = "it is not valid JSON";
    return false;
  }
  if (j.value("format", 0) != kProgressFormat) {
    *err = "it has format " + std::to_string(j.value("format", 0)) + ", this threadlings reads " +
           std::to_string(kProgressFormat);
    return false;
  }
  try {
    Progress p;
    p.current = j.value("current", "");
    const nlohmann::json exercises = j.value("exercises", nlohmann::json::object());
    for (const auto& [name, e] : exercises.items()) {
      ExerciseProgress ep;
      ep.status = e.value("status", "");
      ep.verdict = e.value("verdict", "");
      ep.fingerprint = e.value("fingerprint", "");
      ep.hints_shown = e.value("hints_shown", 0);
      const nlohmann::json f = e.value("last_failure", nlohmann::json::object());
      ep.last_failure = {f.value("fingerprint", ""), f.value("verdict", ""), f.value("where", ""),
                         f.value("summary", "")};
      p.exercises[name] = ep;
    }
    *out = std::move(p);
  } catch (const nlohmann::json::exception& e) {
    *err = std::string("a field has the wrong type (") + e.what() + ")";
    return false;
  }
  return true;
}

bool ProgressStore::Load(Progress* out, std::string* err) const {
  std::error_code ec;
  if (!fs::exists(path(), ec)) {
    *out = Progress{};
    return true;
  }
  std::string text, why;
  if (!ReadFile(path(), &text)) {
    *err = "cannot read the progress file '" + DisplayPath(path()) +
           "': check its permissions (your exercise files are not affected)";
    return false;
  }
  if (!ProgressFromJson(text, out, &why)) {
    const std::string shown = DisplayPath(path());
    *err = "the progress file '" + shown + "' is damaged (" + why +
           "). It is left as it is, and your exercise files are not affected. To rebuild it, move "
           "it aside (mv " + shown + " " + shown + ".bad), then '" + program_ +
           " verify --all' records again every exercise that passes; the hints seen and the "
           "exercise you were on start afresh";
    return false;
  }
  return true;
}

bool ProgressStore::Update(const std::function<void(Progress&)>& change, std::string* err) const {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  FileLock lock(dir_ / "progress.lock");
  if (!lock.ok()) {
    *err = "cannot lock '" + DisplayPath(dir_ / "progress.lock") + "': " + std::strerror(errno);
    return false;
  }
  Progress p;
  if (!Load(&p, err)) return false;
  change(p);
  return WriteFileAtomic(path(), ProgressToJson(p), err);
}

std::string Fingerprint(const Kit& kit, const Exercise& e, const std::string& toolchain_version) {
  Fnv f;
  f.Add(THREADLINGS_VERSION);
  f.Add(toolchain_version);
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(e.dir, ec)) {
    if (!entry.is_regular_file()) continue;
    if (entry.path().string().find("/.pristine/") != std::string::npos) continue;
    files.push_back(entry.path());
  }
  for (const auto& entry : fs::recursive_directory_iterator(kit.SupportDir(), ec))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::string text;
    ReadFile(file, &text);
    f.Add(file.string());
    f.Add(text);
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(f.h));
  return buf;
}

}  // namespace threadlings
