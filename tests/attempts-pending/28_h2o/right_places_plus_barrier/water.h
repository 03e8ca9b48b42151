// Goal: hydrogen and oxygen threads leave a WaterMaker as whole water molecules: 2 H + 1 O,
// nobody bonds before its molecule is complete, and molecules do not overlap.
#pragma once

#include <functional>

#include <barrier>
#include <semaphore>

/// Groups hydrogen and oxygen threads into water molecules: 2 hydrogens + 1 oxygen.
class WaterMaker {
 public:
  /// Called once by each hydrogen thread; calls bond() once the atom is part of a molecule.
  void hydrogen(const std::function<void()>& bond) {
    hydrogen_places_.acquire();
    molecule_.arrive_and_wait();  // wait for the other hydrogen and the oxygen
    bond();
    hydrogen_places_.release();
  }

  /// Called once by each oxygen thread; calls bond() once the atom is part of a molecule.
  void oxygen(const std::function<void()>& bond) {
    oxygen_place_.acquire();
    molecule_.arrive_and_wait();
    bond();
    oxygen_place_.release();
  }

 private:
  std::counting_semaphore<2> hydrogen_places_{2};
  std::binary_semaphore oxygen_place_{1};
  std::barrier<> molecule_{3};  // the three place holders meet here
};
