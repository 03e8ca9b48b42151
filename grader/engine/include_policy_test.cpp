#include "include_policy.h"

#include <gtest/gtest.h>

namespace threadlings {
namespace {

TEST(DepfileFiles, UnescapesAndSkipsTheTarget) {
  const std::string text = "dep: /a/b.cpp /usr/include/c++/12/vector \\\n /x/with\\ space.h /y/d$$.h\n";
  EXPECT_EQ(DepfileFiles(text),
            (std::vector<std::string>{"/a/b.cpp", "/usr/include/c++/12/vector", "/x/with space.h", "/y/d$.h"}));
}

TEST(InsideAny, ResolvesDotDotBeforeComparing) {
  const std::vector<fs::path> roots = {"/usr/include", "/kit/exercises/01_x"};
  EXPECT_TRUE(InsideAny("/usr/include/stdio.h", roots));
  EXPECT_TRUE(InsideAny("/kit/exercises/01_x/a.h", roots));
  EXPECT_FALSE(InsideAny("/kit/exercises/01_x/../../solutions/01_x/a.h", roots));
  EXPECT_FALSE(InsideAny("/usr/include/../../etc/passwd", roots));
  EXPECT_FALSE(InsideAny("/usr/includes/evil.h", roots));  // a folder whose name only starts alike
  EXPECT_FALSE(InsideAny("/dev/zero", roots));
}

TEST(CompilerIncludeDirs, ListsTheStandardLibrarysFolder) {
  const auto dirs = CompilerIncludeDirs("g++");
  ASSERT_FALSE(dirs.empty());
  EXPECT_TRUE(InsideAny("/usr/include/stdio.h", dirs));
  EXPECT_FALSE(InsideAny("/etc/passwd", dirs));
}

}  // namespace
}  // namespace threadlings
