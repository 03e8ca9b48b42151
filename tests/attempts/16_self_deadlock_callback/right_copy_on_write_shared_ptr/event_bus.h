#pragma once

#include <cstddef>
#include <functional>
#include <memory>
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
    auto next = std::make_shared<std::vector<Entry>>(*handlers_);
    next->push_back({id, std::move(handler)});
    handlers_ = std::move(next);
    return id;
  }

  /// Removes the handler `id` (no effect if it is gone already).
  void unsubscribe(int id) {
    std::lock_guard lock(m_);
    auto next = std::make_shared<std::vector<Entry>>(*handlers_);
    std::erase_if(*next, [id](const Entry& e) { return e.id == id; });
    handlers_ = std::move(next);
  }

  /// Calls every handler subscribed when emit() starts with `event`, in the order they
  /// subscribed. A handler may itself call subscribe(), unsubscribe() and emit().
  void emit(const std::string& event) {
    std::shared_ptr<const std::vector<Entry>> current;
    {
      std::lock_guard lock(m_);
      current = handlers_;
    }
    for (const Entry& e : *current) e.handler(event);
  }

 private:
  struct Entry {
    int id;
    Handler handler;
  };

  std::mutex m_;  ///< guards the handlers_ pointer and next_id_
  std::shared_ptr<const std::vector<Entry>> handlers_ = std::make_shared<std::vector<Entry>>();
  int next_id_ = 1;
};
