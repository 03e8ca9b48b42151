// A finished thread that nobody joins.
#include <pthread.h>
#include <unistd.h>
void* work(void*) { return nullptr; }
int main() {
  pthread_t t;
  pthread_create(&t, nullptr, work, nullptr);
  usleep(100000);
  return 0;
}
