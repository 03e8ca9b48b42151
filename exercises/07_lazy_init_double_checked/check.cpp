// Checks for 07_lazy_init_double_checked. The learner does not edit this file.
//
// Settings is a process-wide singleton, so each check runs in a process of its own, and the
// check defines load_config(): it counts its calls and takes a little time, like a file read.
// ThreadSanitizer tracks happens-before: a thread that reads the pointer or the Config
// without being ordered after the thread that wrote them is reported whatever the timing.
// LateReaderSeesTheWholeConfig makes that case explicit: the second thread starts using
// Settings only after the first is done, and learns that through a relaxed atomic, which
// orders nothing (like a thread that simply came later).
#include <settings.h>
#include <threadlings/check.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

std::atomic<int> g_loads{0};

const Config& expected_config() {
  static const Config config{"billing", 64, {{"region", "eu-west"}, {"tier", "gold"}}};
  return config;
}

/// What one caller of Settings::get() saw.
struct Seen {
  std::string service_name;
  int max_connections = 0;
  std::string region;
  const Config* where = nullptr;  // which Config object get() returned
};

Seen read_settings() {
  const Config& config = Settings::get();
  const auto it = config.values.find("region");
  return {config.service_name, config.max_connections,
          it == config.values.end() ? "" : it->second, &config};
}

void expect_seen(const Seen& seen, const std::string& who) {
  const Config& want = expected_config();
  if (seen.service_name != want.service_name || seen.max_connections != want.max_connections ||
      seen.region != want.values.at("region"))
    TL_REPORT("wrong-result", who + " saw service '" + seen.service_name + "', " +
                                  std::to_string(seen.max_connections) +
                                  " connections, region '" + seen.region +
                                  "'; expected 'billing', 64, 'eu-west'");
}

/// Every caller must get the one Config: not a copy of its own.
void expect_same_object(const Seen& a, const Seen& b, const std::string& who) {
  if (a.where != b.where)
    TL_REPORT("wrong-result", who + " got different Config objects from Settings::get() (at " +
                                  std::to_string(reinterpret_cast<std::uintptr_t>(a.where)) + " and " +
                                  std::to_string(reinterpret_cast<std::uintptr_t>(b.where)) +
                                  "): every caller must get the same Config, loaded once");
}

void expect_loaded_once() {
  const int loads = g_loads.load();
  if (loads != 1)
    TL_REPORT("wrong-result",
              "load_config() ran " + std::to_string(loads) +
                  " times; expected exactly once (every thread that saw no Config yet loaded "
                  "its own)");
}

}  // namespace

/// The "file read": slow enough that the first callers of get() overlap.
Config load_config() {
  g_loads.fetch_add(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  return expected_config();
}

// Four threads call get() at the same moment, the very first use.
TEST(Settings, ConcurrentFirstUseLoadsOnce) {
  constexpr int kThreads = 4;
  auto seen = std::make_unique<std::array<Seen, kThreads>>();
  tl::StartGate gate;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      gate.wait();
      (*seen)[t] = read_settings();
    });
  gate.open();
  for (auto& t : threads) t.join();
  expect_loaded_once();
  for (int t = 0; t < kThreads; ++t) expect_seen((*seen)[t], "thread " + std::to_string(t));
  for (int t = 1; t < kThreads; ++t)
    expect_same_object((*seen)[0], (*seen)[t], "threads 0 and " + std::to_string(t));
}

// The first thread loads the Config; a second thread calls get() only after the first one is
// done, with nothing ordering it after the first (it learns "done" from a relaxed atomic).
// A correct get() orders it after the load by itself.
TEST(Settings, LateReaderSeesTheWholeConfig) {
  std::atomic<bool> first_done{false};
  auto seen = std::make_unique<std::array<Seen, 2>>();
  std::thread first([&] {
    (*seen)[0] = read_settings();
    first_done.store(true, std::memory_order_relaxed);
  });
  std::thread late([&] {
    while (!first_done.load(std::memory_order_relaxed)) std::this_thread::yield();
    (*seen)[1] = read_settings();
  });
  first.join();
  late.join();
  expect_loaded_once();
  expect_seen((*seen)[0], "the first thread");
  expect_seen((*seen)[1], "the late thread");
  expect_same_object((*seen)[0], (*seen)[1], "the first and the late thread");
}
