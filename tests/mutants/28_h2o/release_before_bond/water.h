// Mutant (wrong fix): places and a barrier, but the places are given back before bond().
// Tempting: once the molecule has met at the barrier, the places seem to have done their job,
// and releasing early lets the next molecule form sooner.
// Wrong: the next two hydrogens and oxygen take the places, meet at the barrier and start
// bonding while this molecule is still bonding: molecules overlap.
// Expected verdict: wrong-result.
#pragma once

#include <barrier>
#include <functional>
#include <semaphore>

/// Groups hydrogen and oxygen threads into water molecules: 2 hydrogens + 1 oxygen.
class WaterMaker {
 public:
  /// Called once by each hydrogen thread; calls bond() once the atom is part of a molecule.
  void hydrogen(const std::function<void()>& bond) {
    hydrogen_places_.acquire();
    molecule_.arrive_and_wait();
    hydrogen_places_.release();  // the molecule is complete: free the place for the next one
    bond();
  }

  /// Called once by each oxygen thread; calls bond() once the atom is part of a molecule.
  void oxygen(const std::function<void()>& bond) {
    oxygen_place_.acquire();
    molecule_.arrive_and_wait();
    oxygen_place_.release();  // the molecule is complete: free the place for the next one
    bond();
  }

 private:
  std::counting_semaphore<2> hydrogen_places_{2};
  std::binary_semaphore oxygen_place_{1};
  std::barrier<> molecule_{3};
};
