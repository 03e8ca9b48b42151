// Goal: hydrogen and oxygen threads leave a WaterMaker as whole water molecules: 2 H + 1 O,
// nobody bonds before its molecule is complete, and molecules do not overlap.
#pragma once

#include <functional>

#include <barrier>
#include <mutex>
#include <semaphore>

/// Groups hydrogen and oxygen threads into water molecules: 2 hydrogens + 1 oxygen.
class WaterMaker {
 public:
  /// Called once by each hydrogen thread; calls bond() once the atom is part of a molecule.
  void hydrogen(const std::function<void()>& bond) {
    gate_.lock();
    ++hydrogens_;
    if (hydrogens_ >= 2 && oxygens_ >= 1) {
      form_molecule();
    } else {
      gate_.unlock();
    }
    hydrogen_queue_.acquire();
    bond();
    molecule_.arrive_and_wait();
  }

  /// Called once by each oxygen thread; calls bond() once the atom is part of a molecule.
  void oxygen(const std::function<void()>& bond) {
    gate_.lock();
    ++oxygens_;
    if (hydrogens_ >= 2) {
      form_molecule();
    } else {
      gate_.unlock();
    }
    oxygen_queue_.acquire();
    bond();
    molecule_.arrive_and_wait();
    gate_.unlock();
  }

 private:
  void form_molecule() {
    hydrogens_ -= 2;
    oxygens_ -= 1;
    hydrogen_queue_.release(2);
    oxygen_queue_.release();
  }

  std::mutex gate_;
  int hydrogens_ = 0;
  int oxygens_ = 0;
  std::counting_semaphore<> hydrogen_queue_{0};
  std::counting_semaphore<> oxygen_queue_{0};
  std::barrier<> molecule_{3};
};
