// Scenarios for the gate-aware lock-order checker (support/threadlings/lock_order.cpp), built
// like a check (ThreadSanitizer, the lock wrappers, the check main) and run one test per
// process by tests/lock_order_test.cpp with THREADLINGS_LOCK_ORDER=1. Each line that takes a
// lock the checker should name ends in a "// site:NAME" comment the driver looks for.
#include <threadlings/check.h>

#include <atomic>
#include <mutex>
#include <thread>

namespace {

struct Locks {
  std::mutex a, b, gate;
  std::recursive_mutex r;
};

// One thread after the other, so nothing can hang: the checker must see the cycle anyway.
template <typename F, typename G>
void OneThenTheOther(F first, G second) {
  std::thread(first).join();
  std::thread(second).join();
}

}  // namespace

TEST(LockOrder, OppositeOrdersInTwoThreads) {
  auto* l = new Locks;
  OneThenTheOther([l] { std::lock_guard x(l->a); std::lock_guard y(l->b); },
                  [l] { std::lock_guard x(l->b); std::lock_guard y(l->a); });  // site:opposite
}

TEST(LockOrder, OppositeOrdersUnderOneGate) {
  auto* l = new Locks;
  OneThenTheOther([l] { std::lock_guard g(l->gate); std::lock_guard x(l->a); std::lock_guard y(l->b); },
                  [l] { std::lock_guard g(l->gate); std::lock_guard x(l->b); std::lock_guard y(l->a); });
}

TEST(LockOrder, OppositeOrdersInOneThread) {
  auto* l = new Locks;
  std::thread([l] {
    { std::lock_guard x(l->a); std::lock_guard y(l->b); }
    { std::lock_guard x(l->b); std::lock_guard y(l->a); }
  }).join();
}

TEST(LockOrder, TryLockAddsNoEdge) {
  auto* l = new Locks;
  OneThenTheOther([l] { std::lock_guard x(l->a); std::lock_guard y(l->b); },
                  [l] {
                    std::lock_guard x(l->b);
                    if (l->a.try_lock()) l->a.unlock();
                  });
}

TEST(LockOrder, ScopedLockOfBoth) {
  auto* l = new Locks;
  OneThenTheOther([l] { std::scoped_lock both(l->a, l->b); }, [l] { std::scoped_lock both(l->b, l->a); });
}

TEST(LockOrder, RelockingAPlainMutex) {
  auto* l = new Locks;
  l->a.lock();
  l->a.lock();  // site:relock
  ADD_FAILURE() << "the second lock() returned";
}

TEST(LockOrder, RelockingARecursiveMutex) {
  auto* l = new Locks;
  std::lock_guard x(l->r);
  std::lock_guard y(l->r);
}

std::atomic<int> hooks{0};

TEST(LockOrder, TheLastUnlockHookRunsOncePerOutermostUnlock) {
  auto* l = new Locks;
  tl::on_last_unlock([] { hooks.fetch_add(1); });
  { std::lock_guard x(l->a); std::lock_guard y(l->b); }
  { std::lock_guard x(l->a); }
  tl::on_last_unlock(nullptr);
  { std::lock_guard x(l->a); }
  EXPECT_EQ(hooks.load(), 2);
}
