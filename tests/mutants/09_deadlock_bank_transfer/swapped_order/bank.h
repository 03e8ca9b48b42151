// Mutant (wrong fix): lock `to` first, then `from`.
// Tempting: the deadlock came from the lock order, so change the order.
// Wrong: the order must be the same for every pair of accounts, and "to before from" is not:
// transfer(a, b) now locks b then a and transfer(b, a) locks a then b, the same cycle the
// other way round. Expected verdict: lock-order-inversion.
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
  std::lock_guard lock_to(to.m);
  std::lock_guard lock_from(from.m);
  if (from.balance < amount) return false;
  from.balance -= amount;
  to.balance += amount;
  return true;
}
