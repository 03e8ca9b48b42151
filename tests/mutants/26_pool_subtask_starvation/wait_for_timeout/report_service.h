// Mutant (wrong fix): wait for the lookups with a timeout.
// Tempting: a task that can wait only so long can never hang for ever; after the timeout it
// gives up with an error instead of blocking the worker.
// Wrong: while it waits (two seconds here), the worker is just as blocked, and the lookups
// are still queued behind the other reports with nobody to run them. The reports come late,
// and then as errors: a timeout turns starvation into failures, it does not cure it.
// Expected verdict: starvation.
#pragma once

#include <chrono>
#include <future>
#include <stdexcept>

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
    for (auto* lookup : {&orders, &payments})
      if (lookup->wait_for(std::chrono::seconds(2)) != std::future_status::ready)
        throw std::runtime_error("a lookup timed out");  // never block a worker for ever
    return Report{customer, orders.get(), payments.get()};
  }

  Ledger& ledger_;
  ThreadPool pool_{2};  ///< the service's workers
};
