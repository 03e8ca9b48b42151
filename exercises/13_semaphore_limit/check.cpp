// Checks for 13_semaphore_limit. The learner does not edit this file.
//
// Too many downloads at once is not a data race, so ThreadSanitizer cannot see it. The check's
// fetch function counts the fetches inside and remembers the peak, and it does not return on
// its own: each fetch stays inside until the check lets one out. So with kCallers callers
// released together, nothing depends on timing:
// - the check waits until kMaxDownloads fetches are inside and every other caller sleeps in
//   download(); fewer inside while everybody sleeps is a limit below kMaxDownloads (a mutex);
// - then it lets the fetches out ONE at a time, waiting after each until the freed slot is
//   taken again and everybody sleeps: a fourth fetch inside at any moment is a limit that
//   does not hold (a condition variable woken with `if`, a check-then-increment, a slot given
//   back twice), and it stays inside, so the peak cannot be missed;
// - FailedDownloadsGiveTheirSlotBack first fails more downloads than there are slots, then
//   runs the same wave: a slot kept by a failure shows as fewer fetches inside (or a hang), a
//   slot given back twice as more.
#include <downloader.h>
#include <threadlings/check.h>

#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kCallers = 4 * kMaxDownloads;  // several waiters at once, several waves
constexpr auto kSettle = 300ms;   // how long the check waits for the callers to settle
constexpr auto kStuck = 5000ms;   // a fetch returns by itself after this (a broken check)

/// The fetch function: counts the fetches inside and keeps each one inside until the check
/// lets it out (let_one_out), or at once after a violation (open_all). A url that starts with
/// "bad:" fails at once with std::runtime_error.
class FetchProbe {
 public:
  std::string fetch(const std::string& url) {
    std::unique_lock lock(m_);
    ++inside_;
    peak_ = std::max(peak_, inside_);
    if (url.rfind("bad:", 0) == 0) {
      --inside_;
      throw std::runtime_error("404 not found: " + url);
    }
    changed_.wait_for(lock, kStuck, [&] { return exits_ > 0 || open_; });
    if (exits_ > 0) --exits_;
    --inside_;
    return "body of " + url;
  }

  Downloader::Fetch function() {
    return [this](const std::string& url) { return fetch(url); };
  }

  int peak() {
    std::scoped_lock lock(m_);
    return peak_;
  }
  int inside() {
    std::scoped_lock lock(m_);
    return inside_;
  }
  void reset_peak() {
    std::scoped_lock lock(m_);
    peak_ = inside_;
  }
  void let_one_out() {
    {
      std::scoped_lock lock(m_);
      ++exits_;
    }
    changed_.notify_all();
  }
  void open_all() {
    {
      std::scoped_lock lock(m_);
      open_ = true;
    }
    changed_.notify_all();
  }

 private:
  std::mutex m_;
  std::condition_variable changed_;
  int inside_ = 0;
  int peak_ = 0;
  int exits_ = 0;
  bool open_ = false;
};

