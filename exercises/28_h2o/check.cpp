// Checks for 28_h2o. The learner does not edit this file.
//
// Atoms that bond in the wrong groups are not a data race, so ThreadSanitizer is silent. The
// check's bond() keeps a ledger instead. The bond() calls are numbered as they begin: calls
// 0-2 are molecule 1, calls 3-5 molecule 2, and so on. At every call the ledger checks:
// - the molecule has at most 2 hydrogens and 1 oxygen (so every complete one is H2O);
// - the molecule before it has finished: all three of its bond() calls have returned.
// Every atom must bond exactly once.
//
// The orders that matter are forced, not hoped for:
// - HydrogensWaitForAnOxygen starts three hydrogens and no oxygen: for 300 ms nothing may bond.
// - OxygenWaitsForTwoHydrogens starts two oxygens and one hydrogen: again nothing may bond.
// - In some checks the first bond() call is held for up to kHold: a correct WaterMaker lets
//   nobody of the next molecule in meanwhile; one whose molecules overlap does, and is caught.
#include <water.h>
#include <threadlings/check.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;

constexpr auto kAlone = 300ms;  // how long the atoms that cannot form a molecule wait alone
constexpr auto kHold = 200ms;   // how long the first bond() call may be held

enum class Kind { kHydrogen, kOxygen };

/// The check's record of every bond() call; remembers the first problem it saw.
class Ledger {
 public:
  Ledger(int atoms, bool hold_first, bool jitter)
      : bonds_of_(atoms, 0), hold_first_(hold_first), jitter_(jitter) {}

  /// The bond() function for atom `id` of kind `kind`.
  std::function<void()> bond_for(int id, Kind kind) {
    return [this, id, kind] { bond(id, kind); };
  }

  /// Waits up to `limit` for `n` bond() calls to have begun; returns how many have.
  int wait_for_bonds(int n, std::chrono::milliseconds limit) {
    std::unique_lock lock(m_);
    changed_.wait_for(lock, limit, [&] { return begun_ >= n; });
    return begun_;
  }

  /// The first problem seen, or, once all atoms are done, a missing or repeated bond.
  std::string problem(const std::vector<Kind>& kinds) {
    std::scoped_lock lock(m_);
    if (!problem_.empty()) return problem_;
    for (std::size_t id = 0; id < bonds_of_.size(); ++id)
      if (bonds_of_[id] != 1)
        return name(static_cast<int>(id), kinds[id]) + " called bond() " +
               std::to_string(bonds_of_[id]) + " times; every atom must bond exactly once";
    return "";
  }

 private:
  struct Molecule {
    int hydrogens = 0;
    int oxygens = 0;
    int returned = 0;
  };

  static std::string name(int id, Kind kind) {
    return std::string(kind == Kind::kHydrogen ? "hydrogen " : "oxygen ") + std::to_string(id);
  }

  void bond(int id, Kind kind) {
    std::unique_lock lock(m_);
    const int call = begun_++;
    const std::size_t index = call / 3;
    if (molecules_.size() <= index) molecules_.resize(index + 1);
    Molecule& mine = molecules_[index];
    (kind == Kind::kHydrogen ? mine.hydrogens : mine.oxygens)++;
    ++bonds_of_[id];
    const std::string molecule = "molecule " + std::to_string(index + 1);
    if (problem_.empty()) {
      if (mine.hydrogens > 2)
        problem_ = molecule + " got a third hydrogen (" + name(id, kind) +
                   "): a water molecule is exactly 2 hydrogens + 1 oxygen";
      else if (mine.oxygens > 1)
        problem_ = molecule + " got a second oxygen (" + name(id, kind) +
                   "): a water molecule is exactly 2 hydrogens + 1 oxygen";
      else if (index > 0 && molecules_[index - 1].returned < 3)
        problem_ = name(id, kind) + " began bonding in " + molecule + " while only " +
                   std::to_string(molecules_[index - 1].returned) + " of the 3 atoms of molecule " +
                   std::to_string(index) + " had finished bonding: molecules must not overlap";
    }
    changed_.notify_all();
    if (call == 0 && hold_first_)
      changed_.wait_for(lock, kHold, [&] { return !problem_.empty(); });
    lock.unlock();
    if (jitter_) tl::jitter();
    lock.lock();
    ++molecules_[index].returned;
    changed_.notify_all();
  }

  std::mutex m_;
  std::condition_variable changed_;
  int begun_ = 0;                   // bond() calls begun so far
  std::vector<Molecule> molecules_;  // by index: calls 3i .. 3i+2
  std::vector<int> bonds_of_;       // per atom id, its bond() calls
  std::string problem_;
  const bool hold_first_;
  const bool jitter_;
};

