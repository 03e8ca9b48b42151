// Checks for 04_process_result_lost. The learner does not edit this file.
//
// The check process stays single-threaded, so forking it is safe under ThreadSanitizer too.
// After each call the check waits until the child has exited, then counts this process's
// children in /proc: a child that has exited but was never waited for stays a zombie. It also
// counts its open file descriptors before and after the call.
// A child that comes back out of run_isolated() (returns, or lets compute()'s exception out)
// lands in the check's own code, which notes it through a pipe and ends that child at once;
// an exit handler does the same for a child that ends with exit() instead of _exit().
#include <isolated.h>
#include <threadlings/check.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <exception>
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

/// Returns at once when this process has no child left. Otherwise waits up to 2 s until no
/// child is running any more; then reports the zombies left and reaps every child, so that
/// the next call starts clean.
void expect_child_reaped() {
  siginfo_t info{};
  if (waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0 && errno == ECHILD)
    return;  // no child at all: every child was reaped
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

/// Open file descriptors of this process.
int open_fds() {
  int n = 0;
  std::error_code ec;
  for (fs::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end; it.increment(ec))
    ++n;
  return n - 1;  // the iterator's own descriptor
}

/// Reports file descriptors that run_isolated() left open.
void expect_no_fd_left(int before) {
  const int left = open_fds() - before;
  if (left > 0)
    TL_REPORT("wrong-result", "run_isolated() left " + std::to_string(left) +
                                  " file descriptor(s) open in the parent (a pipe end it "
                                  "created): every call would leak them until the service runs "
                                  "out; close both ends once they are used");
}

/// Where a child that escaped into the check's code tells the parent so: a pipe the check
/// opens once, and the pid of the check's own process.
struct EscapeLine {
  pid_t parent = 0;
  int fds[2] = {-1, -1};
};
EscapeLine escape_line;

constexpr char kReturned = 'r';  // the child came back out of run_isolated()
constexpr char kExited = 'x';    // the child ran the parent's exit handlers

/// In a child: notes `how` for the parent and ends this process at once (not _exit(), which
/// ThreadSanitizer intercepts to run its end-of-process checks).
[[noreturn]] void end_escaped_child(char how) {
  (void)!write(escape_line.fds[1], &how, 1);
  syscall(SYS_exit_group, 0);
  __builtin_unreachable();
}

/// Opens the escape line, and registers the exit handler that catches a child calling exit().
void open_escape_line() {
  escape_line.parent = getpid();
  if (pipe2(escape_line.fds, O_NONBLOCK) != 0) ADD_FAILURE() << "cannot create a pipe";
  std::atexit([] {
    if (getpid() != escape_line.parent) end_escaped_child(kExited);
  });
}

/// What the children of the calls so far noted on the escape line.
std::string escapes() {
  std::string notes;
  char c;
  while (read(escape_line.fds[0], &c, 1) == 1) notes += c;
  return notes;
}

/// Runs run_isolated(compute); a child that comes back here is ended. Returns the result,
/// or sets `error` to what run_isolated() threw.
std::uint64_t call_isolated(const std::function<std::uint64_t()>& compute,
                            std::exception_ptr& error) {
  std::uint64_t got = 0;
  try {
    got = run_isolated(compute);
  } catch (...) {
    error = std::current_exception();
  }
  if (getpid() != escape_line.parent) end_escaped_child(kReturned);
  return got;
}

/// Reports what the escape line says about the child.
void expect_child_ended_with_underscore_exit() {
  const std::string notes = escapes();
  if (notes.find(kReturned) != std::string::npos)
    TL_REPORT("wrong-result",
              "the child process came back out of run_isolated() into the caller's code (it "
              "returned, or compute()'s exception left it), where it would go on as a second "
              "copy of the service: catch everything in the child and end it with _exit()");
  else if (notes.find(kExited) != std::string::npos)
    TL_REPORT("wrong-result",
              "the child process ran the parent's exit handlers: it ended with exit() (or by "
              "returning from main) instead of _exit(), so it ran cleanup that belongs to the "
              "parent (static destructors, atexit handlers, a second flush of copied output)");
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
// child, and the child must end with _exit() (the check registers an exit handler). A child
// that has written its result has not always exited yet when the parent looks: kCalls calls
// make a parent that only peeks (WNOHANG) leave a zombie behind.
TEST(RunIsolated, ResultReachesTheParent) {
  constexpr int kCalls = 3;
  auto document = make_document();
  const std::uint64_t expected = fingerprint(*document);
  const std::vector<unsigned char>& doc = *document;
  open_escape_line();
  const int fds = open_fds();
  for (int call = 0; call < kCalls; ++call) {
    std::exception_ptr error;
    const std::uint64_t got = call_isolated(
        [&doc, call, expected] { return call == 0 ? fingerprint(doc) : expected; }, error);
    if (error) {
      std::string what = "an exception";
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        what = std::string("'") + e.what() + "'";
      } catch (...) {
      }
      TL_REPORT("wrong-result", "run_isolated() threw " + what + " for a child that computed " +
                                    hex(expected) + " and exited normally");
      break;
    }
    if (got != expected) {
      TL_REPORT("wrong-result",
                "run_isolated() returned " + hex(got) + "; the child computed " + hex(expected) +
                    (got == 0 ? ": the child stored it in its own copy of the parent's memory, "
                                "and that copy vanished when it exited"
                              : ""));
      break;
    }
  }
  expect_child_ended_with_underscore_exit();
  expect_child_reaped();
  expect_no_fd_left(fds);
}

namespace {

/// Expects `error` to be a std::runtime_error for a child that delivered nothing because
/// `why`; `got` is what run_isolated() returned otherwise.
void expect_runtime_error(const std::exception_ptr& error, std::uint64_t got, const char* why) {
  if (!error) {
    TL_REPORT("wrong-result", "run_isolated() returned " + hex(got) + " although its child " +
                                  why + " before it delivered a result; expected "
                                  "std::runtime_error");
    return;
  }
  try {
    std::rethrow_exception(error);
  } catch (const std::runtime_error&) {
    // expected
  } catch (const std::exception& e) {
    TL_REPORT("wrong-result", std::string("run_isolated() threw '") + e.what() +
                                  "' when its child " + why + "; expected std::runtime_error");
  } catch (...) {
    TL_REPORT("wrong-result", std::string("run_isolated() threw something that is not a "
                                          "std::exception when its child ") + why +
                                  "; expected std::runtime_error");
  }
}

}  // namespace

// The child dies before it delivers anything: first it is killed, then compute() throws.
// run_isolated() must throw std::runtime_error instead of returning a made-up value, and still
// reap the child; a throwing compute() must not carry the child back into the caller's code.
TEST(RunIsolated, CrashIsReported) {
  open_escape_line();
  const int fds = open_fds();
  std::exception_ptr error;
  std::uint64_t got = call_isolated(
      []() -> std::uint64_t {
        kill(getpid(), SIGKILL);  // the parser crashes
        return 42;
      },
      error);
  expect_runtime_error(error, got, "was killed");
  expect_child_reaped();
  if (HasFailure()) return;
  error = nullptr;
  got = call_isolated([]() -> std::uint64_t { throw std::runtime_error("the parser gave up"); },
                      error);
  expect_child_ended_with_underscore_exit();
  if (!HasFailure()) expect_runtime_error(error, got, "threw from compute()");
  expect_child_reaped();
  expect_no_fd_left(fds);
}
