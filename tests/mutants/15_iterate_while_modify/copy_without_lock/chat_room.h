// Mutant (wrong fix): deliver from a copy of the list, but make the copy without the lock.
// Tempting: iterating a private copy is the right idea, and the copy is "just one line".
// Wrong: making the copy reads every element of members_, and that read can overlap
// leave() or join() on another thread just like the loop did. The copy must be taken
// under the lock. Expected verdict: data-race.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

/// A chat room: each member joins with a callback that receives every message broadcast
/// while it is in the room. One object is shared by all threads.
class ChatRoom {
 public:
  using Deliver = std::function<void(const std::string&)>;

  /// Adds a member; returns its id, for leave().
  int join(Deliver deliver) {
    std::lock_guard lock(m_);  // no broadcast() walks members_ while it changes
    const int id = next_id_++;
    members_.push_back({id, std::move(deliver)});
    return id;
  }

  /// Removes the member `id` (no effect if it already left).
  void leave(int id) {
    std::lock_guard lock(m_);
    std::erase_if(members_, [id](const Member& m) { return m.id == id; });
  }

  /// Delivers `text` to every member, in the order they joined. A member's callback may
  /// take a while (it writes to that member's connection).
  void broadcast(const std::string& text) {
    const std::vector<Member> snapshot = members_;  // a private copy... made without the lock
    for (const Member& m : snapshot) m.deliver(text);
  }

 private:
  struct Member {
    int id;
    Deliver deliver;
  };

  std::mutex m_;  ///< guards members_ and next_id_
  std::vector<Member> members_;
  int next_id_ = 1;
};
