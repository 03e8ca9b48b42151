// Goal: hydrogen and oxygen threads arrive at a WaterMaker in any order, one call per atom:
// hydrogen(bond) or oxygen(bond). They must leave in molecules of exactly two hydrogens and
// one oxygen. Each atom calls bond() once; an atom waits until its molecule has all three
// atoms; and the three bond() calls of one molecule all return before any atom of the next
// molecule calls bond(). As written, the semaphores only limit how many atoms of each kind
// bond at the same time: nothing makes the three atoms of a molecule wait for each other, so
// hydrogens bond with no oxygen around and molecules mix.
#pragma once

#include <functional>
#include <semaphore>

/// Groups hydrogen and oxygen threads into water molecules: 2 hydrogens + 1 oxygen.
class WaterMaker {
 public:
  /// Called once by each hydrogen thread; calls bond() once the atom is part of a molecule.
  void hydrogen(const std::function<void()>& bond) {
    hydrogen_places_.acquire();  // one of the two hydrogen places of a molecule
    // TODO: this hydrogen bonds at once, without waiting for the rest of its molecule.
    bond();
    hydrogen_places_.release();
  }

  /// Called once by each oxygen thread; calls bond() once the atom is part of a molecule.
  void oxygen(const std::function<void()>& bond) {
    oxygen_place_.acquire();  // the one oxygen place of a molecule
    // TODO: this oxygen bonds at once, without waiting for its two hydrogens.
    bond();
    oxygen_place_.release();
  }

 private:
  std::counting_semaphore<2> hydrogen_places_{2};
  std::binary_semaphore oxygen_place_{1};
  // TODO: nothing makes the three atoms that hold the places wait for each other.
};
