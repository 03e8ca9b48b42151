// Checks for 26_pool_subtask_starvation.
//
// Thread-pool starvation is not a data race: ThreadSanitizer sees nothing. The check counts
// the worker threads the service starts (W), requests a burst of 2W + 1 reports at once, and
// measures how long they take. The fake ledger lets no lookup return before the whole burst
// was requested, which makes the outcome independent of the schedule:
// - at most W reports can have started before that moment; the other W + 1 or more start
//   later, when every report is already queued, so their lookups queue up BEHIND all the
//   reports that have not started yet;
// - a report task that waits for its lookups therefore keeps its worker until every report
//   has started, and at least W of them do: they fill every worker, and the lookups they wait
//   for stay queued with no worker left to run them. No report of those ever completes.
//
//   lookups done on the report's own worker (or on another pool): all reports in ~30 ms
//   report tasks waiting for lookups on their own pool, any pool size: never
//   bound: kBound (500 ms). After it the check reports and leaves the stuck workers behind.
#include <report_service.h>
#include <threadlings/check.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kBound = 500ms;   // every report of the burst must be ready within this
constexpr auto kLookup = 5ms;    // how long one lookup takes

long orders_of(int customer) { return 100L * customer + 1; }
long payments_of(int customer) { return 10L * customer + 2; }

/// The slow back end. A lookup waits until open() (at most 2 s), then takes kLookup.
class FakeLedger : public Ledger {
 public:
  long orders(int customer) override { return lookup(orders_of(customer)); }
  long payments(int customer) override { return lookup(payments_of(customer)); }

  /// Lets the lookups return: called once the whole burst has been requested.
  void open() {
    std::scoped_lock lock(m_);
    open_ = true;
    cv_.notify_all();
  }

  int lookups_started() const { return started_.load(); }

 private:
  long lookup(long value) {
    started_.fetch_add(1);
    {
      std::unique_lock lock(m_);
      cv_.wait_for(lock, 2s, [&] { return open_; });
    }
    std::this_thread::sleep_for(kLookup);
    return value;
  }

  std::atomic<int> started_{0};
  std::mutex m_;
  std::condition_variable cv_;
  bool open_ = false;
};

void expect_report_of(const Report& r, int customer) {
  EXPECT_EQ(r.customer, customer) << "the report of customer " << customer << " names another customer";
  EXPECT_EQ(r.orders, orders_of(customer)) << "wrong orders total for customer " << customer;
  EXPECT_EQ(r.payments, payments_of(customer)) << "wrong payments total for customer " << customer;
}

}  // namespace

// One report on an idle service: the right numbers for the right customer.
TEST(ReportService, OneReportIsRight) {
  auto ledger = std::make_unique<FakeLedger>();
  ledger->open();
  auto service = std::make_unique<ReportService>(*ledger);
  std::future<Report> report = service->request(7);
  if (report.wait_for(2s) != std::future_status::ready) {
    TL_REPORT("starvation", "a single report on an idle service was not ready after 2 s");
    (void)service.release();  // its workers are stuck: never join them
    (void)ledger.release();
    return;
  }
  expect_report_of(report.get(), 7);
}

// A burst of twice as many reports as the service has workers, plus one: all within kBound.
TEST(ReportService, BurstOfReportsCompletes) {
  const int baseline = tl::thread_baseline();
  auto ledger = std::make_unique<FakeLedger>();
  auto service = std::make_unique<ReportService>(*ledger);
  const int workers = std::max(1, tl::live_threads() - baseline);
  const int burst = 2 * workers + 1;
  std::vector<std::future<Report>> reports;
  const auto start = Clock::now();
  for (int customer = 1; customer <= burst; ++customer) reports.push_back(service->request(customer));
  ledger->open();
  int ready = 0;
  for (auto& r : reports)
    if (r.wait_until(start + kBound) == std::future_status::ready) ++ready;
  const auto took = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
  std::printf("threadlings-check: %d worker thread(s), burst of %d reports: %d ready after %s\n",
              workers, burst, ready, tl::format_ms(took).c_str());
  if (ready < burst) {
    TL_REPORT("starvation",
              "with " + std::to_string(workers) + " worker thread(s) and " + std::to_string(burst) +
                  " reports requested at once, " + std::to_string(burst - ready) + " of " +
                  std::to_string(burst) + " reports were still not ready after " +
                  tl::format_ms(kBound) + ", and only " + std::to_string(ledger->lookups_started()) +
                  " of " + std::to_string(2 * burst) + " lookups had ever started. Every worker " +
                  "was inside a report task, waiting for a lookup queued on the same pool behind " +
                  "the other reports, so no worker was left to run the lookups. A task must never " +
                  "wait for a task that needs a worker of its own pool.");
    (void)service.release();  // its workers are stuck for good: leave them, never join them
    (void)ledger.release();
    return;
  }
  for (int i = 0; i < burst; ++i) expect_report_of(reports[i].get(), i + 1);
}
