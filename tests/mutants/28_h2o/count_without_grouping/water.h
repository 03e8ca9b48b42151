// Mutant (wrong fix): count the atoms: an oxygen waits for two waiting hydrogens and lets
// exactly two of them go.
// Tempting: the numbers are right: every oxygen takes two hydrogens, and no hydrogen bonds
// before an oxygen picked it.
// Wrong: nothing keeps one molecule's bonds together. As soon as the first oxygen has picked
// its hydrogens, a second oxygen can pick two more, and all six bond at the same time, in any
// order: the second molecule starts bonding before the first has finished.
// Expected verdict: wrong-result.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>

/// Groups hydrogen and oxygen threads into water molecules: 2 hydrogens + 1 oxygen.
class WaterMaker {
 public:
  /// Called once by each hydrogen thread; calls bond() once the atom is part of a molecule.
  void hydrogen(const std::function<void()>& bond) {
    std::unique_lock lock(m_);
    ++waiting_hydrogens_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return released_hydrogens_ > 0; });  // picked by an oxygen
    --released_hydrogens_;
    lock.unlock();
    bond();
  }

  /// Called once by each oxygen thread; calls bond() once the atom is part of a molecule.
  void oxygen(const std::function<void()>& bond) {
    std::unique_lock lock(m_);
    changed_.wait(lock, [&] { return waiting_hydrogens_ >= 2; });  // two hydrogens are here
    waiting_hydrogens_ -= 2;
    released_hydrogens_ += 2;  // take exactly those two
    changed_.notify_all();
    lock.unlock();
    bond();
  }

 private:
  std::mutex m_;
  std::condition_variable changed_;
  int waiting_hydrogens_ = 0;
  int released_hydrogens_ = 0;
};
