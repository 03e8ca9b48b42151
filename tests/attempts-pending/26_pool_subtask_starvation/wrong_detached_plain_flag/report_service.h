// Goal: ReportService builds customer reports on its own pool of two worker threads; building a
// report never waits for a task that needs a worker of this same pool.
#pragma once

#include <future>

#include <thread>

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
    long payments = 0;
    bool done = false;
    std::thread([&] {
      payments = ledger_.payments(customer);
      done = true;
    }).detach();
    const long orders = ledger_.orders(customer);
    while (!done) std::this_thread::yield();
    return Report{customer, orders, payments};
  }

  Ledger& ledger_;
  ThreadPool pool_{2};  ///< the service's workers
};
