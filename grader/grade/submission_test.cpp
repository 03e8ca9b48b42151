// Staging a submission: only the edited files are taken, from folders and archives alike;
// everything else that differs from the kit is listed; links and unsafe paths are never followed.
#include "submission.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>

namespace threadlings {
namespace {

void Write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

std::string Read(const fs::path& p) {
  std::string text;
  ReadFile(p, &text);
  return text;
}

bool Contains(const std::vector<std::string>& v, const std::string& needle) {
  for (const auto& s : v)
    if (s.find(needle) != std::string::npos) return true;
  return false;
}

// A two-exercise kit: "alpha" edits a.h, "beta" edits b.h and c.h.
class SubmissionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(THREADLINGS_E2E_WORK_DIR) / ("submission-" + std::to_string(getpid()));
    fs::remove_all(root_);
    kit_dir_ = root_ / "kit";
    MakeExercise("01_alpha", "alpha", {"a.h"});
    MakeExercise("02_beta", "beta", {"b.h", "c.h"});
    Write(kit_dir_ / "support" / "threadlings" / "check.h", "// harness\n");
    Write(kit_dir_ / "CMakeLists.txt", "# kit build\n");
    std::string err;
    ASSERT_TRUE(kit_.Open(kit_dir_, &err)) << err;
    for (const auto& e : kit_.exercises()) {
      ASSERT_TRUE(e.load_error.empty()) << e.load_error;
      all_.push_back(&e);
    }
  }
  void TearDown() override { fs::remove_all(root_); }

  void MakeExercise(const std::string& dir, const std::string& name, const std::vector<std::string>& edit) {
    const fs::path d = kit_dir_ / "exercises" / dir;
    std::string list;
    for (const auto& f : edit) {
      list += (list.empty() ? "" : ", ") + f;
      Write(d / f, "// TODO: fix " + f + "\n");
    }
    Write(d / "check.cpp", "// check of " + name + "\n");
    Write(d / "exercise.yaml", "format: 1\nname: " + name + "\ntitle: \"" + name + "\"\ntopics: [mutex]\n"
                               "difficulty: 1\npoints: 5\nedit: [" + list + "]\nverdict: data-race\n"
                               "fixed: \"fixed\"\nhints: [\"a nudge\", \"a question\", \"nearly the answer: https://en.cppreference.com/w/cpp/thread/mutex\"]\nchecks:\n  - test: T.t\n");
  }

  // A student's checkout: a copy of the kit with the given files changed.
  fs::path Checkout(const std::string& name) {
    const fs::path s = root_ / name;
    fs::copy(kit_dir_, s, fs::copy_options::recursive);
    return s;
  }

  StagedSubmission Stage(const fs::path& submission, std::vector<const Exercise*> which = {}) {
    if (which.empty()) which = all_;
    StagedSubmission staged;
    std::string err;
    EXPECT_TRUE(StageSubmission(kit_, submission, which, root_ / "stage", SubmissionLimits{}, &staged, &err)) << err;
    return staged;
  }

  fs::path root_, kit_dir_;
  Kit kit_;
  std::vector<const Exercise*> all_;
};

TEST_F(SubmissionTest, TakesOnlyEditedFilesAndListsTheRest) {
  const fs::path s = Checkout("student");
  Write(s / "exercises/01_alpha/a.h", "// fixed a\n");
  Write(s / "exercises/02_beta/b.h", "// fixed b\n");
  Write(s / "exercises/02_beta/check.cpp", "TEST(T, t) {}  // always passes\n");
  Write(s / "exercises/02_beta/exercise.yaml", "points: 1000\n");
  Write(s / "exercises/02_beta/extra.h", "// new\n");
  Write(s / "CMakeLists.txt", "# hacked\n");
  Write(s / "support/threadlings/check.h", "// hacked harness\n");
  Write(s / ".git/config", "[core]\n");  // version control is not part of the submission
  Write(s / "build/gcc/CMakeCache.txt", "x\n");
  const StagedSubmission st = Stage(s);
  EXPECT_EQ(Read(st.root / "exercises/01_alpha/a.h"), "// fixed a\n");
  EXPECT_EQ(Read(st.root / "exercises/02_beta/b.h"), "// fixed b\n");
  EXPECT_EQ(Read(st.root / "exercises/02_beta/c.h"), "// TODO: fix c.h\n");  // unchanged, still taken
  EXPECT_FALSE(fs::exists(st.root / "exercises/02_beta/check.cpp"));
  EXPECT_FALSE(fs::exists(st.root / "exercises/02_beta/extra.h"));
  EXPECT_TRUE(st.missing.empty());
  ASSERT_EQ(st.taken.at("02_beta").size(), 2u);
  EXPECT_TRUE(Contains(st.ignored, "exercises/02_beta/check.cpp (changed; checks come from the kit)"));
  EXPECT_TRUE(Contains(st.ignored, "exercises/02_beta/exercise.yaml (changed; manifests come from the kit)"));
  EXPECT_TRUE(Contains(st.ignored, "exercises/02_beta/extra.h (not in the kit; has no effect)"));
  EXPECT_TRUE(Contains(st.ignored, "CMakeLists.txt (changed; build files come from the kit)"));
  EXPECT_TRUE(Contains(st.ignored, "support/threadlings/check.h (changed; the check harness comes from the kit)"));
  EXPECT_FALSE(Contains(st.ignored, ".git"));
  EXPECT_FALSE(Contains(st.ignored, "build/"));
  EXPECT_FALSE(Contains(st.ignored, "exercises/01_alpha/check.cpp"));  // unchanged files are not listed
}

