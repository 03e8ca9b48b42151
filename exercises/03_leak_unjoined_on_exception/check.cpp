// Checks for 03_leak_unjoined_on_exception. The learner does not edit this file.
//
// The audit log given to import_orders() records the lines, then holds the audit thread
// until the caller has its answer (orders or an exception), or kHold has passed since the
// batch was parsed (kGiveUp at most). So:
// - a joinable std::thread destroyed by the exception is certainly still running: that
//   ends in std::terminate every time (crash);
// - an import_orders() that waits for its thread cannot answer before the audit is done
//   (it waits out the hold), while one that lets the thread go (detach) answers while the
//   audit is provably still running (thread-leak). No luck involved either way.
// Parsing a line of the good batch allocates its item name, with a size nothing else
// allocates; ThreadSanitizer's runtime calls __sanitizer_malloc_hook after every allocation.
// That seam lets the caller's first item name wait until the audit has started (a thread may
// start late), counts the names parsed while the audit runs (a batch parsed before it started
// or after it ended shows none), and makes one of them throw std::bad_alloc, an exception
// other than the malformed line's.
#include <order_import.h>
#include <threadlings/check.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;

/// How long the audit thread still waits for the caller to get its answer once the batch has
/// been parsed. A function that does not wait for its thread answers well within this window.
constexpr auto kHold = 250ms;
/// The audit waits this long at most for the lines to be parsed while it runs.
constexpr auto kGiveUp = 2000ms;

/// Every item name of the good batch has this many characters: parsing its line allocates
/// exactly kItemAllocation bytes for the name, a size nothing else here allocates.
constexpr std::size_t kItemLength = 41;
constexpr std::size_t kItemAllocation = kItemLength + 1;

/// What the allocation seam watches while a test runs import_orders().
struct AllocationWatch {
  std::atomic<bool> armed{false};
  std::atomic<std::thread::id> caller{};        ///< the thread that called import_orders()
  std::atomic<std::thread::id> audit_thread{};  ///< the thread the audit log runs on
  std::atomic<bool> audit_started{false};
  std::atomic<bool> audit_running{false};
  std::atomic<bool> waited_in_vain{false};  ///< the caller parsed, and no audit ever started
  std::atomic<int> items_while_auditing{0};  ///< item names parsed while the audit ran
  std::atomic<bool> fail_next{false};        ///< make the next of them throw bad_alloc
  std::atomic<bool> failed{false};           ///< it did
};

AllocationWatch watch;

/// Lets the caller's first item name wait (kGiveUp at most) until the audit has started: a
/// batch parsed right after the thread was started may not finish before the audit begins.
void wait_for_the_audit() {
  const auto start = std::chrono::steady_clock::now();
  while (!watch.audit_started.load()) {
    if (std::chrono::steady_clock::now() - start > kGiveUp) {
      watch.waited_in_vain.store(true);
      return;
    }
    std::this_thread::sleep_for(1ms);
  }
}

}  // namespace

/// ThreadSanitizer's runtime calls this after every allocation (malloc and operator new).
extern "C" void __sanitizer_malloc_hook(const volatile void*, std::size_t size) {
  if (!watch.armed.load() || size != kItemAllocation) return;
  const std::thread::id me = std::this_thread::get_id();
  if (me == watch.audit_thread.load()) return;
  if (me == watch.caller.load() && !watch.waited_in_vain.load()) wait_for_the_audit();
  if (!watch.audit_running.load()) return;
  watch.items_while_auditing.fetch_add(1);
  if (watch.fail_next.exchange(false)) {
    watch.failed.store(true);
    throw std::bad_alloc();
  }
}

namespace {

/// The audit log's side of the test. Shared with the audit thread through a shared_ptr, so a
/// thread that outlives the call never touches freed memory.
class AuditProbe {
 public:
  /// `parse_allocations`: how many item names parsed while the audit ran show that the
  /// batch was parsed then; `fail_first`: make the first of them throw bad_alloc.
  AuditProbe(int parse_allocations, bool fail_first)
      : needed_(parse_allocations), fail_first_(fail_first), caller_(std::this_thread::get_id()) {}

  /// Starts watching this thread's allocations: call it right before import_orders().
  void arm() {
    watch.caller.store(caller_);
    watch.armed.store(true);
  }

  /// The audit log: records the lines, then holds the thread (see kHold) while it counts the
  /// item names the other threads parse.
  void audit(const std::vector<std::string>& lines) {
    std::unique_lock lock(mutex_);
    started_ = true;
    on_caller_thread_ = std::this_thread::get_id() == caller_;
    received_ = lines;
    watch.audit_thread.store(std::this_thread::get_id());
    watch.fail_next.store(fail_first_);
    watch.audit_running.store(true);
    watch.audit_started.store(true);
    const auto start = std::chrono::steady_clock::now();
    auto parsed = start + kGiveUp;  // when the batch was seen parsed
    while (!answered_ && !on_caller_thread_) {  // the caller cannot answer while it audits
      const auto now = std::chrono::steady_clock::now();
      if (parsed > now && watch.items_while_auditing.load() >= needed_) parsed = now;
      if (now - start >= kGiveUp || now - parsed >= kHold) break;
      changed_.wait_for(lock, 5ms);
    }
    watch.audit_running.store(false);
    watch.fail_next.store(false);
    items_during_audit_ = watch.items_while_auditing.load();
    done_ = true;
    changed_.notify_all();
  }

