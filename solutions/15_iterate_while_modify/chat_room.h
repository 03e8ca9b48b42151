// Goal: one ChatRoom is shared by many threads. Members join and leave at any moment while
// other threads broadcast messages to everyone in the room. Make ChatRoom safe to use like
// that: in particular, broadcast() must never walk the member list while another thread
// is adding or removing a member.
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
    // Copy the list under the lock, then deliver from the copy without it: join() and
    // leave() may change members_ meanwhile, but never the copy this loop walks, and a slow
    // member does not hold up everyone who wants to join. (Holding the lock for the whole
    // loop is correct too, but then a callback that calls join() would deadlock.)
    std::vector<Member> snapshot;
    {
      std::lock_guard lock(m_);
      snapshot = members_;
    }
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
