// Checks for 16_self_deadlock_callback. The learner does not edit this file.
//
// A thread that locks a std::mutex it already holds waits for itself forever, and
// ThreadSanitizer says nothing about it: the process just hangs (measured with g++ 12 and
// clang 14; its deadlock detector ignores a mutex that is already held). So the first checks
// simply let a handler call back into the bus: a bus that still holds its mutex while it
// calls handlers hangs there, and the grader's watchdog reports the deadlock with every
// thread's stack. The other checks then look at what the handlers received:
// - a handler subscribed when emit() starts gets that event exactly once, even when an
//   earlier handler unsubscribed itself on the way (nobody may be skipped);
// - a handler subscribed by another handler during emit() starts with the next event;
// - a follow-up event emitted from inside a handler reaches everyone too.
#include <event_bus.h>
#include <threadlings/check.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

/// What each handler received, by handler name, in order. Handlers of these checks run on
/// the thread that called emit(); the checks read the log after that thread is done.
class Log {
 public:
  void add(const std::string& who, const std::string& event) { got_[who].push_back(event); }
  std::vector<std::string> of(const std::string& who) const {
    const auto it = got_.find(who);
    return it == got_.end() ? std::vector<std::string>{} : it->second;
  }

 private:
  std::map<std::string, std::vector<std::string>> got_;
};

EventBus::Handler record(Log& log, const std::string& who) {
  return [&log, who](const std::string& event) { log.add(who, event); };
}

std::string show(const std::vector<std::string>& events) {
  if (events.empty()) return "nothing";
  std::string s;
  for (const auto& e : events) s += (s.empty() ? "'" : ", '") + e + "'";
  return s;
}

/// Fails (with a message that names the handler) unless `who` got exactly `want`.
void expect_events(const Log& log, const std::string& who, const std::vector<std::string>& want,
                   const std::string& why) {
  const auto got = log.of(who);
  if (got != want)
    ADD_FAILURE() << "'" << who << "' got " << show(got) << "; expected " << show(want) << ": "
                  << why;
}

void announce(const char* what) {
  std::printf("threadlings-check: %s\n", what);
  std::fflush(stdout);
}

}  // namespace

// "once" is a one-shot handler: on its first event it unsubscribes itself. The handlers
// behind it must still get that event, and "once" must get nothing after it left.
TEST(EventBus, HandlerCanUnsubscribeItself) {
  auto bus = std::make_unique<EventBus>();
  auto log = std::make_unique<Log>();
  auto once_id = std::make_shared<int>(0);
  *once_id = bus->subscribe([bus = bus.get(), log = log.get(), once_id](const std::string& e) {
    log->add("once", e);
    bus->unsubscribe(*once_id);  // last statement: nothing of this handler is used after it
  });
  bus->subscribe(record(*log, "audit"));
  bus->subscribe(record(*log, "metrics"));

  announce("emit(\"saved\"): the handler 'once' calls bus.unsubscribe() from inside emit()");
  bus->emit("saved");
  announce("emit(\"closed\")");
  bus->emit("closed");

  expect_events(*log, "once", {"saved"},
                "it unsubscribed itself while handling 'saved', so nothing may reach it after "
                "that (was its unsubscribe() skipped?)");
  expect_events(*log, "audit", {"saved", "closed"},
                "it was subscribed all along (was it skipped when 'once' left in the middle of "
                "emit()?)");
  expect_events(*log, "metrics", {"saved", "closed"}, "it was subscribed all along");
}

// On "saved", "indexer" emits the follow-up event "indexed". Both events must reach "audit".
TEST(EventBus, HandlerCanEmitAFollowUp) {
  auto bus = std::make_unique<EventBus>();
  auto log = std::make_unique<Log>();
  bus->subscribe([bus = bus.get()](const std::string& e) {
    if (e == "saved") bus->emit("indexed");
  });
  bus->subscribe(record(*log, "audit"));

  announce("emit(\"saved\"): a handler calls bus.emit(\"indexed\") from inside emit()");
  bus->emit("saved");

  auto got = log->of("audit");
  std::sort(got.begin(), got.end());
  if (got != std::vector<std::string>{"indexed", "saved"})
    ADD_FAILURE() << "'audit' got " << show(log->of("audit"))
                  << "; expected 'saved' and the follow-up 'indexed', once each (was the "
                     "emit() called from inside a handler dropped?)";
}

// On "joined", "greeter" subscribes "newcomer". The newcomer starts with the next event.
TEST(EventBus, HandlerCanSubscribeAnother) {
  auto bus = std::make_unique<EventBus>();
  auto log = std::make_unique<Log>();
  auto greeted = std::make_shared<bool>(false);
  bus->subscribe([bus = bus.get(), log = log.get(), greeted](const std::string&) {
    if (*greeted) return;
    *greeted = true;
    bus->subscribe(record(*log, "newcomer"));
  });
  bus->subscribe(record(*log, "audit"));

  announce("emit(\"joined\"): a handler calls bus.subscribe() from inside emit()");
  bus->emit("joined");
  bus->emit("left");

  expect_events(*log, "audit", {"joined", "left"}, "it was subscribed all along");
  expect_events(*log, "newcomer", {"left"},
                "it was subscribed while 'joined' was being emitted, so it starts with the next "
                "event (was the subscribe() dropped, or did the loop run into the new handler?)");
}

// Two threads emit while a third keeps subscribing and unsubscribing short-lived handlers.
// The permanent handler must get every event exactly once.
TEST(EventBus, ConcurrentUseLosesNothing) {
  constexpr int kEvents = 200;
  auto bus = std::make_unique<EventBus>();
  auto count = std::make_unique<std::atomic<int>>(0);
  bus->subscribe([c = count.get()](const std::string&) {
    c->fetch_add(1, std::memory_order_relaxed);
  });

  tl::StartGate gate;
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t)
    threads.emplace_back([&] {
      gate.wait();
      for (int i = 0; i < kEvents; ++i) {
        bus->emit("tick");
        if (i % 16 == 0) tl::jitter();
      }
    });
  threads.emplace_back([&] {
    gate.wait();
    for (int i = 0; i < kEvents; ++i) {
      const int id = bus->subscribe([](const std::string&) {});
      if (i % 16 == 0) tl::jitter();
      bus->unsubscribe(id);
    }
  });
  gate.open();
  for (auto& t : threads) t.join();

  if (count->load() != 2 * kEvents)
    ADD_FAILURE() << "the permanent handler got " << count->load() << " of the " << 2 * kEvents
                  << " events; expected each exactly once (were events dropped while the bus "
                     "was busy?)";
}
