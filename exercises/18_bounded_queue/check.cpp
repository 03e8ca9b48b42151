// Checks for 18_bounded_queue. The learner does not edit this file.
//
// A hang, a lost item or an overfull queue is not a data race, so ThreadSanitizer sees none of
// them. The first two checks put the queue into the state that matters BY CONSTRUCTION:
// - FullQueueBlocksProducer: one producer pushes capacity + 1 items while nobody pops. The
//   last push must still be waiting 200 ms later, and one pop() must let the producer finish.
// - FullQueueHoldsAtMostCapacity: the same, but size() must say `capacity`, not more.
// - EmptyQueueBlocksConsumer: one consumer pops an empty queue; it must still be waiting
//   200 ms later, and one push() must hand it the item.
// - ManyProducersManyConsumers: producers and consumers at once, with seeded jitter; every
//   item must come out exactly once, in first-in first-out order per producer, and the queue
//   must never be seen holding more than `capacity` items (a push that returned put its item
//   in; a pop that has not started took nothing out).
#include <bounded_queue.h>
#include <threadlings/check.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr auto kSettle = 200ms;  // time for a thread that must block to get there

/// Polls `done` every 5 ms for at most `limit`.
template <class Pred>
bool wait_until(Pred done, std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  while (!done()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

constexpr int kCapacity = 2;  // of the queue in the Full* checks

/// One producer pushes 0 .. kCapacity into a queue of capacity kCapacity with nobody popping;
/// waits until kCapacity pushes returned and then kSettle more, so that the last push is at
/// its wait. Returns the number of pushes that had returned by then, or -1 if the first
/// kCapacity pushes did not return within 2 s (reported here).
int fill_and_settle(BoundedQueue& queue, std::atomic<int>& pushed, std::thread& producer) {
  producer = std::thread([&] {
    for (int i = 0; i <= kCapacity; ++i) {
      queue.push(i);
      ++pushed;
    }
  });
  if (!wait_until([&] { return pushed >= kCapacity; }, 2000ms)) {
    TL_REPORT("wrong-result", "two push() calls on an empty queue of capacity 2 did not return "
                              "within 2 s: push() may only wait while the queue is full");
    return -1;
  }
  std::this_thread::sleep_for(kSettle);  // the third push gets to its wait
  return pushed;
}

/// Pops the three items, so that the producer can finish, and joins it.
void drain(BoundedQueue& queue, std::thread& producer, std::vector<int>* got) {
  got->push_back(queue.pop());
  producer.join();
  got->push_back(queue.pop());
  got->push_back(queue.pop());
}

}  // namespace

// Capacity 2, three pushes, nobody popping: the third push must wait until a pop.
TEST(BoundedQueue, FullQueueBlocksProducer) {
  auto queue = std::make_unique<BoundedQueue>(kCapacity);
  std::atomic<int> pushed{0};
  std::thread producer;
  const int pushed_while_full = fill_and_settle(*queue, pushed, producer);
  std::printf("threadlings-check: 2 items pushed into a queue of capacity 2; the producer is "
              "pushing a 3rd. Now a consumer pops (if this hangs, the blocked producer holds "
              "what the consumer needs)\n");
  std::fflush(stdout);
  std::vector<int> got;
  drain(*queue, producer, &got);
  if (pushed_while_full < 0) return;
  if (pushed_while_full > kCapacity) {
    TL_REPORT("wrong-result", "push() returned " + std::to_string(pushed_while_full) +
                                  " times on a queue of capacity 2 while nobody popped: a full "
                                  "queue must make push() wait for a free place");
    return;
  }
  if (got != std::vector<int>{0, 1, 2})
    TL_REPORT("wrong-result", "popped " + std::to_string(got[0]) + ", " + std::to_string(got[1]) +
                                  ", " + std::to_string(got[2]) +
                                  " after pushing 0, 1, 2: the queue must be first-in first-out");
}

// The same full queue, looked at from inside: it must hold exactly its capacity.
TEST(BoundedQueue, FullQueueHoldsAtMostCapacity) {
  auto queue = std::make_unique<BoundedQueue>(kCapacity);
  std::atomic<int> pushed{0};
  std::thread producer;
  const int pushed_while_full = fill_and_settle(*queue, pushed, producer);
  const std::size_t size_while_full = queue->size();
  std::vector<int> got;
  drain(*queue, producer, &got);
  if (pushed_while_full < 0) return;
  if (size_while_full > kCapacity)
    TL_REPORT("wrong-result", "the queue held " + std::to_string(size_while_full) +
                                  " items, more than its capacity of 2: the blocked producer "
                                  "put its item in before waiting for a free place");
}

// An empty queue: pop() must wait until an item is pushed, and then return that item.
TEST(BoundedQueue, EmptyQueueBlocksConsumer) {
  auto queue = std::make_unique<BoundedQueue>(2);
  std::atomic<bool> returned{false};
  int got = -1;
  std::thread consumer([&] {
    got = queue->pop();
    returned = true;
  });
  std::this_thread::sleep_for(kSettle);  // the consumer gets to its wait
  const bool returned_while_empty = returned;
  std::printf("threadlings-check: a consumer is waiting in pop() on an empty queue; now a "
              "producer pushes 42 (if this hangs, the blocked consumer holds what the producer "
              "needs)\n");
  std::fflush(stdout);
  queue->push(42);
  consumer.join();
  if (returned_while_empty) {
    TL_REPORT("wrong-result", "pop() returned on an empty queue before anything was pushed: it "
                              "must wait for an item");
    return;
  }
  if (got != 42)
    TL_REPORT("wrong-result", "pop() returned " + std::to_string(got) + "; the only item pushed was 42");
}

// Producers and consumers together, with jitter: exactly once, FIFO per producer, bounded.
TEST(BoundedQueue, ManyProducersManyConsumers) {
  constexpr int kStressCapacity = 4;
  constexpr int kProducers = 3;
  constexpr int kConsumers = 3;
  constexpr int kItemsPerProducer = 400;
  constexpr int kTotal = kProducers * kItemsPerProducer;
  static_assert(kTotal % kConsumers == 0, "each consumer pops the same number of items");
  auto queue = std::make_unique<BoundedQueue>(kStressCapacity);
  std::atomic<int> pushes_done{0};   // push() calls that returned: their items went in
  std::atomic<int> pops_started{0};  // pop() calls begun: at most these took items out
  std::atomic<int> most_seen{0};     // the largest lower bound of the queue's size seen
  tl::StartGate gate;
  std::vector<std::vector<int>> got(kConsumers);
  std::vector<std::thread> threads;
  for (int p = 0; p < kProducers; ++p)
    threads.emplace_back([&, p] {
      gate.wait();
      for (int i = 0; i < kItemsPerProducer; ++i) {
        queue->push(p * kItemsPerProducer + i);
        const int at_least = pushes_done.fetch_add(1) + 1 - pops_started.load();
        int seen = most_seen.load();
        while (at_least > seen && !most_seen.compare_exchange_weak(seen, at_least)) {
        }
        if (i % 16 == 0) tl::jitter();
      }
    });
  for (int c = 0; c < kConsumers; ++c)
    threads.emplace_back([&, c] {
      gate.wait();
      for (int i = 0; i < kTotal / kConsumers; ++i) {
        ++pops_started;
        got[c].push_back(queue->pop());
        if (i % 16 == 0) tl::jitter();
      }
    });
  gate.open();
  for (auto& t : threads) t.join();

  if (most_seen > kStressCapacity) {
    TL_REPORT("wrong-result", "the queue held at least " + std::to_string(most_seen.load()) +
                                  " items at one moment; its capacity is " +
                                  std::to_string(kStressCapacity));
    return;
  }
  std::vector<int> times(kTotal, 0);
  for (int c = 0; c < kConsumers; ++c) {
    std::vector<int> last(kProducers, -1);
    for (int item : got[c]) {
      if (item < 0 || item >= kTotal) {
        TL_REPORT("wrong-result", "pop() returned " + std::to_string(item) +
                                      ", which was never pushed");
        return;
      }
      ++times[item];
      const int p = item / kItemsPerProducer;
      if (item < last[p]) {
        TL_REPORT("wrong-result", "a consumer got item " + std::to_string(item) + " after item " +
                                      std::to_string(last[p]) + " of the same producer: the "
                                      "queue must be first-in first-out");
        return;
      }
      last[p] = item;
    }
  }
  for (int item = 0; item < kTotal; ++item)
    if (times[item] != 1) {
      TL_REPORT("wrong-result", "item " + std::to_string(item) + " was popped " +
                                    std::to_string(times[item]) +
                                    " times; every item must come out exactly once");
      return;
    }
}
