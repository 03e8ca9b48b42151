// Goal: hydrogen and oxygen threads leave a WaterMaker as whole water molecules: 2 H + 1 O,
// nobody bonds before its molecule is complete, and molecules do not overlap.
#pragma once

#include <functional>

#include <mutex>
#include <semaphore>

/// Groups hydrogen and oxygen threads into water molecules: 2 hydrogens + 1 oxygen.
class WaterMaker {
 public:
  /// Called once by each hydrogen thread; calls bond() once the atom is part of a molecule.
  void hydrogen(const std::function<void()>& bond) {
    h_invite_.acquire();   // an oxygen wants me
    h_ready_.release();    // I am here
    h_go_.acquire();       // the molecule is complete
    bond();
    h_done_.release();
  }

  /// Called once by each oxygen thread; calls bond() once the atom is part of a molecule.
  void oxygen(const std::function<void()>& bond) {
    std::lock_guard turn(oxygen_turn_);  // one molecule at a time
    h_invite_.release(2);
    h_ready_.acquire();
    h_ready_.acquire();  // both hydrogens are here: the molecule is complete
    h_go_.release(2);
    bond();
    h_done_.acquire();
    h_done_.acquire();  // both hydrogens have bonded
  }

 private:
  std::mutex oxygen_turn_;
  std::counting_semaphore<> h_invite_{0};
  std::counting_semaphore<> h_ready_{0};
  std::counting_semaphore<> h_go_{0};
  std::counting_semaphore<> h_done_{0};
};
