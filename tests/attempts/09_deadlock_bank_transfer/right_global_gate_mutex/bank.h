// Goal: many tellers call transfer() at the same time, some of them between the same two
// accounts in opposite directions. Make transfer() unable to deadlock, while keeping each
// transfer all-or-nothing: no other thread may ever see the money gone from one account and
// not yet arrived in the other.
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
  // One gate for every transfer: whoever holds it takes both account locks, in any order,
  // with no other transfer taking account locks at the same time.
  static std::mutex gate;
  std::lock_guard through_the_gate(gate);
  std::lock_guard lock_from(from.m);
  std::lock_guard lock_to(to.m);
  if (from.balance < amount) return false;
  from.balance -= amount;
  to.balance += amount;
  return true;
}