TEST_F(SubmissionTest, MissingAndSymlinkedFilesAreTheExercisesFailure) {
  const fs::path s = Checkout("student");
  fs::remove(s / "exercises/01_alpha/a.h");
  fs::remove(s / "exercises/02_beta/b.h");
  Write(root_ / "secret.txt", "outside\n");
  fs::create_symlink(root_ / "secret.txt", s / "exercises/02_beta/b.h");
  fs::create_symlink("/etc", s / "exercises/02_beta/etc");
  const StagedSubmission st = Stage(s);
  ASSERT_EQ(st.missing.count("01_alpha"), 1u);
  EXPECT_EQ(st.missing.at("01_alpha").front(), "exercises/01_alpha/a.h: not in the submission");
  ASSERT_EQ(st.missing.count("02_beta"), 1u);
  EXPECT_EQ(st.missing.at("02_beta").front(), "exercises/02_beta/b.h: a symbolic link; only regular files are taken");
  EXPECT_FALSE(fs::exists(st.root / "exercises/02_beta/b.h"));
  EXPECT_TRUE(Contains(st.ignored, "exercises/02_beta/etc (a symbolic link; not followed)"));
}

TEST_F(SubmissionTest, TooLargeFileIsNotTaken) {
  const fs::path s = Checkout("student");
  Write(s / "exercises/01_alpha/a.h", std::string((1 << 20) + 1, 'x'));
  const StagedSubmission st = Stage(s);
  ASSERT_EQ(st.missing.count("01_alpha"), 1u);
  EXPECT_NE(st.missing.at("01_alpha").front().find("larger than 1 MiB"), std::string::npos);
}

TEST_F(SubmissionTest, FlatUploadForOneExercise) {
  const fs::path s = root_ / "upload";
  Write(s / "a.h", "// flat a\n");
  Write(s / "notes.txt", "hello\n");
  const StagedSubmission st = Stage(s, {all_[0]});
  EXPECT_TRUE(st.missing.empty());
  EXPECT_EQ(Read(st.root / "exercises/01_alpha/a.h"), "// flat a\n");
  EXPECT_TRUE(Contains(st.ignored, "notes.txt (not in the kit; has no effect)"));
  EXPECT_NE(st.layout.find("at the top"), std::string::npos) << st.layout;
  EXPECT_EQ(st.flat_prefix, "./");  // reports point at the file where it sits
}

// `grade --kit .grader .`: the grading kit (and its state) inside the student's checkout is
// neither taken nor listed as ignored.
TEST_F(SubmissionTest, TheGradingKitInsideTheSubmissionIsNotLookedAt) {
  const fs::path s = Checkout("student");
  Write(s / "exercises/01_alpha/a.h", "// fixed a\n");
  fs::copy(kit_dir_, s / ".grader", fs::copy_options::recursive);
  Write(s / ".grader/exercises/01_alpha/check.cpp", "// the instructor's newer check\n");
  Kit inner;
  std::string err;
  ASSERT_TRUE(inner.Open(s / ".grader", &err)) << err;
  std::vector<const Exercise*> exercises;
  for (const auto& e : inner.exercises()) exercises.push_back(&e);
  StagedSubmission st;
  ASSERT_TRUE(StageSubmission(inner, s, exercises, root_ / "stage", SubmissionLimits{}, &st, &err)) << err;
  EXPECT_EQ(Read(st.root / "exercises/01_alpha/a.h"), "// fixed a\n");
  EXPECT_FALSE(Contains(st.ignored, ".grader")) << ::testing::PrintToString(st.ignored);
  // The student's unchanged check.cpp differs from the inner kit's newer one: that one is listed.
  EXPECT_TRUE(Contains(st.ignored, "exercises/01_alpha/check.cpp (changed; checks come from the kit)"));
}

