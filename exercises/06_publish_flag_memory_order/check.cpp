// Checks for 06_publish_flag_memory_order. Built with ThreadSanitizer, which tracks
// happens-before: a consumer reading the Report is ordered after the producer's writes only
// if its load of the flag synchronizes with the producer's store. Without that, the reads
// are reported as a data race whatever the timing (relaxed atomics create no order at all).
#include <one_shot.h>
#include <threadlings/check.h>

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr int kRounds = 3;  // a race scenario is repeated a few times
constexpr int kConsumers = 3;
constexpr int kValues = 100;

Report make_report(int round) {
  Report r;
  r.title = "metrics report for round " + std::to_string(round) + " (built by the producer)";
  for (int i = 0; i < kValues; ++i) r.values.push_back(round * 1000 + i);
  return r;
}

/// What one consumer saw.
struct Seen {
  std::string title;
  std::vector<int> values;
};

}  // namespace

// One producer publishes a fresh Report while three consumers wait for it; every consumer
// must see the whole Report.
TEST(OneShot, ConsumersSeeTheWholeReport) {
  for (int round = 1; round <= kRounds; ++round) {
    auto shot = std::make_unique<OneShot>();
    auto seen = std::make_unique<std::array<Seen, kConsumers>>();
    tl::StartGate gate;
    std::vector<std::thread> threads;
    for (int c = 0; c < kConsumers; ++c)
      threads.emplace_back([&, c] {
        gate.wait();
        const Report& report = shot->wait();
        (*seen)[c].title = report.title;
        (*seen)[c].values = report.values;
      });
    threads.emplace_back([&] {
      gate.wait();
      tl::jitter();
      shot->publish(make_report(round));
    });
    gate.open();
    for (auto& t : threads) t.join();

    const Report want = make_report(round);
    for (int c = 0; c < kConsumers; ++c) {
      const Seen& s = (*seen)[c];
      if (s.title != want.title || s.values != want.values) {
        TL_REPORT("wrong-result",
                  "round " + std::to_string(round) + ": consumer " + std::to_string(c) +
                      " returned from wait() and saw the title '" + s.title + "' and " +
                      std::to_string(s.values.size()) + " values; expected '" + want.title +
                      "' and " + std::to_string(kValues) + " values");
        return;
      }
    }
  }
}
