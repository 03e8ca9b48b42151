#include "state.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace threadlings {
namespace {

fs::path TempDir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() /
                       ("threadlings_state_test_" + name + "_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(Progress, RoundTrips) {
  Progress p;
  p.exercises["a"] = {"passed", "pass", "0123", 2};
  Progress back;
  std::string err;
  ASSERT_TRUE(ProgressFromJson(ProgressToJson(p), &back, &err)) << err;
  EXPECT_EQ(back.exercises["a"].status, "passed");
  EXPECT_EQ(back.exercises["a"].fingerprint, "0123");
  EXPECT_EQ(back.exercises["a"].hints_shown, 2);
}

TEST(Progress, MissingFileIsAFreshStart) {
  ProgressStore store(TempDir("missing"));
  Progress p;
  std::string err;
  EXPECT_TRUE(store.Load(&p, &err));
  EXPECT_TRUE(p.exercises.empty());
}

TEST(Progress, UpdatePersists) {
  const fs::path dir = TempDir("update");
  ProgressStore store(dir);
  std::string err;
  ASSERT_TRUE(store.Update([](Progress& p) { p.exercises["x"].status = "failing"; }, &err)) << err;
  ASSERT_TRUE(store.Update([](Progress& p) { p.exercises["y"].status = "passed"; }, &err)) << err;
  Progress p;
  ASSERT_TRUE(ProgressStore(dir).Load(&p, &err));
  EXPECT_EQ(p.exercises["x"].status, "failing");
  EXPECT_EQ(p.exercises["y"].status, "passed");
  // No temporary files are left behind.
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir)) files += e.path().filename() != "progress.lock";
  EXPECT_EQ(files, 1);
}

TEST(Progress, CorruptFileIsReportedAndKept) {
  const fs::path dir = TempDir("corrupt");
  std::string err;
  ASSERT_TRUE(WriteFileAtomic(dir / "progress.json", "{\"format\": 1, \"exer", &err));
  ProgressStore store(dir);
  Progress p;
  EXPECT_FALSE(store.Load(&p, &err));
  EXPECT_NE(err.find("is damaged (it is not valid JSON)"), std::string::npos) << err;
  EXPECT_NE(err.find("It is left as it is, and your exercise files are not affected"), std::string::npos) << err;
  EXPECT_NE(err.find("To rebuild it, move it aside (mv "), std::string::npos) << err;
  EXPECT_NE(err.find(" verify --all' records again every exercise that passes"), std::string::npos) << err;
  // Updating does not silently replace it either.
  EXPECT_FALSE(store.Update([](Progress& p) { p.exercises["x"].status = "passed"; }, &err));
  std::string text;
  ASSERT_TRUE(ReadFile(dir / "progress.json", &text));
  EXPECT_EQ(text, "{\"format\": 1, \"exer");
}

TEST(Progress, WrongTypeIsReported) {
  Progress p;
  std::string err;
  EXPECT_FALSE(ProgressFromJson(R"({"format":1,"exercises":{"a":{"hints_shown":"many"}}})", &p, &err));
  EXPECT_EQ(err.rfind("a field has the wrong type", 0), 0u) << err;
}

TEST(Progress, NewerFormatIsReported) {
  Progress p;
  std::string err;
  EXPECT_FALSE(ProgressFromJson(R"({"format":9})", &p, &err));
  EXPECT_EQ(err, "it has format 9, this threadlings reads 1");
}

}  // namespace
}  // namespace threadlings