  /// Records that import_orders() has answered; says whether the audit had finished by then
  /// (an audit that never started has not outlived anything).
  bool answered_after_audit() {
    std::lock_guard lock(mutex_);
    answered_ = true;
    changed_.notify_all();
    return done_ || !started_;
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
  bool started() {
    std::lock_guard lock(mutex_);
    return started_;
  }
  bool on_caller_thread() {
    std::lock_guard lock(mutex_);
    return on_caller_thread_;
  }
  /// Whether the lines were parsed while the audit ran (see the seam above).
  bool parsed_during_audit() {
    std::lock_guard lock(mutex_);
    return items_during_audit_ >= needed_;
  }

 private:
  const int needed_;
  const bool fail_first_;
  const std::thread::id caller_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> received_;
  bool started_ = false;
  bool on_caller_thread_ = false;
  int items_during_audit_ = 0;
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
                "(wait for it on every way out of the function; detach() only hides the "
                "problem)");
  probe.wait_until_done(2000ms);  // let the stray thread finish before its data goes away
  return true;
}

/// Reports an audit that did not run on a second thread while the lines were parsed.
bool audit_did_not_overlap(AuditProbe& probe) {
  if (!probe.started()) {
    TL_REPORT("wrong-result",
              "import_orders() returned without ever calling the audit log: every batch "
              "must be audited, on a second thread, while it is parsed");
    return true;
  }
  if (probe.on_caller_thread()) {
    TL_REPORT("wrong-result",
              "the audit ran on the thread that called import_orders() (a direct call, or "
              "std::launch::deferred), one after the other with the parsing: run it on a "
              "second thread while the lines are parsed");
    return true;
  }
  if (probe.parsed_during_audit()) return false;
  TL_REPORT("wrong-result",
            "import_orders() did not parse the batch while the audit thread ran: the lines "
            "were parsed before it started or after it had finished (e.g. a join() before "
            "the parsing loop). Start the audit, parse, and wait for the audit only after "
            "parsing (or when an exception leaves)");
  return true;
}

const std::string kApple = "apple-crumble-family-box-with-custard-x12";
const std::string kPear = "pear-and-ginger-preserve-small-batch-jars";
const std::string kPlum = "plum-orchard-sampler-tin-assorted-flavour";

/// A good batch. Each item name has kItemLength characters: parsing its line allocates
/// kItemAllocation bytes, which the seam counts.
std::vector<std::string> good_lines() {
  return {kApple + ",3", kPear + ",10", kPlum + ",1"};
}

}  // namespace

// A good batch: every order comes back, the audit got every line on a second thread, the
// lines were parsed while it ran, and it was done before import_orders() returned.
TEST(ImportOrders, GoodBatchIsImported) {
  auto lines = std::make_unique<std::vector<std::string>>(good_lines());
  auto probe = std::make_shared<AuditProbe>(static_cast<int>(lines->size()), false);
  auto audit = audit_into(probe);
  probe->arm();
  const std::vector<Order> orders = import_orders(*lines, *audit);
  if (audit_outlived_call(*probe, "returned")) return;
  if (orders.size() != 3 || orders[1].item != kPear || orders[1].quantity != 10)
    TL_REPORT("wrong-result", "import_orders() returned " + std::to_string(orders.size()) +
                                  " orders for 3 good lines; expected " + kApple + " x3, " +
                                  kPear + " x10, " + kPlum + " x1");
  else if (audit_did_not_overlap(*probe))
    return;
  else if (probe->received() != *lines)
    TL_REPORT("wrong-result", "the audit log got " + std::to_string(probe->received().size()) +
                                  " lines of the batch's 3; expected all of them");
}

// The third line is malformed: the caller must get parse_order()'s std::invalid_argument,
// and only after the audit thread has finished. (The two good lines before it let the audit
// see that parsing has reached the bad line.)
TEST(ImportOrders, MalformedLineReachesTheCaller) {
  auto probe = std::make_shared<AuditProbe>(2, false);
  auto lines = std::make_unique<std::vector<std::string>>(
      std::vector<std::string>{kApple + ",3", kPear + ",10", "plum;1", kPlum + ",2"});
  auto audit = audit_into(probe);
  const std::string expected = "malformed order line 'plum;1'";
  probe->arm();
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

// A good batch, but the first allocation while it is parsed throws std::bad_alloc: that
// exception, not only a malformed line's, must reach the caller, after the audit finished.
TEST(ImportOrders, FailedAllocationStillJoins) {
  auto lines = std::make_unique<std::vector<std::string>>(good_lines());
  auto probe = std::make_shared<AuditProbe>(1, true);
  auto audit = audit_into(probe);
  probe->arm();
  try {
    const std::vector<Order> orders = import_orders(*lines, *audit);
    if (audit_outlived_call(*probe, "returned")) return;
    if (!watch.failed.load()) {
      audit_did_not_overlap(*probe);
      return;
    }
    TL_REPORT("wrong-result",
              "an allocation failed (std::bad_alloc) while the batch was parsed, yet "
              "import_orders() returned " + std::to_string(orders.size()) +
                  " orders: the exception must reach the caller");
  } catch (const std::bad_alloc&) {
    audit_outlived_call(*probe, "threw");
  } catch (const std::exception& e) {
    if (audit_outlived_call(*probe, "threw")) return;
    TL_REPORT("wrong-result", std::string("an allocation failed (std::bad_alloc) while the "
                                          "batch was parsed, and the caller got '") +
                                  e.what() +
                                  "' instead: let every exception through unchanged, not "
                                  "only std::invalid_argument");
  }
}
