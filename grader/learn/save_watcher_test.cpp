#include "save_watcher.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace threadlings {
namespace {

class SaveWatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("save_watcher_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Write("edited.h");
    ASSERT_TRUE(watcher_.ok());
    watcher_.Watch(dir_, {"edited.h"});
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name) { std::ofstream(dir_ / name) << "int x;\n"; }

  fs::path dir_;
  SaveWatcher watcher_;
};

TEST_F(SaveWatcherTest, NothingHappenedNothingReported) { EXPECT_FALSE(watcher_.Drain()); }

TEST_F(SaveWatcherTest, AWriteInPlaceIsASave) {
  Write("edited.h");
  EXPECT_TRUE(watcher_.Drain());
  EXPECT_FALSE(watcher_.Drain());  // read once
}

TEST_F(SaveWatcherTest, ANewFileRenamedOverTheOldOneIsASave) {
  Write(".edited.h.swp");
  EXPECT_FALSE(watcher_.Drain());
  fs::rename(dir_ / ".edited.h.swp", dir_ / "edited.h");
  EXPECT_TRUE(watcher_.Drain());
}

TEST_F(SaveWatcherTest, OtherFilesInTheFolderAreNoSave) {
  Write("notes.txt");
  EXPECT_FALSE(watcher_.Drain());
}

TEST_F(SaveWatcherTest, WatchingAnotherSetForgetsTheFirst) {
  watcher_.Watch(dir_, {"other.h"});
  Write("edited.h");
  EXPECT_FALSE(watcher_.Drain());
  Write("other.h");
  EXPECT_TRUE(watcher_.Drain());
}

TEST_F(SaveWatcherTest, DebounceReturnsOnceTheFilesAreQuiet) {
  Write("edited.h");
  ASSERT_TRUE(watcher_.Drain());
  Write("edited.h");
  watcher_.Debounce(std::chrono::milliseconds(20));
  EXPECT_FALSE(watcher_.Drain());  // the second write was taken by the debounce
}

}  // namespace
}  // namespace threadlings
