// Goal: hydrogen and oxygen threads arrive at a WaterMaker in any order, one call per atom:
// hydrogen(bond) or oxygen(bond). They must leave in molecules of exactly two hydrogens and
// one oxygen. Each atom calls bond() once; an atom waits until its molecule has all three
// atoms; and the three bond() calls of one molecule all return before any atom of the next
// molecule calls bond(). As written, the semaphores only limit how many atoms of each kind
// bond at the same time: nothing makes the three atoms of a molecule wait for each other, so
// hydrogens bond with no oxygen around and molecules mix.
#pragma once

#include <barrier>
#include <functional>
#include <semaphore>

/// Groups hydrogen and oxygen threads into water molecules: 2 hydrogens + 1 oxygen.
class WaterMaker {
 public:
  /// Called once by each hydrogen thread; calls bond() once the atom is part of a molecule.
  void hydrogen(const std::function<void()>& bond) {
    hydrogen_places_.acquire();  // one of the two hydrogen places of a molecule
    molecule_.arrive_and_wait();  // wait for the other hydrogen and the oxygen
    bond();
    hydrogen_places_.release();
  }

  /// Called once by each oxygen thread; calls bond() once the atom is part of a molecule.
  void oxygen(const std::function<void()>& bond) {
    oxygen_place_.acquire();  // the one oxygen place of a molecule
    molecule_.arrive_and_wait();  // wait for the two hydrogens
    bond();
    oxygen_place_.release();
  }

 private:
  std::counting_semaphore<2> hydrogen_places_{2};
  std::binary_semaphore oxygen_place_{1};
  // The three atoms holding the places meet here before bonding. The places are released only
  // after bond(), so the next molecule can fill up only once this one has finished bonding.
  std::barrier<> molecule_{3};
};
