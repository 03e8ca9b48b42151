// Checks for 03_leak_unjoined_on_exception. The learner does not edit this file.
//
// The audit log given to import_orders() records the lines, then holds the audit thread
// until the caller has its answer (orders or an exception), or kHold has passed. So:
// - a joinable std::thread destroyed by the exception is certainly still running: that
//   ends in std::terminate every time (crash);
// - an import_orders() that waits for its thread cannot answer before the audit is done
//   (it waits out kHold), while one that lets the thread go (detach) answers while the
//   audit is provably still running (thread-leak). No luck involved either way.
#include <order_import.h>
#include <threadlings/check.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;

/// How long the audit thread waits for the caller to get its answer. A function that does not
/// wait for its thread answers well within this window.
constexpr auto kHold = 500ms;

/// The audit log's side of the test. Shared with the audit thread through a shared_ptr, so a
/// thread that outlives the call never touches freed memory.
class AuditProbe {
 public:
  /// The audit log: records the lines, then holds the thread (see kHold).
  void audit(const std::vector<std::string>& lines) {
    std::unique_lock lock(mutex_);
    received_ = lines;
    changed_.wait_for(lock, kHold, [&] { return answered_; });
    done_ = true;
    changed_.notify_all();
  }

  /// Records that import_orders() has answered; says whether the audit had finished by then.
  bool answered_after_audit() {
    std::lock_guard lock(mutex_);
    answered_ = true;
    changed_.notify_all();
    return done_;
  }

  /// Waits up to `limit` for a stray audit thread to finish.
  void wait_until_done(std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, limit, [&] { return done_; });
  }

  std::vector<std::string> received() {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> received_;
  bool answered_ = false;
  bool done_ = false;
};

/// The AuditLog passed to import_orders(), on the heap like the lines: a thread that outlives
/// the call may still be using both.
std::unique_ptr<AuditLog> audit_into(std::shared_ptr<AuditProbe> probe) {
  return std::make_unique<AuditLog>(
      [probe](const std::vector<std::string>& lines) { probe->audit(lines); });
}

/// Reports thread-leak when the audit was still running as import_orders() `how`.
bool audit_outlived_call(AuditProbe& probe, const char* how) {
  if (probe.answered_after_audit()) return false;
  TL_REPORT("thread-leak",
            std::string("import_orders() ") + how +
                " while its audit thread was still running: the thread outlived the call "
                "(join it on every way out of the function; detach() only hides the problem)");
  probe.wait_until_done(2000ms);  // let the stray thread finish before its data goes away
  return true;
}

}  // namespace

// A good batch: every order comes back, the audit got every line, and the audit thread was
// done before import_orders() returned.
TEST(ImportOrders, GoodBatchIsImported) {
  auto probe = std::make_shared<AuditProbe>();
  auto lines = std::make_unique<std::vector<std::string>>(
      std::vector<std::string>{"apple,3", "pear,10", "plum,1"});
  auto audit = audit_into(probe);
  const std::vector<Order> orders = import_orders(*lines, *audit);
  if (audit_outlived_call(*probe, "returned")) return;
  if (orders.size() != 3 || orders[1].item != "pear" || orders[1].quantity != 10)
    TL_REPORT("wrong-result", "import_orders() returned " + std::to_string(orders.size()) +
                                  " orders for 3 good lines; expected apple x3, pear x10, plum x1");
  else if (probe->received() != *lines)
    TL_REPORT("wrong-result", "the audit log got " + std::to_string(probe->received().size()) +
                                  " lines of the batch's 3; expected all of them");
}

// The third line is malformed: the caller must get parse_order()'s std::invalid_argument,
// and only after the audit thread has finished.
TEST(ImportOrders, MalformedLineReachesTheCaller) {
  auto probe = std::make_shared<AuditProbe>();
  auto lines = std::make_unique<std::vector<std::string>>(
      std::vector<std::string>{"apple,3", "pear,10", "plum;1", "fig,2"});
  auto audit = audit_into(probe);
  const std::string expected = "malformed order line 'plum;1'";
  try {
    const std::vector<Order> orders = import_orders(*lines, *audit);
    if (audit_outlived_call(*probe, "returned")) return;
    TL_REPORT("wrong-result",
              "import_orders() returned " + std::to_string(orders.size()) +
                  " orders for a batch with the malformed line 'plum;1'; expected it to throw "
                  "std::invalid_argument(\"" + expected +
                  "\"): the caller never learnt that the batch was bad");
  } catch (const std::invalid_argument& e) {
    if (audit_outlived_call(*probe, "threw")) return;
    if (e.what() != expected)
      TL_REPORT("wrong-result", std::string("the caller got std::invalid_argument(\"") +
                                    e.what() + "\"); expected parse_order()'s own: \"" +
                                    expected + "\"");
  } catch (const std::exception& e) {
    if (audit_outlived_call(*probe, "threw")) return;
    TL_REPORT("wrong-result", std::string("import_orders() threw '") + e.what() +
                                  "', not parse_order()'s std::invalid_argument: let the "
                                  "original exception through");
  }
}