TEST_F(SubmissionTest, NotASubmission) {
  Write(root_ / "plain.txt", "x\n");
  StagedSubmission st;
  std::string err;
  EXPECT_FALSE(StageSubmission(kit_, root_ / "plain.txt", all_, root_ / "stage", {}, &st, &err));
  EXPECT_NE(err.find("neither a folder nor an archive"), std::string::npos) << err;
  EXPECT_FALSE(StageSubmission(kit_, root_ / "nope", all_, root_ / "stage", {}, &st, &err));
  EXPECT_NE(err.find("does not exist"), std::string::npos) << err;
  Write(root_ / "broken.tar.gz", "this is not gzip");
  EXPECT_FALSE(StageSubmission(kit_, root_ / "broken.tar.gz", all_, root_ / "stage", {}, &st, &err));
  EXPECT_NE(err.find("broken.tar.gz"), std::string::npos) << err;
  EXPECT_TRUE(st.unreadable);
  Write(root_ / "text.tar", "garbage\nmore garbage\n");  // no archive format may take plain text
  EXPECT_FALSE(StageSubmission(kit_, root_ / "text.tar", all_, root_ / "stage", {}, &st, &err));
  EXPECT_TRUE(st.unreadable);
}

// Archives, written with libarchive: regular files, a symlink and an unsafe path.
struct ArchiveEntrySpec {
  std::string path;
  std::string content;   // a regular file
  std::string link;      // or a symlink to this
};

void WriteArchive(const fs::path& file, bool zip, const std::vector<ArchiveEntrySpec>& entries) {
  archive* a = archive_write_new();
  if (zip) {
    archive_write_set_format_zip(a);
  } else {
    archive_write_add_filter_gzip(a);
    archive_write_set_format_pax_restricted(a);
  }
  ASSERT_EQ(archive_write_open_filename(a, file.c_str()), ARCHIVE_OK);
  for (const auto& e : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.path.c_str());
    archive_entry_set_perm(entry, 0644);
    if (!e.link.empty()) {
      archive_entry_set_filetype(entry, AE_IFLNK);
      archive_entry_set_symlink(entry, e.link.c_str());
      archive_write_header(a, entry);
    } else {
      archive_entry_set_filetype(entry, AE_IFREG);
      archive_entry_set_size(entry, la_int64_t(e.content.size()));
      archive_write_header(a, entry);
      archive_write_data(a, e.content.data(), e.content.size());
    }
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
}

TEST_F(SubmissionTest, TarGzInsideATopFolder) {
  const fs::path tgz = root_ / "alice.tar.gz";
  WriteArchive(tgz, false,
               {{"repo-main/exercises/01_alpha/a.h", "// alice a\n", ""},
                {"repo-main/exercises/02_beta/b.h", "// alice b\n", ""},
                {"repo-main/exercises/02_beta/c.h", "", "/etc/passwd"},
                {"repo-main/exercises/02_beta/check.cpp", "// hacked\n", ""},
                {"repo-main/../../escape.h", "// escape\n", ""}});
  const StagedSubmission st = Stage(tgz);
  EXPECT_EQ(Read(st.root / "exercises/01_alpha/a.h"), "// alice a\n");
  EXPECT_EQ(Read(st.root / "exercises/02_beta/b.h"), "// alice b\n");
  EXPECT_FALSE(fs::exists(st.root / "exercises/02_beta/c.h"));
  ASSERT_EQ(st.missing.count("02_beta"), 1u);
  EXPECT_EQ(st.missing.at("02_beta").front(), "exercises/02_beta/c.h: a symbolic link; only regular files are taken");
  EXPECT_TRUE(Contains(st.ignored, "exercises/02_beta/check.cpp (changed; checks come from the kit)"));
  EXPECT_TRUE(Contains(st.ignored, "repo-main/../../escape.h (unsafe path in the archive; not read)"));
  EXPECT_FALSE(fs::exists(root_ / "escape.h"));
  EXPECT_FALSE(fs::exists(root_.parent_path() / "escape.h"));
  EXPECT_NE(st.layout.find("inside repo-main"), std::string::npos) << st.layout;
}

