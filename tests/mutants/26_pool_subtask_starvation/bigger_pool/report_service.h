// Mutant (wrong fix): a bigger pool.
// Tempting: with two workers the lookups had nobody to run them; with eight there are
// workers to spare, and a quiet test passes.
// Wrong: it only moves the limit. A burst of as many reports as workers fills every worker
// with a report that waits for its lookups, and the lookups queue behind the other reports
// again. However big the pool, a big enough burst starves it.
// Expected verdict: starvation.
#pragma once

#include <future>

#include "thread_pool.h"

struct Report {
  int customer = 0;
  long orders = 0;    ///< the total of the customer's orders
  long payments = 0;  ///< the total of the customer's payments
};

/// The slow back end. Each call blocks for a few milliseconds; calls may overlap.
class Ledger {
 public:
  virtual ~Ledger() = default;
  virtual long orders(int customer) = 0;
  virtual long payments(int customer) = 0;
};

class ReportService {
 public:
  explicit ReportService(Ledger& ledger) : ledger_(ledger) {}

  /// Builds the report of `customer` on the service's pool; the future gets it.
  std::future<Report> request(int customer) {
    return pool_.submit([this, customer] { return build(customer); });
  }

 private:
  /// Runs on a worker of pool_.
  Report build(int customer) {
    std::future<long> orders = pool_.submit([this, customer] { return ledger_.orders(customer); });
    std::future<long> payments = pool_.submit([this, customer] { return ledger_.payments(customer); });
    return Report{customer, orders.get(), payments.get()};
  }

  Ledger& ledger_;
  ThreadPool pool_{8};  ///< the service's workers: more of them, to spare
};
