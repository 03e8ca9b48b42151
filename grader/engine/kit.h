// The kit: its root folder and its exercises, in learning order.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "manifest.h"

namespace threadlings {

namespace fs = std::filesystem;

/// One exercise folder and its manifest.
struct Exercise {
  std::string dir_name;   ///< "01_race_hit_counter"
  fs::path dir;           ///< absolute path of exercises/<dir_name>
  Manifest manifest;
  std::string load_error;  ///< set when the manifest is broken (then `manifest` is empty)

  const std::string& name() const { return manifest.name; }
  /// Absolute path of an edited file in the learner's working copy.
  fs::path EditPath(const std::string& file) const { return dir / file; }
  /// The shipped (broken) copy: exercises/<dir>/.pristine/<file>.
  fs::path PristinePath(const std::string& file) const { return dir / ".pristine" / file; }
};

/// The kit folder: exercises/, solutions/, tests/mutants/, support/.
class Kit {
 public:
  /// Opens the kit at `root`; false with a message if it does not look like a kit.
  /// With `with_exercises` false only the folders are checked and no manifest is read
  /// (exercises() is then empty): enough for the quiz commands.
  bool Open(const fs::path& root, std::string* err, bool with_exercises = true);

  const fs::path& root() const { return root_; }
  const std::vector<Exercise>& exercises() const { return exercises_; }

  /// The exercise called `name` (its manifest name, or its folder name); nullptr and a
  /// message with a suggestion if there is none.
  const Exercise* Find(const std::string& name, std::string* err) const;

  /// Finds each of `names` (see Find); false with the first unknown name's message.
  bool FindAll(const std::vector<std::string>& names, std::vector<const Exercise*>* out,
               std::string* err) const;

  /// Every exercise name, for suggestions.
  std::vector<std::string> Names() const;

  fs::path SolutionDir(const Exercise& e) const { return root_ / "solutions" / e.dir_name; }
  fs::path MutantDir(const Exercise& e, const std::string& mutant) const {
    return root_ / "tests" / "mutants" / e.dir_name / mutant;
  }
  fs::path SupportDir() const { return root_ / "support"; }
  /// Where threadlings keeps its state and builds: <root>/.threadlings (or $THREADLINGS_HOME).
  fs::path StateDir() const { return state_dir_; }

 private:
  fs::path root_;
  fs::path state_dir_;
  std::vector<Exercise> exercises_;
};

/// Finds the kit root: `flag` if given, else $THREADLINGS_KIT, else the nearest folder at or
/// above the working directory holding exercises/ and support/threadlings/, else the kit
/// this binary was built from.
fs::path LocateKit(const std::string& flag);

/// Reads a whole file; false if it cannot be read.
bool ReadFile(const fs::path& path, std::string* out);

/// Writes a file atomically (temporary file, fsync, rename); false with a message on failure.
bool WriteFileAtomic(const fs::path& path, const std::string& content, std::string* err);

/// The first line holding "TODO:" in a file (1-based), or 0.
int FindTodoLine(const fs::path& file);

/// `path` relative to the working directory when it lies below it, else as it is.
std::string DisplayPath(const fs::path& path);

}  // namespace threadlings
