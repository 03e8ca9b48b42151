// Goal: ReportService builds customer reports on its own pool of two worker threads. Each
// report task looks up the customer's orders and payments as two more tasks on the SAME pool,
// and waits for them. When at least as many reports as workers are requested at once, every
// worker sits in a report task, waiting for a lookup that is queued behind the other reports,
// and no worker is left to run it: the lookups starve, and the reports never come. Make
// building a report never wait for a task that needs a worker of this same pool.
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
    // TODO: this worker waits for two lookups queued on its own pool. When every worker is
    // in here, no worker is left to run them. Do not wait for tasks of pool_ from a task of
    // pool_: do the lookups right here, on this worker.
    std::future<long> orders = pool_.submit([this, customer] { return ledger_.orders(customer); });
    std::future<long> payments = pool_.submit([this, customer] { return ledger_.payments(customer); });
    return Report{customer, orders.get(), payments.get()};
  }

  Ledger& ledger_;
  ThreadPool pool_{2};  ///< the service's workers
};