/// Whether the thread `tid` of this process is asleep (blocked), from /proc.
bool asleep(pid_t tid) {
  std::ifstream stat("/proc/self/task/" + std::to_string(tid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;  // gone: it cannot take a slot any more
  const auto paren = line.rfind(')');
  return paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] != 'R';
}

/// kCallers threads that each download one url, started together.
class Wave {
 public:
  Wave(Downloader& downloader, int n) : tids_(n), finished_(n), bodies_(n) {
    for (int i = 0; i < n; ++i)
      threads_.emplace_back([this, &downloader, i] {
        tids_[i].store(gettid());
        gate_.wait();
        bodies_[i] = downloader.download("https://mirror.example/file" + std::to_string(i));
        finished_[i].store(true);
      });
    for (auto& tid : tids_)
      while (tid.load() == 0) std::this_thread::yield();
    gate_.open();
  }

  int finished() const {
    return static_cast<int>(std::count_if(finished_.begin(), finished_.end(),
                                          [](const std::atomic<bool>& f) { return f.load(); }));
  }

  /// Every caller that is not finished is blocked (in download() or in the fetch).
  bool all_asleep() const {
    for (std::size_t i = 0; i < tids_.size(); ++i)
      if (!finished_[i].load() && !asleep(tids_[i].load())) return false;
    return true;
  }

  std::vector<std::string> join() {
    for (auto& t : threads_) t.join();
    return bodies_;
  }

 private:
  tl::StartGate gate_;
  std::vector<std::atomic<pid_t>> tids_;
  std::vector<std::atomic<bool>> finished_;
  std::vector<std::string> bodies_;
  std::vector<std::thread> threads_;
};

/// Waits (at most kSettle) until `let_out` callers have finished, at least `want` fetches
/// are inside and every other caller is blocked, or a violation is seen.
void settle(FetchProbe& probe, const Wave& wave, int let_out, int want) {
  const auto until = Clock::now() + kSettle;
  while (Clock::now() < until) {
    if (probe.peak() > kMaxDownloads) return;
    if (wave.finished() >= let_out && probe.inside() >= want && wave.all_asleep()) {
      std::this_thread::sleep_for(1ms);  // a caller that was about to enter had a moment
      return;
    }
    std::this_thread::sleep_for(500us);
  }
}

/// Runs `n` downloads started together, letting the fetches out one at a time. Returns ""
/// or what broke the limit, in the learner's terms; `bodies` gets what each download returned.
std::string run_wave(Downloader& downloader, FetchProbe& probe, int n, const std::string& after,
                     std::vector<std::string>& bodies) {
  const std::string limit = std::to_string(kMaxDownloads);
  Wave wave(downloader, n);
  std::string problem;
  for (int let_out = 0; let_out < n && problem.empty(); ++let_out) {
    const int want = std::min(kMaxDownloads, n - let_out);
    settle(probe, wave, let_out, want);
    if (const int peak = probe.peak(); peak > kMaxDownloads)
      problem = std::to_string(peak) + " fetches ran at the same time" + after + "; at most " +
                limit + " may: the others must wait for a free slot (" +
                std::to_string(let_out) + " of " + std::to_string(n) +
                " downloads had finished, one at a time)";
    else if (const int inside = probe.inside(); inside < want)
      problem = "only " + std::to_string(inside) + " fetch(es) ran at the same time" + after +
                ", although " + std::to_string(n - let_out) +
                " downloads were waiting: up to " + limit +
                " must be able to run together (a mutex lets only one through; a slot that a "
                "download kept is lost for good)";
    else
      probe.let_one_out();
  }
  if (!problem.empty()) probe.open_all();
  bodies = wave.join();
  return problem;
}

/// Reports a wrong-result unless every body is the one its url asked for.
void expect_bodies(const std::vector<std::string>& bodies) {
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    const std::string want = "body of https://mirror.example/file" + std::to_string(i);
    if (bodies[i] != want) {
      TL_REPORT("wrong-result", "download() returned '" + bodies[i] + "' where '" + want +
                                    "' was expected: return what fetch() returned");
      return;
    }
  }
}

/// Fails one download; reports (and returns false) unless fetch()'s exception reached us.
bool expect_failure(Downloader& downloader, int i) {
  const std::string url = "bad:https://mirror.example/missing" + std::to_string(i);
  try {
    downloader.download(url);
  } catch (const std::runtime_error& e) {
    if (std::string(e.what()) == "404 not found: " + url) return true;
    TL_REPORT("wrong-result", "a failed download threw '" + std::string(e.what()) +
                                  "' where fetch() threw '404 not found: " + url +
                                  "': let the fetch's own exception reach the caller");
    return false;
  }
  TL_REPORT("wrong-result", "a failed download did not throw: the error of fetch() must "
                            "reach the caller of download()");
  return false;
}

}  // namespace

// kCallers downloads start together: exactly kMaxDownloads may fetch at the same time, also
// each time one of them finishes and a waiting download takes its slot.
TEST(Downloader, AtMostThreeAtOnce) {
  auto probe = std::make_unique<FetchProbe>();
  auto downloader = std::make_unique<Downloader>(probe->function());
  std::vector<std::string> bodies;
  if (const auto problem = run_wave(*downloader, *probe, kCallers, "", bodies); !problem.empty()) {
    TL_REPORT("wrong-result", problem);
    return;
  }
  expect_bodies(bodies);
}

// Failed downloads (fetch throws) must give their slot back, once: after more failures than
// there are slots, the same wave must again see exactly kMaxDownloads fetches at a time.
TEST(Downloader, FailedDownloadsGiveTheirSlotBack) {
  auto probe = std::make_unique<FetchProbe>();
  auto downloader = std::make_unique<Downloader>(probe->function());
  constexpr int kFailures = kMaxDownloads + 1;
  for (int i = 0; i < kFailures; ++i) {
    std::printf("threadlings-check: failed download %d of %d (if this hangs, the failed "
                "downloads before it kept their slots)\n", i + 1, kFailures);
    std::fflush(stdout);
    if (!expect_failure(*downloader, i)) return;
  }
  probe->reset_peak();
  std::vector<std::string> bodies;
  const std::string after = " after " + std::to_string(kFailures) + " failed downloads";
  if (const auto problem = run_wave(*downloader, *probe, kCallers, after, bodies);
      !problem.empty()) {
    TL_REPORT("wrong-result", problem);
    return;
  }
  expect_bodies(bodies);
}
