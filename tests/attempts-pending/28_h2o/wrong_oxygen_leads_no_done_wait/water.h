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
    h_invite_.acquire();
    h_ready_.release();
    h_go_.acquire();
    bond();
  }

  /// Called once by each oxygen thread; calls bond() once the atom is part of a molecule.
  void oxygen(const std::function<void()>& bond) {
    std::lock_guard turn(oxygen_turn_);
    h_invite_.release(2);
    h_ready_.acquire();
    h_ready_.acquire();
    h_go_.release(2);
    bond();
  }

 private:
  std::mutex oxygen_turn_;
  std::counting_semaphore<> h_invite_{0};
  std::counting_semaphore<> h_ready_{0};
  std::counting_semaphore<> h_go_{0};
};
