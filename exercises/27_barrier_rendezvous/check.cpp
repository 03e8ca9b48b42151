// Checks for 27_barrier_rendezvous. The learner does not edit this file.
//
// A barrier that lets a thread through too early is not a data race: ThreadSanitizer is
// silent. The check keeps a timeline of the team's work instead. Each worker runs steps
// 0, 1, 2, ... (step 2r is phase 1 of round r+1, step 2r+1 its phase 2) and calls
// arrive_and_wait() after each one. A worker may begin step s only when every worker has
// finished step s-1; the timeline checks that at every begin.
//
// To make an early pass certain rather than lucky, one worker is slow on purpose at each of
// the first kSlowSteps steps: it does not finish its step until all the others have finished
// theirs and have had kWindow to get past the barrier. A correct barrier holds them; a broken
// one lets them begin the next step while the slow worker is still busy, and that begin is
// caught on the spot.
#include <barrier.h>
#include <threadlings/check.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;

constexpr auto kWindow = 100ms;  // how long a slow worker gives the others to slip through

/// "phase 2 of round 3" for step 5.
std::string step_name(int step) {
  return "phase " + std::to_string(step % 2 + 1) + " of round " + std::to_string(step / 2 + 1);
}

/// Who began and finished which step; remembers the first begin that came too early.
class Timeline {
 public:
  Timeline(int workers, int steps) : workers_(workers), finished_(steps, 0) {}

  /// Worker `w` begins `step`: every worker must have finished step - 1.
  void begin(int w, int step) {
    std::scoped_lock lock(m_);
    if (step > 0 && finished_[step - 1] < workers_ && problem_.empty()) {
      problem_ = "worker " + std::to_string(w) + " began " + step_name(step) + " while only " +
                 std::to_string(finished_[step - 1]) + " of " + std::to_string(workers_) +
                 " workers had finished " + step_name(step - 1) +
                 ": arrive_and_wait() let it through before the whole team had arrived";
      changed_.notify_all();
    }
  }

  /// Worker `w` finishes `step`.
  void end(int /*w*/, int step) {
    std::scoped_lock lock(m_);
    ++finished_[step];
    changed_.notify_all();
  }

  /// The slow worker, still inside `step`: waits until all the others have finished it, then
  /// up to kWindow for one of them to begin the next step too early.
  void hold(int step) {
    std::unique_lock lock(m_);
    changed_.wait_for(lock, 2s, [&] { return finished_[step] >= workers_ - 1; });
    changed_.wait_for(lock, kWindow, [&] { return !problem_.empty(); });
  }

  std::string problem() {
    std::scoped_lock lock(m_);
    return problem_;
  }

 private:
  const int workers_;
  std::mutex m_;
  std::condition_variable changed_;
  std::vector<int> finished_;  // per step, the workers that finished it
  std::string problem_;        // the first early begin, or ""
};

/// Runs a team of `workers` threads for `steps` steps on one barrier. At each of the first
/// `slow_steps` steps, worker (step % workers) is slow on purpose; with `jitter`, every step
/// is perturbed a little. Returns the first problem the timeline saw, or "".
std::string run_team(int workers, int steps, int slow_steps, bool jitter) {
  auto barrier = std::make_unique<Barrier>(workers);
  auto timeline = std::make_unique<Timeline>(workers, steps);
  tl::StartGate gate;
  std::vector<std::thread> team;
  for (int w = 0; w < workers; ++w)
    team.emplace_back([&, w] {
      gate.wait();
      for (int step = 0; step < steps; ++step) {
        timeline->begin(w, step);
        if (jitter) tl::jitter();
        if (step < slow_steps && w == step % workers) timeline->hold(step);
        timeline->end(w, step);
        barrier->arrive_and_wait();
      }
    });
  gate.open();
  for (auto& t : team) t.join();
  return timeline->problem();
}

}  // namespace

// Four workers, five rounds of two phases; one worker is slow at each of the first 4 steps.
TEST(Barrier, NobodyStartsTheNextPhaseEarly) {
  if (const auto problem = run_team(4, 10, 4, false); !problem.empty())
    TL_REPORT("wrong-result", problem);
}

// Five workers, 200 steps with seeded jitter, nobody slow on purpose.
TEST(Barrier, ManyRoundsUnderJitter) {
  if (const auto problem = run_team(5, 200, 0, true); !problem.empty())
    TL_REPORT("wrong-result", problem);
}
