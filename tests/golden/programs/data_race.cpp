// A write in a thread and a read in main, unordered.
#include <thread>
int counter;
void bump() { counter = counter + 1; }
int main() {
  std::thread t(bump);
  int seen = counter;
  t.join();
  return seen;
}
