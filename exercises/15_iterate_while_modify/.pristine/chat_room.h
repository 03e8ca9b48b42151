// Goal: one ChatRoom is shared by many threads. Members join and leave at any moment while
// other threads broadcast messages to everyone in the room. Make ChatRoom safe to use like
// that: in particular, broadcast() must never walk the member list while another thread
// is adding or removing a member.
#pragma once

#include <functional>
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
    // TODO: another thread may be walking members_ right now. Guard this change.
    const int id = next_id_++;
    members_.push_back({id, std::move(deliver)});
    return id;
  }

  /// Removes the member `id` (no effect if it already left).
  void leave(int id) {
    // TODO: guard this change too.
    std::erase_if(members_, [id](const Member& m) { return m.id == id; });
  }

  /// Delivers `text` to every member, in the order they joined. A member's callback may
  /// take a while (it writes to that member's connection).
  void broadcast(const std::string& text) {
    // TODO: this loop reads members_ from start to end while join() or leave() may be
    // moving its elements on another thread. Reading needs the lock as well.
    for (const Member& m : members_) m.deliver(text);
  }

 private:
  struct Member {
    int id;
    Deliver deliver;
  };

  // TODO: add the one lock that guards both members_ and next_id_.
  std::vector<Member> members_;
  int next_id_ = 1;
};
