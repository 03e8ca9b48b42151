// transfer(a, b) then transfer(b, a), one after the other: no hang, but a cycle.
#include <mutex>
#include <thread>
struct Account { std::mutex m; long balance = 100; };
void transfer(Account& from, Account& to, long amount) {
  std::lock_guard lock_from(from.m);
  std::lock_guard lock_to(to.m);
  from.balance -= amount;
  to.balance += amount;
}
int main() {
  auto* a = new Account;
  auto* b = new Account;
  std::thread(transfer, std::ref(*a), std::ref(*b), 1).join();
  std::thread(transfer, std::ref(*b), std::ref(*a), 1).join();
  return 0;
}
