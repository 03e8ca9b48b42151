// Goal: hydrogen and oxygen threads leave a WaterMaker as whole water molecules: 2 H + 1 O,
// nobody bonds before its molecule is complete, and molecules do not overlap.
#pragma once

#include <functional>

#include <condition_variable>
#include <mutex>

/// Groups hydrogen and oxygen threads into water molecules: 2 hydrogens + 1 oxygen.
class WaterMaker {
 public:
  /// Called once by each hydrogen thread; calls bond() once the atom is part of a molecule.
  void hydrogen(const std::function<void()>& bond) {
    std::unique_lock lock(m_);
    ++h_waiting_;
    try_form();
    cv_.wait(lock, [&] { return h_slots_ > 0; });
    --h_slots_;
    lock.unlock();
    bond();
    lock.lock();
    if (--to_bond_ == 0) {
      forming_ = false;
      try_form();
    }
  }

  /// Called once by each oxygen thread; calls bond() once the atom is part of a molecule.
  void oxygen(const std::function<void()>& bond) {
    std::unique_lock lock(m_);
    ++o_waiting_;
    try_form();
    cv_.wait(lock, [&] { return o_slots_ > 0; });
    --o_slots_;
    lock.unlock();
    bond();
    lock.lock();
    if (--to_bond_ == 0) {
      forming_ = false;
      try_form();
    }
  }

 private:
  /// With m_ held: if no molecule is bonding and enough atoms wait, form the next one.
  void try_form() {
    if (!forming_ && h_waiting_ >= 2 && o_waiting_ >= 1) {
      forming_ = true;
      h_waiting_ -= 2;
      o_waiting_ -= 1;
      h_slots_ = 2;
      o_slots_ = 1;
      to_bond_ = 3;
      cv_.notify_all();
    }
  }

  std::mutex m_;
  std::condition_variable cv_;
  int h_waiting_ = 0;  ///< atoms waiting, not yet in a molecule
  int o_waiting_ = 0;
  int h_slots_ = 0;    ///< places of the current molecule not yet taken
  int o_slots_ = 0;
  int to_bond_ = 0;    ///< bond() calls of the current molecule not yet returned
  bool forming_ = false;
};