// A ustar header for a regular file `name` of `size` bytes; sizes past 8 GiB in base-256, as
// GNU tar writes them.
std::string TarHeader(const std::string& name, uint64_t size) {
  std::string h(512, '\0');
  h.replace(0, name.size(), name);
  h.replace(100, 7, "0000644");
  h.replace(108, 7, "0000000");
  h.replace(116, 7, "0000000");
  if (size < (uint64_t(1) << 33)) {
    char octal[13];
    std::snprintf(octal, sizeof octal, "%011llo", static_cast<unsigned long long>(size));
    h.replace(124, 11, octal);
  } else {
    h[124] = char(0x80);
    for (int i = 0; i < 8; ++i) h[135 - i] = char((size >> (8 * i)) & 0xFF);
  }
  h.replace(136, 11, "00000000000");
  h[156] = '0';
  h.replace(257, 6, std::string("ustar\0", 6));
  h.replace(263, 2, "00");
  h.replace(148, 8, "        ");
  unsigned sum = 0;
  for (char c : h) sum += static_cast<unsigned char>(c);
  char chk[8];
  std::snprintf(chk, sizeof chk, "%06o", sum);
  h.replace(148, 7, std::string(chk, 6) + '\0');
  return h;
}

// `data` as one bzip2 stream (libarchive's raw format writes no header of its own).
std::string Bzip2(const std::string& data) {
  archive* a = archive_write_new();
  archive_write_add_filter_bzip2(a);
  archive_write_set_format_raw(a);
  archive_write_set_bytes_in_last_block(a, 1);
  std::string out(data.size() / 8 + 64 * 1024, '\0');
  size_t used = 0;
  archive_write_open_memory(a, out.data(), out.size(), &used);
  archive_entry* entry = archive_entry_new();
  archive_entry_set_pathname(entry, "data");
  archive_entry_set_filetype(entry, AE_IFREG);
  archive_entry_set_size(entry, la_int64_t(data.size()));
  archive_write_header(a, entry);
  archive_write_data(a, data.data(), data.size());
  archive_entry_free(entry);
  archive_write_close(a);
  archive_write_free(a);
  out.resize(used);
  return out;
}

// The attack: a small .tar.bz2 whose member after the edited file declares 128 GiB, most of it
// really there as zeros (2 GiB here: bzip2 streams back to back, each 1 MiB of zeros). Skipping
// that member means decompressing it; staging stops before it instead, in well under a second.
TEST_F(SubmissionTest, AHugeMemberOfACompressedArchiveIsNotDecompressed) {
  const std::string a_h = "// alice a\n";
  std::string tar = TarHeader("exercises/01_alpha/a.h", a_h.size()) + a_h + std::string(512 - a_h.size(), '\0');
  tar += TarHeader("zeros.bin", uint64_t(128) << 30);
  std::string file = Bzip2(tar);
  const std::string mib_of_zeros = Bzip2(std::string(1 << 20, '\0'));
  for (int i = 0; i < 2048; ++i) file += mib_of_zeros;
  const fs::path bomb = root_ / "bomb.tar.bz2";
  Write(bomb, file);
  EXPECT_LT(fs::file_size(bomb), 256u * 1024) << "a small file";
  const auto start = std::chrono::steady_clock::now();
  const StagedSubmission st = Stage(bomb, {all_[0]});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 2.0) << "the skipped member was decompressed";
  EXPECT_EQ(Read(st.root / "exercises/01_alpha/a.h"), a_h);
  EXPECT_TRUE(Contains(st.ignored, "zeros.bin (it declares 137438953472 bytes")) << ::testing::PrintToString(st.ignored);
}

TEST_F(SubmissionTest, Zip) {
  const fs::path zip = root_ / "bob.zip";
  WriteArchive(zip, true, {{"exercises/01_alpha/a.h", "// bob a\n", ""}, {"/abs/path.h", "x", ""}});
  const StagedSubmission st = Stage(zip, {all_[0]});
  EXPECT_TRUE(st.missing.empty());
  EXPECT_EQ(Read(st.root / "exercises/01_alpha/a.h"), "// bob a\n");
  EXPECT_TRUE(Contains(st.ignored, "/abs/path.h (unsafe path in the archive; not read)"));
}

TEST_F(SubmissionTest, IgnoredListIsCapped) {
  const fs::path s = Checkout("student");
  for (int i = 0; i < 250; ++i) Write(s / ("junk/f" + std::to_string(i)), "x");
  const StagedSubmission st = Stage(s);
  EXPECT_EQ(st.ignored.size(), 200u);
  EXPECT_EQ(st.ignored_more, 50u);
}

TEST(IsArchive, Extensions) {
  EXPECT_TRUE(IsArchive("a.zip"));
  EXPECT_TRUE(IsArchive("dir/a.tar.gz"));
  EXPECT_TRUE(IsArchive("a.tgz"));
  EXPECT_FALSE(IsArchive("a.gz"));
  EXPECT_FALSE(IsArchive(".zip"));
  EXPECT_FALSE(IsArchive("folder"));
}

}  // namespace
}  // namespace threadlings