/// A reaction: atoms (threads) arriving at one WaterMaker, recorded in one Ledger.
class Reaction {
 public:
  Reaction(std::vector<Kind> kinds, bool hold_first, bool jitter)
      : kinds_(std::move(kinds)),
        maker_(std::make_unique<WaterMaker>()),
        ledger_(std::make_unique<Ledger>(static_cast<int>(kinds_.size()), hold_first, jitter)),
        jitter_(jitter) {}

  /// Starts the threads of atoms [from, to), behind a gate that opens once all are started.
  void start(int from, int to) {
    auto gate = std::make_shared<tl::StartGate>();
    for (int id = from; id < to; ++id)
      threads_.emplace_back([this, gate, id] {
        gate->wait();
        if (jitter_) tl::jitter();
        const auto bond = ledger_->bond_for(id, kinds_[id]);
        if (kinds_[id] == Kind::kHydrogen) maker_->hydrogen(bond);
        else maker_->oxygen(bond);
      });
    gate->open();
  }

  int bonds_begun_within(std::chrono::milliseconds limit) { return ledger_->wait_for_bonds(1, limit); }

  /// Joins every atom and reports the first problem as a wrong result.
  void finish() {
    for (auto& t : threads_) t.join();
    if (const auto problem = ledger_->problem(kinds_); !problem.empty())
      TL_REPORT("wrong-result", problem);
  }

 private:
  std::vector<Kind> kinds_;  // by atom id
  std::unique_ptr<WaterMaker> maker_;
  std::unique_ptr<Ledger> ledger_;
  const bool jitter_;
  std::vector<std::thread> threads_;
};

/// `molecules` x (2 hydrogens + 1 oxygen), in an order shuffled with the run's seed.
std::vector<Kind> shuffled_atoms(int molecules) {
  std::vector<Kind> kinds;
  for (int m = 0; m < molecules; ++m)
    kinds.insert(kinds.end(), {Kind::kHydrogen, Kind::kHydrogen, Kind::kOxygen});
  std::mt19937_64 rng(tl::seed());
  std::shuffle(kinds.begin(), kinds.end(), rng);
  return kinds;
}

}  // namespace

// Three hydrogens arrive, no oxygen: nothing may bond until an oxygen comes. (Three, not
// four: a fourth atom arriving at a std::barrier of 3 while its first phase completes would
// overrun the phase, which is undefined behaviour and a data race inside std::barrier.)
TEST(Water, HydrogensWaitForAnOxygen) {
  using K = Kind;
  Reaction reaction({K::kHydrogen, K::kHydrogen, K::kHydrogen, K::kHydrogen, K::kOxygen, K::kOxygen},
                    /*hold_first=*/true, /*jitter=*/false);
  reaction.start(0, 3);
  const int bonded_alone = reaction.bonds_begun_within(kAlone);
  reaction.start(3, 6);
  if (bonded_alone > 0) {
    TL_REPORT("wrong-result", std::to_string(bonded_alone) +
                                  " hydrogen(s) called bond() although no oxygen had arrived: a "
                                  "hydrogen must wait until its molecule has an oxygen");
  }
  reaction.finish();
}

// Two oxygens and one hydrogen arrive: nothing may bond until a second hydrogen comes.
TEST(Water, OxygenWaitsForTwoHydrogens) {
  using K = Kind;
  Reaction reaction({K::kOxygen, K::kOxygen, K::kHydrogen, K::kHydrogen, K::kHydrogen, K::kHydrogen},
                    /*hold_first=*/false, /*jitter=*/false);
  reaction.start(0, 3);
  const int bonded_alone = reaction.bonds_begun_within(kAlone);
  reaction.start(3, 6);
  if (bonded_alone > 0) {
    TL_REPORT("wrong-result", std::to_string(bonded_alone) +
                                  " atom(s) called bond() while only one hydrogen had arrived: an "
                                  "oxygen must wait until its molecule has two hydrogens");
  }
  reaction.finish();
}

// Three molecules' atoms arrive together; the first bond() is held: nobody of the next
// molecule may begin bonding until it returns.
TEST(Water, MoleculesDoNotOverlap) {
  Reaction reaction(shuffled_atoms(3), /*hold_first=*/true, /*jitter=*/false);
  reaction.start(0, 9);
  reaction.finish();
}

// Fifteen molecules' atoms in a shuffled order, with seeded jitter.
TEST(Water, ManyMoleculesUnderJitter) {
  Reaction reaction(shuffled_atoms(15), /*hold_first=*/false, /*jitter=*/true);
  reaction.start(0, 45);
  reaction.finish();
}
