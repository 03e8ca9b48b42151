// Mutant (wrong fix): if the bus is busy, skip the call instead of waiting for the lock.
// Tempting: no thread can ever wait for itself again.
// Wrong: "busy" cannot tell "this thread holds it" from "another thread holds it for a
// microsecond". A handler's unsubscribe() is silently dropped (the one-shot handler keeps
// getting events), a follow-up emit() is lost, and under load any call may vanish.
// Expected verdict: wrong-result.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

/// A publish/subscribe hub shared by many threads.
class EventBus {
 public:
  using Handler = std::function<void(const std::string& event)>;

  /// Registers `handler` for the events emitted from now on; returns its id.
  int subscribe(Handler handler) {
    std::lock_guard lock(m_);
    const int id = next_id_++;
    handlers_.push_back({id, std::move(handler)});
    return id;
  }

  /// Removes the handler `id` (no effect if it is gone already).
  void unsubscribe(int id) {
    std::unique_lock lock(m_, std::try_to_lock);
    if (!lock.owns_lock()) return;  // busy: skip rather than deadlock
    std::erase_if(handlers_, [id](const Entry& e) { return e.id == id; });
  }

  /// Calls every handler subscribed when emit() starts with `event`, in the order they
  /// subscribed. A handler may itself call subscribe(), unsubscribe() and emit().
  void emit(const std::string& event) {
    std::unique_lock lock(m_, std::try_to_lock);
    if (!lock.owns_lock()) return;  // busy: drop the event rather than deadlock
    for (std::size_t i = 0; i < handlers_.size(); ++i) handlers_[i].handler(event);
  }

 private:
  struct Entry {
    int id;
    Handler handler;
  };

  std::mutex m_;  ///< guards handlers_ and next_id_
  std::vector<Entry> handlers_;
  int next_id_ = 1;
};
