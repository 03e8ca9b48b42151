// Mutant (wrong fix): make every atom wait at a barrier of three before bonding; drop the places.
// Tempting: "a molecule is three atoms that wait for each other" is exactly a barrier of 3.
// Wrong: a barrier counts threads, not kinds. Any three atoms pass it together, so three
// hydrogens make a "molecule" without oxygen. The places are what make the three 2 H + 1 O.
// Expected verdict: wrong-result.
#pragma once

#include <barrier>
#include <functional>

/// Groups hydrogen and oxygen threads into water molecules: 2 hydrogens + 1 oxygen.
class WaterMaker {
 public:
  /// Called once by each hydrogen thread; calls bond() once the atom is part of a molecule.
  void hydrogen(const std::function<void()>& bond) {
    molecule_.arrive_and_wait();  // wait for two more atoms
    bond();
  }

  /// Called once by each oxygen thread; calls bond() once the atom is part of a molecule.
  void oxygen(const std::function<void()>& bond) {
    molecule_.arrive_and_wait();  // wait for two more atoms
    bond();
  }

 private:
  std::barrier<> molecule_{3};
};
