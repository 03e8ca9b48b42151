#include "kit.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <cctype>
#include <sstream>

#include "suggest.h"

#ifndef THREADLINGS_SOURCE_DIR
#define THREADLINGS_SOURCE_DIR ""
#endif

namespace threadlings {

bool ReadFile(const fs::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  *out = s.str();
  return true;
}

bool WriteFileAtomic(const fs::path& path, const std::string& content, std::string* err) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  const fs::path tmp = path.string() + ".tmp." + std::to_string(getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    *err = "cannot write '" + tmp.string() + "': " + std::strerror(errno);
    return false;
  }
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      *err = "cannot write '" + tmp.string() + "': " + std::strerror(errno);
      ::close(fd);
      fs::remove(tmp, ec);
      return false;
    }
    done += size_t(n);
  }
  ::fsync(fd);
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    *err = "cannot replace '" + path.string() + "': " + std::strerror(errno);
    fs::remove(tmp, ec);
    return false;
  }
  const int dir = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return true;
}

int FindTodoLine(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n)
    if (line.find("TODO:") != std::string::npos) return n;
  return 0;
}

std::string DisplayPath(const fs::path& path) {
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  if (ec) return path.string();
  const fs::path rel = path.lexically_relative(cwd);
  if (rel.empty() || *rel.begin() == "..") return path.string();
  return rel.string();
}

fs::path LocateKit(const std::string& flag) {
  if (!flag.empty()) return fs::absolute(flag);
  if (const char* env = std::getenv("THREADLINGS_KIT"); env && *env) return fs::absolute(env);
  std::error_code ec;
  for (fs::path dir = fs::current_path(ec); !ec && !dir.empty(); dir = dir.parent_path()) {
    if (fs::is_directory(dir / "exercises") && fs::is_directory(dir / "support" / "threadlings"))
      return dir;
    if (dir == dir.parent_path()) break;
  }
  return THREADLINGS_SOURCE_DIR;
}

// "NN_name": two digits, an underscore, then [a-z0-9_]+.
static bool IsExerciseFolderName(const std::string& s) {
  if (s.size() < 4 || !std::isdigit(static_cast<unsigned char>(s[0])) ||
      !std::isdigit(static_cast<unsigned char>(s[1])) || s[2] != '_')
    return false;
  return std::all_of(s.begin() + 3, s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool Kit::Open(const fs::path& root, std::string* err, bool with_exercises) {
  root_ = fs::weakly_canonical(root);
  if (!fs::is_directory(root_ / "exercises")) {
    *err = "no kit at '" + root_.string() +
           "' (it has no exercises/ folder); run threadlings inside the kit, or pass --kit DIR";
    return false;
  }
  const char* home = std::getenv("THREADLINGS_HOME");
  state_dir_ = home && *home ? fs::path(home) : root_ / ".threadlings";
  exercises_.clear();
  if (!with_exercises) return true;
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(root_ / "exercises"))
    if (entry.is_directory() && IsExerciseFolderName(entry.path().filename().string()))
      dirs.push_back(entry.path());
  std::sort(dirs.begin(), dirs.end());
  exercises_.clear();
  for (const auto& d : dirs) {
    Exercise e;
    e.dir = d;
    e.dir_name = d.filename().string();
    const fs::path manifest = d / "exercise.yaml";
    const std::string shown = (fs::path("exercises") / e.dir_name / "exercise.yaml").string();
    std::string text;
    if (!ReadFile(manifest, &text)) {
      e.load_error = shown + ": error: missing manifest (every exercise folder needs one)";
      e.manifest.name = e.dir_name.substr(3);
    } else if (!ParseManifest(shown, text, &e.manifest, &e.load_error)) {
      e.manifest = Manifest{};
      e.manifest.name = e.dir_name.substr(3);
    } else if (e.manifest.name != e.dir_name.substr(3)) {
      e.load_error = shown + ": error: name '" + e.manifest.name +
                     "' does not match the folder name '" + e.dir_name +
                     "' (expected 'name: " + e.dir_name.substr(3) + "')";
    }
    exercises_.push_back(std::move(e));
  }
  if (exercises_.empty()) {
    *err = "the kit at '" + root_.string() + "' has no exercises (folders exercises/NN_name)";
    return false;
  }
  return true;
}

const Exercise* Kit::Find(const std::string& name, std::string* err) const {
  for (const auto& e : exercises_)
    if (e.name() == name || e.dir_name == name) return &e;
  // The number alone, as the list shows it: "7" or "07".
  if (!name.empty() && name.size() <= 3 &&
      name.find_first_not_of("0123456789") == std::string::npos) {
    const int n = std::stoi(name);
    for (const auto& e : exercises_) {
      const auto us = e.dir_name.find('_');
      if (us != std::string::npos && us > 0 &&
          e.dir_name.find_first_not_of("0123456789") == us && std::stoi(e.dir_name.substr(0, us)) == n)
        return &e;
    }
  }
  // Also accept a path such as exercises/01_race_hit_counter/ or its file.
  for (const auto& e : exercises_)
    if (name.find(e.dir_name) != std::string::npos) return &e;
  *err = "unknown exercise '" + name + "'" + DidYouMean(name, Names()) +
         "; 'threadlings list' shows them all";
  return nullptr;
}

bool Kit::FindAll(const std::vector<std::string>& names, std::vector<const Exercise*>* out,
                  std::string* err) const {
  for (const auto& name : names) {
    const Exercise* e = Find(name, err);
    if (!e) return false;
    out->push_back(e);
  }
  return true;
}

std::vector<std::string> Kit::Names() const {
  std::vector<std::string> names;
  for (const auto& e : exercises_) names.push_back(e.name());
  return names;
}

}  // namespace threadlings
