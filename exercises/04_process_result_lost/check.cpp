// Checks for 04_process_result_lost. The learner does not edit this file.
//
// The check process stays single-threaded, so forking it is safe under ThreadSanitizer too.
// After each call the check waits until the child has exited, then counts this process's
// children in /proc: a child that has exited but was never waited for stays a zombie.
#include <isolated.h>
#include <threadlings/check.h>

#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

/// This process's children that were not reaped yet: still running, or exited (zombies).
struct Children {
  int running = 0;
  int zombies = 0;
};

Children count_children() {
  Children c;
  const pid_t me = getpid();
  std::error_code ec;
  for (fs::directory_iterator it("/proc", ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(it->path() / "stat");
    std::string stat;
    if (!std::getline(in, stat)) continue;
    const auto paren = stat.rfind(')');  // "pid (comm) state ppid ...": comm may hold spaces
    if (paren == std::string::npos) continue;
    std::istringstream rest(stat.substr(paren + 1));
    char state = 0;
    pid_t ppid = 0;
    if (!(rest >> state >> ppid) || ppid != me) continue;
    ++(state == 'Z' ? c.zombies : c.running);
  }
  return c;
}

/// Waits up to 2 s until no child is running any more; then reports the zombies left and
/// reaps every child, so that the next call starts clean.
void expect_child_reaped() {
  Children c = count_children();
  for (int i = 0; i < 400 && c.running > 0; ++i) {
    std::this_thread::sleep_for(5ms);
    c = count_children();
  }
  if (c.zombies > 0)
    TL_REPORT("wrong-result",
              std::to_string(c.zombies) +
                  " child process(es) exited but were never reaped: they stay zombies, each "
                  "holding a process-table slot until the parent dies (call waitpid() for the "
                  "child)");
  else if (c.running > 0)
    TL_REPORT("wrong-result", std::to_string(c.running) +
                                  " child process(es) still running 2 s after run_isolated() "
                                  "returned");
  while (waitpid(-1, nullptr, WNOHANG) > 0) {
  }
}

/// 64 KiB of pseudo-random bytes.
std::unique_ptr<std::vector<unsigned char>> make_document() {
  auto data = std::make_unique<std::vector<unsigned char>>(64 * 1024);
  std::uint32_t x = 2463534242u;
  for (auto& byte : *data) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    byte = static_cast<unsigned char>(x);
  }
  return data;
}

/// FNV-1a: the "fingerprint" the child computes.
std::uint64_t fingerprint(const std::vector<unsigned char>& data) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char byte : data) h = (h ^ byte) * 1099511628211ull;
  return h;
}

std::string hex(std::uint64_t v) {
  std::ostringstream s;
  s << "0x" << std::hex << v;
  return s.str();
}

}  // namespace

// The child computes a fingerprint; the parent must return exactly that value and reap the
// child.
TEST(RunIsolated, ResultReachesTheParent) {
  auto document = make_document();
  const std::uint64_t expected = fingerprint(*document);
  const std::vector<unsigned char>& doc = *document;
  std::uint64_t got = 0;
  try {
    got = run_isolated([&doc] { return fingerprint(doc); });
  } catch (const std::exception& e) {
    TL_REPORT("wrong-result", std::string("run_isolated() threw '") + e.what() +
                                  "' for a child that computed " + hex(expected) +
                                  " and exited normally");
    return;
  }
  if (got != expected) {
    TL_REPORT("wrong-result",
              "run_isolated() returned " + hex(got) + "; the child computed " + hex(expected) +
                  (got == 0 ? ": the child stored it in its own copy of the parent's memory, "
                              "and that copy vanished when it exited"
                            : ""));
  }
  expect_child_reaped();
}

// The child is killed before it delivers anything: run_isolated() must throw
// std::runtime_error instead of returning a made-up value, and still reap the child.
TEST(RunIsolated, CrashIsReported) {
  try {
    const std::uint64_t got = run_isolated([]() -> std::uint64_t {
      kill(getpid(), SIGKILL);  // the parser crashes
      return 42;
    });
    TL_REPORT("wrong-result", "run_isolated() returned " + hex(got) +
                                  " although its child was killed before it delivered a "
                                  "result; expected std::runtime_error");
  } catch (const std::runtime_error&) {
    // expected
  }
  expect_child_reaped();
}
