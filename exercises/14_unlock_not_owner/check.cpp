// Checks for 14_unlock_not_owner. The learner does not edit this file.
//
// Unlocking a mutex from a thread that does not hold it "works" on Linux most of the time, and
// is undefined behaviour all the same. ThreadSanitizer tracks which thread holds each mutex and
// reports such an unlock every time it happens, so no luck is needed here: the check only has
// to call set() from another thread than the one that created the flag. Payload written before
// set() and read after wait() also shows whether wait() really synchronises with set().
#include <ready_flag.h>
#include <threadlings/check.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr int kRounds = 5;
constexpr int kWaiters = 4;

/// What the loader prepares before set(); read by the waiters after wait().
struct Config {
  std::string name;
  int port = 0;
};

/// The loader: fills the config, then signals.
void load(Config& config, ReadyFlag& flag, const tl::StartGate& gate) {
  gate.wait();
  tl::jitter();
  config.name = "prices";
  config.port = 8080;
  flag.set();
}

/// A worker: waits for the signal, then reads the config; says whether it was complete.
bool saw_loaded_config(const Config& config, ReadyFlag& flag) {
  flag.wait();
  return config.name == "prices" && config.port == 8080;
}

}  // namespace

// The main thread creates the flag, the loader thread sets it, a worker thread waits on it.
TEST(ReadyFlag, LoaderSetsWorkerWaits) {
  for (int round = 0; round < kRounds; ++round) {
    auto flag = std::make_unique<ReadyFlag>();
    auto config = std::make_unique<Config>();
    tl::StartGate gate;
    bool complete = false;
    std::thread worker([&] {
      gate.wait();
      tl::jitter();
      complete = saw_loaded_config(*config, *flag);
    });
    std::thread loader(load, std::ref(*config), std::ref(*flag), std::cref(gate));
    gate.open();
    loader.join();
    worker.join();
    if (!complete) {
      TL_REPORT("wrong-result", "a worker returned from wait() and found the config not loaded "
                                "yet: wait() must not return before set()");
      return;
    }
  }
}

// Several workers wait at once, and one more arrives after set(): all of them must pass.
TEST(ReadyFlag, EveryWaiterPasses) {
  auto flag = std::make_unique<ReadyFlag>();
  auto config = std::make_unique<Config>();
  tl::StartGate gate;
  std::vector<char> complete(kWaiters + 1, 0);
  std::vector<std::thread> workers;
  for (int i = 0; i < kWaiters; ++i)
    workers.emplace_back([&, i] {
      gate.wait();
      tl::jitter();
      complete[i] = saw_loaded_config(*config, *flag);
    });
  std::thread loader(load, std::ref(*config), std::ref(*flag), std::cref(gate));
  gate.open();
  loader.join();
  std::thread late_worker([&] { complete[kWaiters] = saw_loaded_config(*config, *flag); });
  late_worker.join();
  for (auto& w : workers) w.join();
  for (int i = 0; i <= kWaiters; ++i)
    if (!complete[i]) {
      TL_REPORT("wrong-result", "a worker returned from wait() and found the config not loaded "
                                "yet: wait() must not return before set()");
      return;
    }
}
