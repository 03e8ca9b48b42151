// Mutant (wrong fix): sleep a little before taking the locks.
// Tempting: the hang goes away in most runs, because two transfers now rarely reach their
// locks at the same moment.
// Wrong: the lock order is still a -> b here and b -> a in the opposite transfer; the sleep
// only changes how often the two meet. When they do meet, each holds one lock and waits
// forever for the other. Expected verdict: lock-order-inversion.
#pragma once

#include <chrono>
#include <mutex>
#include <thread>

/// A bank account. Its mutex guards its balance.
struct Account {
  Account(int id, long balance) : id(id), balance(balance) {}

  const int id;  ///< unique, never changes
  std::mutex m;  ///< guards balance
  long balance;
};

/// Moves `amount` from `from` to `to` (two different accounts) if `from` has enough money.
/// Returns whether the money moved. Holds both accounts' locks, so the move is all-or-nothing.
inline bool transfer(Account& from, Account& to, long amount) {
  std::this_thread::sleep_for(std::chrono::microseconds(50));  // let the other one go first
  std::lock_guard lock_from(from.m);
  std::lock_guard lock_to(to.m);
  if (from.balance < amount) return false;
  from.balance -= amount;
  to.balance += amount;
  return true;
}
