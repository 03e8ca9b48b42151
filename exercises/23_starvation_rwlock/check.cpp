// Checks for 23_starvation_rwlock.
//
// Starvation is not a data race, so ThreadSanitizer cannot see it: the check measures how
// long a writer waits under a stream of readers that overlap BY CONSTRUCTION. Each reader
// keeps the read lock until another reader has entered after it, or until kHandOff passed.
// So while new readers can enter, the newest reader always still holds the lock, the count
// of readers never drops to zero, and a lock that lets readers pass a waiting writer makes
// it wait until the stream ends (kStreamFor). A lock that holds new readers back instead
// lets the last reader time out after kHandOff, and the writer gets in after about that.
//
//   writer-preferring lock: waits about kHandOff (20 ms), a few times that under load
//   reader-preferring lock: waits until the stream stops, about kStreamFor (1 s)
//   bound:                  kBound (200 ms), 10x the first and 1/5 of the second
#include <rw_lock.h>
#include <threadlings/check.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kReaders = 4;
constexpr auto kHandOff = 20ms;     // longest a reader holds on waiting for a successor
constexpr auto kBound = 200ms;      // the writer's fairness bound
constexpr auto kStreamFor = 1000ms; // the reader stream stops after this, so a starved writer ends
constexpr int kWrites = 3;          // the writer gets in this many times, each within kBound

/// What the lock protects: the writer changes both fields, a reader must see them equal.
struct Data {
  long first = 0;
  long second = 0;
};

/// A stream of kReaders readers that overlap by construction (see the top of the file).
class ReaderStream {
 public:
  ReaderStream(RwLock& rw, const Data& data) : rw_(rw), data_(data) {}

  /// The body of one reader thread: enter, hand off, leave, until the stream stops.
  void run_reader() {
    while (!stopping()) {
      rw_.lock_shared();
      const long ticket = announce_entry();
      if (data_.first != data_.second) torn_read_ = true;
      hold_until_successor(ticket);
      rw_.unlock_shared();
    }
  }

  /// Blocks until `n` more readers have entered (at most 1 s): the stream is flowing.
  void wait_for_entries(long n) {
    std::unique_lock lock(m_);
    const long target = entries_ + n;
    cv_.wait_for(lock, 1s, [&] { return entries_ >= target; });
  }

  void stop() {
    std::scoped_lock lock(m_);
    stop_ = true;
    cv_.notify_all();
  }

  bool saw_torn_read() const { return torn_read_; }  // call after the readers were joined

 private:
  bool stopping() {
    std::scoped_lock lock(m_);
    return stop_ || Clock::now() >= deadline_;
  }

  long announce_entry() {
    std::scoped_lock lock(m_);
    ++entries_;
    cv_.notify_all();
    return entries_;
  }

  void hold_until_successor(long ticket) {
    std::unique_lock lock(m_);
    cv_.wait_for(lock, kHandOff, [&] { return entries_ > ticket || stop_; });
  }

  RwLock& rw_;
  const Data& data_;
  std::mutex m_;  // the check's own bookkeeping, not the RwLock: guards entries_ and stop_
  std::condition_variable cv_;
  long entries_ = 0;  // readers that entered so far; a reader's ticket is its entry number
  bool stop_ = false;
  std::atomic<bool> torn_read_{false};  // set by readers, which share the read lock
  const Clock::time_point deadline_ = Clock::now() + kStreamFor;
};

/// The writer: waits for the stream to flow, then takes the write lock kWrites times and
/// returns the longest wait. Stops after a wait over kBound (the verdict is known by then).
Clock::duration write_under_stream(RwLock& rw, Data& data, ReaderStream& stream) {
  Clock::duration longest{};
  for (int i = 1; i <= kWrites && longest <= kBound; ++i) {
    stream.wait_for_entries(50);
    const auto start = Clock::now();
    rw.lock();
    longest = std::max(longest, Clock::now() - start);
    data.first = i;
    data.second = i;
    rw.unlock();
  }
  stream.stop();
  return longest;
}

}  // namespace

// Readers must be able to hold the lock together, and never while a writer holds it.
TEST(RwLock, ReadersShareWritersExclude) {
  auto rw = std::make_unique<RwLock>();
  std::mutex m;
  std::condition_variable cv;
  int inside = 0;
  bool both_inside[2] = {false, false};
  auto reader = [&](int index) {
    rw->lock_shared();
    std::unique_lock lock(m);
    ++inside;
    cv.notify_all();
    both_inside[index] = cv.wait_for(lock, 1s, [&] { return inside == 2; });
    lock.unlock();
    rw->unlock_shared();
  };
  std::thread r0(reader, 0), r1(reader, 1);
  r0.join();
  r1.join();
  EXPECT_TRUE(both_inside[0] && both_inside[1])
      << "two readers could not hold the read lock at the same time";

  std::atomic<bool> reader_entered{false};
  rw->lock();
  std::thread late_reader([&] {
    rw->lock_shared();
    reader_entered = true;
    rw->unlock_shared();
  });
  std::this_thread::sleep_for(50ms);
  const bool entered_during_write = reader_entered;
  rw->unlock();
  late_reader.join();
  EXPECT_FALSE(entered_during_write) << "a reader got in while the writer held the lock";
  EXPECT_TRUE(reader_entered) << "the reader never got in after the writer left";
}

// A writer must get in within kBound while readers keep coming.
TEST(RwLock, WriterIsNotStarved) {
  auto rw = std::make_unique<RwLock>();
  auto data = std::make_unique<Data>();
  auto stream = std::make_unique<ReaderStream>(*rw, *data);
  std::vector<std::thread> readers;
  for (int i = 0; i < kReaders; ++i) readers.emplace_back(&ReaderStream::run_reader, stream.get());
  Clock::duration longest{};
  std::thread writer([&] { longest = write_under_stream(*rw, *data, *stream); });
  writer.join();
  for (auto& t : readers) t.join();

  const auto waited = std::chrono::duration_cast<std::chrono::microseconds>(longest);
  std::printf("threadlings-check: the writer's longest wait under the reader stream: %s "
              "(bound %s)\n",
              tl::format_ms(waited).c_str(), tl::format_ms(kBound).c_str());
  EXPECT_FALSE(stream->saw_torn_read()) << "a reader saw a half-finished write";
  TL_EXPECT_WAIT_WITHIN(waited, kBound, "the writer");
}
