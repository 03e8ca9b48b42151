// Saves of the files the learner edits, seen with inotify on their folder (so editors that
// save by renaming a new file over the old one are seen too).
#pragma once

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "kit.h"

namespace threadlings {

/// Reports saves of a set of files in one folder.
class SaveWatcher {
 public:
  SaveWatcher();
  ~SaveWatcher();
  SaveWatcher(const SaveWatcher&) = delete;
  SaveWatcher& operator=(const SaveWatcher&) = delete;

  /// False when inotify could not be set up (errno says why).
  bool ok() const { return fd_ >= 0; }
  /// The descriptor to poll for events.
  int fd() const { return fd_; }

  /// Watches `files` in `dir` instead of what was watched before.
  void Watch(const fs::path& dir, const std::vector<std::string>& files);

  /// Reads pending events; true when one concerns a watched file.
  bool Drain();

  /// After a first event: waits until the files have been quiet for `quiet`, so that an
  /// editor's burst of writes (or a formatter run on save) gives one verification.
  void Debounce(std::chrono::milliseconds quiet);

 private:
  int fd_ = -1;
  int wd_ = -1;
  std::set<std::string> names_;
};

}  // namespace threadlings
