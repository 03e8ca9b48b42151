// Mutant (wrong fix): replace each lock_guard with its own std::scoped_lock.
// Tempting: "use std::scoped_lock" is the advice everyone gives, and this uses it.
// Wrong: scoped_lock avoids deadlock only among the mutexes given to ONE scoped_lock. Two
// scoped_locks of one mutex each still lock from then to, exactly as before.
// Expected verdict: lock-order-inversion.
#pragma once

#include <mutex>

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
  std::scoped_lock lock_from(from.m);
  std::scoped_lock lock_to(to.m);
  if (from.balance < amount) return false;
  from.balance -= amount;
  to.balance += amount;
  return true;
}
