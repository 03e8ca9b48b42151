// Mutant (wrong fix): make the mutex recursive.
// Tempting: the hang is gone at once: a std::recursive_mutex may be locked again by the
// thread that holds it.
// Wrong: the lock no longer stops anything here. unsubscribe(), called by a handler in the
// middle of emit(), erases from the very vector emit() is walking: the handlers behind it
// shift one place to the left, and the loop steps over the one that moved into the current
// slot. That handler never sees the event. Expected verdict: wrong-result.
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
    std::lock_guard lock(m_);
    std::erase_if(handlers_, [id](const Entry& e) { return e.id == id; });
  }

  /// Calls every handler subscribed when emit() starts with `event`, in the order they
  /// subscribed. A handler may itself call subscribe(), unsubscribe() and emit().
  void emit(const std::string& event) {
    std::lock_guard lock(m_);
    for (std::size_t i = 0; i < handlers_.size(); ++i) handlers_[i].handler(event);
  }

 private:
  struct Entry {
    int id;
    Handler handler;
  };

  std::recursive_mutex m_;  ///< guards handlers_ and next_id_; re-entrant "so handlers can call us"
  std::vector<Entry> handlers_;
  int next_id_ = 1;
};
