// The writer locks, the reader does not: a lock on one side orders nothing.
#include <mutex>
#include <thread>
std::mutex m;
long balance;
void deposit() { std::lock_guard lock(m); balance += 10; }
int main() {
  std::thread t(deposit);
  long seen = balance;
  t.join();
  return static_cast<int>(seen);
}
