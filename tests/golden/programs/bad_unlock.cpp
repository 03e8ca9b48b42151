// A mutex unlocked by a thread that does not own it.
#include <mutex>
#include <thread>
int main() {
  auto* m = new std::mutex;
  m->lock();
  std::thread([m] { m->unlock(); }).join();
  return 0;
}
