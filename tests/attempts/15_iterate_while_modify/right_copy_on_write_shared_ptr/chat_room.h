#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

/// A chat room shared by all threads.
class ChatRoom {
 public:
  using Deliver = std::function<void(const std::string&)>;

  /// Adds a member; returns its id, for leave().
  int join(Deliver deliver) {
    std::lock_guard lock(m_);
    const int id = next_id_++;
    auto next = std::make_shared<std::vector<Member>>(*members_);
    next->push_back({id, std::move(deliver)});
    members_ = std::move(next);
    return id;
  }

  /// Removes the member `id` (no effect if it already left).
  void leave(int id) {
    std::lock_guard lock(m_);
    auto next = std::make_shared<std::vector<Member>>(*members_);
    std::erase_if(*next, [id](const Member& m) { return m.id == id; });
    members_ = std::move(next);
  }

  /// Delivers `text` to every member, in the order they joined.
  void broadcast(const std::string& text) {
    std::shared_ptr<const std::vector<Member>> snapshot;
    {
      std::lock_guard lock(m_);
      snapshot = members_;
    }
    for (const Member& m : *snapshot) m.deliver(text);
  }

 private:
  struct Member {
    int id;
    Deliver deliver;
  };

  std::mutex m_;  // guards the members_ pointer and next_id_
  std::shared_ptr<const std::vector<Member>> members_ = std::make_shared<std::vector<Member>>();
  int next_id_ = 1;
};
