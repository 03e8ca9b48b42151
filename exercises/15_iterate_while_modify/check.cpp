// Checks for 15_iterate_while_modify. The learner does not edit this file.
//
// ThreadSanitizer reports two accesses to the same memory, one of them a write, from two
// threads with nothing ordering them, at the second of the two: JoinDuringBroadcast (run
// first) therefore starts with join() writing first and broadcast() reading second, so that
// the report names broadcast()'s loop. To make sure that leave() or join() really runs while
// broadcast() is in the middle of its loop, the first member's callback is a hook: it asks a
// "mover" thread to call leave() or join() right then, and waits up to kMoverWait for it.
// The hook and the mover talk only through relaxed atomics, which ThreadSanitizer does not
// count as synchronisation, so the hook hides nothing:
//   - a broadcast() that walks members_ without the lock: the mover changes the vector that
//     the loop has just read, and ThreadSanitizer reports it every time;
//   - a broadcast() that holds the lock for the whole loop: the mover waits for the lock,
//     the hook gives up after kMoverWait, and the check fails: join() and leave() must not
//     wait for a slow member;
//   - a broadcast() that copies the list under the lock: the mover changes members_ at once,
//     never the copy being walked.
#include <chat_room.h>
#include <threadlings/check.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr auto kMoverWait = 300ms;  // how long the hook waits for the mover
constexpr int kRounds = 3;          // each hooked scenario is repeated on a fresh room

/// A flag for the hook and the mover. Relaxed on purpose: it must not order the two threads
/// for ThreadSanitizer, so that any unguarded access to the room stays visible as a race.
class Signal {
 public:
  void raise() { raised_.store(true, std::memory_order_relaxed); }
  bool raised() const { return raised_.load(std::memory_order_relaxed); }
  /// Waits until raised, at most `limit`; says whether it was raised.
  bool wait(std::chrono::milliseconds limit) const {
    const auto deadline = Clock::now() + limit;
    while (!raised()) {
      if (Clock::now() >= deadline) return false;
      std::this_thread::yield();
    }
    return true;
  }

 private:
  std::atomic<bool> raised_{false};
};

/// How many messages each member received, by name. Written only by the thread that runs
/// broadcast() (callbacks run there); read after that thread was joined.
using Inbox = std::map<std::string, std::vector<std::string>>;

ChatRoom::Deliver into(Inbox& inbox, const std::string& name) {
  return [&inbox, name](const std::string& text) { inbox[name].push_back(text); };
}

/// The hook: the first member's callback. It records the message, lets the mover go, and
/// waits (at most kMoverWait) until the mover has changed the room; `blocked` says whether
/// the mover's join() or leave() could not finish while this callback ran.
ChatRoom::Deliver hook(Inbox& inbox, const std::string& name, Signal& go, const Signal& moved,
                       bool& blocked) {
  return [&inbox, name, &go, &moved, &blocked](const std::string& text) {
    inbox[name].push_back(text);
    go.raise();
    blocked = !moved.wait(std::chrono::duration_cast<std::chrono::milliseconds>(kMoverWait));
  };
}

/// Fails unless the mover's `what` finished while the slow first member was being served.
void expect_not_blocked(bool blocked, const std::string& what) {
  if (blocked)
    ADD_FAILURE() << what << " on another thread did not return while broadcast() was "
                  << "delivering to a slow member (waited " << kMoverWait.count()
                  << " ms): broadcast() must not hold the room's lock while it calls the "
                     "callbacks (copy the list under the lock, then deliver from the copy)";
}

std::string describe(const Inbox& inbox, const std::string& name) {
  const auto it = inbox.find(name);
  if (it == inbox.end() || it->second.empty()) return name + " got nothing";
  std::string s = name + " got";
  for (const auto& m : it->second) s += " '" + m + "'";
  return s;
}

/// Fails, naming the member and both lists, unless `name` got exactly `want`.
void expect_got(const Inbox& inbox, const std::string& name, const std::vector<std::string>& want) {
  const auto it = inbox.find(name);
  const std::vector<std::string> got = it == inbox.end() ? std::vector<std::string>{} : it->second;
  if (got == want) return;
  std::string expected;
  for (const auto& m : want) expected += " '" + m + "'";
  ADD_FAILURE() << describe(inbox, name) << "; expected" << expected
                << " (everyone in the room when a broadcast starts gets it exactly once)";
}

/// erin joins on one thread; right after, another thread broadcasts "hi". The two threads
/// are ordered only by the room itself (their signal is relaxed), so a broadcast() that reads
/// members_ without the lock is reported as a data race at its own loop. erin joined before
/// the broadcast started, so everyone, erin too, gets "hi".
void broadcast_right_after_a_join() {
  auto room = std::make_unique<ChatRoom>();
  auto inbox = std::make_unique<Inbox>();
  for (const char* name : {"alice", "bob"}) room->join(into(*inbox, name));
  Signal joined;
  std::thread joiner([&] {
    room->join(into(*inbox, "erin"));
    joined.raise();
  });
  std::thread broadcaster([&] {
    if (joined.wait(2000ms)) room->broadcast("hi");
  });
  joiner.join();
  broadcaster.join();
  for (const char* name : {"alice", "bob", "erin"}) expect_got(*inbox, name, {"hi"});
}

}  // namespace

