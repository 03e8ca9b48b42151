// Checks for 19_callback_lost_errors. The learner does not edit this file.
//
// The task given to the Fetcher throws std::invalid_argument for every request that starts
// with "bad". The checks count how often on_done is called for each request and look at what
// it received:
// - an exception that escapes the worker thread ends the run in std::terminate (crash);
// - a request whose on_done is never called, or called twice, is a wrong result;
// - a failed request must deliver the task's own exception (type and message), and a
//   successful one its value with no error.
// ~Fetcher() joins the worker, so once the Fetcher is destroyed no on_done can still come.
#include <fetcher.h>
#include <threadlings/check.h>

#include <chrono>
#include <condition_variable>
#include <latch>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;

constexpr auto kCompletionLimit = 2000ms;

bool is_bad(const std::string& request) { return request.rfind("bad", 0) == 0; }
std::string expected_value(const std::string& request) { return "value of " + request; }
std::string expected_error(const std::string& request) {
  return "bad request '" + request + "'";
}

/// The task run on the worker thread: throws for "bad..." requests.
std::string lookup(const std::string& request) {
  if (is_bad(request)) throw std::invalid_argument(expected_error(request));
  return expected_value(request);
}

std::string request_name(int id, bool bad) {
  return (bad ? "bad-" : "item-") + std::to_string(id);
}

/// Every on_done call, per request id. Shared with the callbacks through a shared_ptr.
class Completions {
 public:
  void record(int id, FetchResult result) {
    std::lock_guard lock(mutex_);
    results_[id].push_back(std::move(result));
    changed_.notify_all();
  }

  /// Waits up to `limit` until requests 0..n-1 have all completed at least once.
  void wait_for_all(int n, std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, limit, [&] { return static_cast<int>(results_.size()) >= n; });
  }

  std::vector<FetchResult> results_of(int id) {
    std::lock_guard lock(mutex_);
    auto it = results_.find(id);
    return it == results_.end() ? std::vector<FetchResult>{} : it->second;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<int, std::vector<FetchResult>> results_;
};

/// The on_done for request `id`: records the call. It keeps `completions` alive itself.
Fetcher::Callback record_into(std::shared_ptr<Completions> completions, int id) {
  return [completions, id](FetchResult result) { completions->record(id, std::move(result)); };
}

/// What is wrong with the error `result` carries for the bad `request`, or "".
std::string error_problem(const std::string& request, const FetchResult& result) {
  if (!result.error)
    return "request '" + request + "' failed, but on_done got no error (value '" +
           result.value + "'): the exception was swallowed";
  try {
    std::rethrow_exception(result.error);
  } catch (const std::invalid_argument& e) {
    if (e.what() != expected_error(request))
      return "request '" + request + "' delivered the error '" + e.what() + "', expected '" +
             expected_error(request) + "'";
  } catch (...) {
    return "request '" + request + "' delivered an error of another type than the task threw "
           "(std::invalid_argument): pass on the original exception";
  }
  return "";
}

/// What is wrong with the completions of request `id`, or "".
std::string completion_problem(int id, const std::string& request, Completions& completions) {
  const std::vector<FetchResult> results = completions.results_of(id);
  if (results.empty())
    return "request '" + request + "' never completed: on_done was not called (waited " +
           tl::format_ms(kCompletionLimit) + " and until ~Fetcher() returned)";
  if (results.size() > 1)
    return "request '" + request + "' completed " + std::to_string(results.size()) +
           " times: on_done must be called exactly once";
  const FetchResult& result = results.front();
  if (is_bad(request)) return error_problem(request, result);
  if (result.error) return "request '" + request + "' succeeded, but on_done got an error";
  if (result.value != expected_value(request))
    return "request '" + request + "' delivered '" + result.value + "', expected '" +
           expected_value(request) + "'";
  return "";
}

}  // namespace

// Three requests, the middle one bad: its error must reach its own on_done, and the good
// ones around it must still get their values.
TEST(Fetcher, ErrorReachesTheCaller) {
  auto completions = std::make_shared<Completions>();
  auto fetcher = std::make_unique<Fetcher>(lookup);
  const std::vector<std::string> requests = {request_name(0, false), request_name(1, true),
                                             request_name(2, false)};
  for (int id = 0; id < 3; ++id)
    fetcher->fetch(requests[id], record_into(completions, id));

  completions->wait_for_all(3, kCompletionLimit);
  fetcher.reset();  // joins the worker: every on_done that will ever come has come
  for (int id = 0; id < 3; ++id)
    if (const std::string problem = completion_problem(id, requests[id], *completions);
        !problem.empty())
      ADD_FAILURE() << problem;
}

// Four threads fetch 50 requests each, every third one bad, with seeded jitter between
// calls. Each of the 200 requests must complete exactly once, with its value or its error.
// Good requests are served while the callers are still fetching; bad ones wait until the
// callers have been joined. That keeps an escaped exception's verdict stable: had a caller
// finished but not yet been joined when std::terminate ends the process, ThreadSanitizer
// would add a thread-leak report to the crash.
TEST(Fetcher, EveryRequestCompletesExactlyOnce) {
  const auto request_for = [](int id) { return request_name(id, id % 3 == 1); };
  constexpr int kCallers = 4;
  constexpr int kPerCaller = 50;
  constexpr int kRequests = kCallers * kPerCaller;
  auto completions = std::make_shared<Completions>();
  auto callers_joined = std::make_shared<std::latch>(1);
  auto fetcher = std::make_unique<Fetcher>([callers_joined](const std::string& request) {
    if (is_bad(request)) callers_joined->wait();
    return lookup(request);
  });

  tl::StartGate gate;
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c)
    callers.emplace_back([&, c] {
      gate.wait();
      for (int i = 0; i < kPerCaller; ++i) {
        const int id = c * kPerCaller + i;
        fetcher->fetch(request_for(id), record_into(completions, id));
        tl::jitter();
      }
    });
  gate.open();
  for (auto& caller : callers) caller.join();
  callers_joined->count_down();

  completions->wait_for_all(kRequests, kCompletionLimit);
  fetcher.reset();  // joins the worker: every on_done that will ever come has come
  int failures = 0;
  for (int id = 0; id < kRequests; ++id) {
    const std::string problem = completion_problem(id, request_for(id), *completions);
    if (!problem.empty() && ++failures <= 3) ADD_FAILURE() << problem;
  }
  if (failures > 3) ADD_FAILURE() << "... and " << failures - 3 << " more request(s) went wrong";
}
