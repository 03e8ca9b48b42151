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
    handlers_->push_back({id, std::move(handler)});
    return id;
  }

  /// Removes the handler `id` (no effect if it is gone already).
  void unsubscribe(int id) {
    std::lock_guard lock(m_);
    std::erase_if(*handlers_, [id](const Entry& e) { return e.id == id; });
  }

  /// Calls every handler subscribed when emit() starts with `event`, in the order they
  /// subscribed. A handler may itself call subscribe(), unsubscribe() and emit().
  void emit(const std::string& event) {
    std::shared_ptr<std::vector<Entry>> list;
    {
      std::lock_guard lock(m_);
      list = handlers_;
    }
    for (std::size_t i = 0; i < list->size(); ++i) (*list)[i].handler(event);
  }

 private:
  struct Entry {
    int id;
    Handler handler;
  };

  std::mutex m_;  ///< guards handlers_ and next_id_
  std::shared_ptr<std::vector<Entry>> handlers_ = std::make_shared<std::vector<Entry>>();
  int next_id_ = 1;
};
