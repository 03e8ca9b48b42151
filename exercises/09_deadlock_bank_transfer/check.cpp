// Checks for 09_deadlock_bank_transfer. Built with ThreadSanitizer, whose deadlock detector
// records the order in which each thread takes locks: once one thread has held a's lock while
// taking b's and another b's while taking a's, it reports a lock-order inversion, whether or
// not the program actually hung this time.
#include <bank.h>
#include <threadlings/check.h>

#include <array>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

namespace {

constexpr int kAccounts = 4;
constexpr long kStartBalance = 1000;
constexpr int kTellers = 4;
constexpr int kTransfersPerTeller = 10000;
constexpr int kAudits = 1000;

using Accounts = std::array<std::unique_ptr<Account>, kAccounts>;

Accounts open_accounts() {
  Accounts accounts;
  for (int i = 0; i < kAccounts; ++i)
    accounts[i] = std::make_unique<Account>(i + 1, kStartBalance);
  return accounts;
}

long sum_of_balances(const Accounts& accounts) {
  long sum = 0;
  for (const auto& account : accounts) sum += account->balance;
  return sum;
}

/// Random transfers between two different accounts, in both directions.
void teller(Accounts& accounts, const tl::StartGate& gate, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> pick(0, kAccounts - 1);
  std::uniform_int_distribution<long> amount(1, 50);
  gate.wait();
  for (int i = 0; i < kTransfersPerTeller; ++i) {
    const int from = pick(rng);
    const int to = (from + 1 + pick(rng) % (kAccounts - 1)) % kAccounts;  // never `from`
    transfer(*accounts[from], *accounts[to], amount(rng));
    if (i % 64 == 0) tl::jitter();
  }
}

/// Locks all accounts at once (std::scoped_lock avoids deadlock by itself, in any order)
/// and counts the money; counts a mismatch when a transfer was seen half done.
void auditor(Accounts& accounts, const tl::StartGate& gate, int& half_done_seen) {
  static_assert(kAccounts == 4, "the scoped_lock below names every account");
  gate.wait();
  for (int i = 0; i < kAudits; ++i) {
    {
      std::scoped_lock all(accounts[0]->m, accounts[1]->m, accounts[2]->m, accounts[3]->m);
      if (sum_of_balances(accounts) != kStartBalance * kAccounts) ++half_done_seen;
    }
    tl::jitter();
  }
}

}  // namespace

// Deterministic: the two transfers never overlap, so this cannot hang, yet ThreadSanitizer
// sees a -> b in the first thread and b -> a in the second and reports the cycle.
TEST(Bank, OppositeTransfersDoNotDeadlock) {
  auto a = std::make_unique<Account>(1, 100);
  auto b = std::make_unique<Account>(2, 100);
  std::thread([&] { transfer(*a, *b, 30); }).join();
  std::thread([&] { transfer(*b, *a, 10); }).join();
  EXPECT_EQ(a->balance, 80);
  EXPECT_EQ(b->balance, 120);
}

// Many tellers at once, and an auditor that must never see money missing or doubled.
TEST(Bank, MoneyIsConserved) {
  auto accounts = open_accounts();
  tl::StartGate gate;
  int half_done_seen = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kTellers; ++t)
    threads.emplace_back(teller, std::ref(accounts), std::cref(gate),
                         static_cast<unsigned>(tl::seed()) + t);
  threads.emplace_back(auditor, std::ref(accounts), std::cref(gate), std::ref(half_done_seen));
  gate.open();
  for (auto& t : threads) t.join();
  EXPECT_EQ(half_done_seen, 0) << "an audit saw a transfer half done: money left one account "
                                  "before it arrived in the other";
  EXPECT_EQ(sum_of_balances(accounts), kStartBalance * kAccounts) << "money was created or lost";
  for (const auto& account : accounts)
    EXPECT_GE(account->balance, 0) << "account " << account->id << " was overdrawn";
}