// alice is being served by broadcast("hello") when alice herself leaves on another thread
// (she closed her tab). Everyone who was in the room when the broadcast started gets "hello"
// exactly once; after leave() has returned, alice gets nothing more.
TEST(ChatRoom, LeaveDuringBroadcast) {
  for (int round = 0; round < kRounds; ++round) {
    auto room = std::make_unique<ChatRoom>();
    auto inbox = std::make_unique<Inbox>();
    Signal go, moved;
    bool blocked = false;
    const int alice = room->join(hook(*inbox, "alice", go, moved, blocked));
    for (const char* name : {"bob", "carol", "dave"}) room->join(into(*inbox, name));

    std::thread mover([&] {
      if (!go.wait(2000ms)) return;
      room->leave(alice);
      moved.raise();
    });
    std::thread broadcaster([&] { room->broadcast("hello"); });
    broadcaster.join();
    mover.join();
    room->broadcast("bye");  // alice has left by now

    expect_not_blocked(blocked, "leave()");
    if (HasFailure()) return;
    expect_got(*inbox, "alice", {"hello"});
    for (const char* name : {"bob", "carol", "dave"}) expect_got(*inbox, name, {"hello", "bye"});
    if (HasFailure()) return;
  }
}

// First, erin joins just before a broadcast on another thread starts, and gets it. Then,
// while broadcast("hello") is serving alice, erin joins on another thread. Everyone who was
// in the room gets "hello" exactly once; erin, who joined during the broadcast, starts with
// the next message.
TEST(ChatRoom, JoinDuringBroadcast) {
  for (int round = 0; round < kRounds + 1; ++round) {
    broadcast_right_after_a_join();
    if (HasFailure()) return;
  }
  for (int round = 0; round < kRounds; ++round) {
    auto room = std::make_unique<ChatRoom>();
    auto inbox = std::make_unique<Inbox>();
    Signal go, moved;
    bool blocked = false;
    room->join(hook(*inbox, "alice", go, moved, blocked));
    for (const char* name : {"bob", "carol", "dave"}) room->join(into(*inbox, name));

    std::thread mover([&] {
      if (!go.wait(2000ms)) return;
      room->join(into(*inbox, "erin"));
      moved.raise();
    });
    std::thread broadcaster([&] { room->broadcast("hello"); });
    broadcaster.join();
    mover.join();
    room->broadcast("bye");

    expect_not_blocked(blocked, "join()");
    if (HasFailure()) return;
    for (const char* name : {"bob", "carol", "dave"}) expect_got(*inbox, name, {"hello", "bye"});
    const auto erin = inbox->find("erin");
    const bool erin_got_hello = erin != inbox->end() && !erin->second.empty() &&
                                erin->second.front() == "hello";
    if (erin_got_hello)
      ADD_FAILURE() << "erin joined while 'hello' was being delivered and still got it: "
                    << describe(*inbox, "erin")
                    << " (a broadcast goes to the members who were in the room when it started)";
    else
      expect_got(*inbox, "erin", {"bye"});
    if (HasFailure()) return;
  }
}

// Two threads broadcast while two others keep joining and leaving. The four regular members
// must each get all 2 x kMessages messages, exactly once each.
TEST(ChatRoom, BusyRoomLosesNoMessage) {
  constexpr int kMessages = 200;
  constexpr int kChurn = 200;
  const std::vector<std::string> regulars{"alice", "bob", "carol", "dave"};
  auto room = std::make_unique<ChatRoom>();
  auto counts = std::make_unique<std::map<std::string, std::atomic<int>>>();
  for (const auto& name : regulars) {
    std::atomic<int>& count = (*counts)[name];
    room->join([&count](const std::string&) { count.fetch_add(1, std::memory_order_relaxed); });
  }

  tl::StartGate gate;
  std::vector<std::thread> threads;
  for (int b = 0; b < 2; ++b)
    threads.emplace_back([&, b] {
      gate.wait();
      for (int i = 0; i < kMessages; ++i) {
        room->broadcast("message " + std::to_string(b) + "/" + std::to_string(i));
        if (i % 16 == 0) tl::jitter();
      }
    });
  for (int c = 0; c < 2; ++c)
    threads.emplace_back([&] {
      gate.wait();
      for (int i = 0; i < kChurn; ++i) {
        const int id = room->join([](const std::string&) {});
        if (i % 16 == 0) tl::jitter();
        room->leave(id);
      }
    });
  gate.open();
  for (auto& t : threads) t.join();

  for (const auto& name : regulars)
    if (const int got = (*counts)[name].load(); got != 2 * kMessages)
      ADD_FAILURE() << name << " got " << got << " messages; expected each of the "
                    << 2 * kMessages << " broadcasts exactly once";
}
