// Checks for 21_promise_never_set. The learner does not edit this file.
//
// The caller's side of a future: wait (at most kReady) for it to become ready, then get().
// What get() does tells what the worker did with its promise:
//   returns a Config             the worker called set_value()
//   throws ParseError            the worker handed over the parser's own exception
//   throws std::future_error     the worker dropped the promise unset ("broken promise")
//   throws something else        the worker made up a different exception
//   never ready                  the promise is still alive somewhere and nobody sets it
// An exception that escapes the worker thread ends the run in std::terminate (a crash).
//
// The loader (and so every worker thread) is destroyed before get() is called. Reason: the
// exception object travels between the threads with a reference count kept inside the
// uninstrumented C++ runtime, so ThreadSanitizer cannot see it. If a worker dropped its last
// reference after the caller had read the exception, it would report a data race that is
// not there. Once the workers are joined, only the caller holds a reference.
#include <config_loader.h>
#include <threadlings/check.h>

#include <cxxabi.h>

#include <chrono>
#include <cstdlib>
#include <exception>
#include <future>
#include <memory>
#include <string>
#include <typeinfo>
#include <vector>

namespace {

using namespace std::chrono_literals;

constexpr auto kReady = 2000ms;  // a parse takes microseconds; this is only a safety net

const std::string kGoodText =
    "# editor settings\n"
    "theme = dark\n"
    "\n"
    "tab_width = 4\n";
const std::string kBadText =  // line 3 has no '='
    "theme = dark\n"
    "tab_width = 4\n"
    "font_size 12\n";
const std::string kBadTextError = "line 3: expected 'key = value'";

/// What happened when the caller waited for `future` and called get().
struct Outcome {
  bool ready = false;
  bool has_config = false;
  Config config;
  bool parse_error = false;  // get() threw ParseError
  int line = 0;
  std::string what;          // the exception's message
  std::string thrown;        // a description of any other exception
};

/// The readable name of the dynamic type of `e`, e.g. "std::runtime_error".
std::string type_name(const std::exception& e) {
  int status = 0;
  char* demangled = abi::__cxa_demangle(typeid(e).name(), nullptr, nullptr, &status);
  std::string name = status == 0 && demangled ? demangled : typeid(e).name();
  std::free(demangled);
  return name;
}

/// Waits for `future`; if it became ready, gets it. Call get_ready() only once every
/// future of the loader is ready and the loader is destroyed (see the top of the file).
bool wait_ready(std::future<Config>& future) {
  return future.wait_for(kReady) == std::future_status::ready;
}

Outcome get_ready(std::future<Config>& future) {
  Outcome o;
  o.ready = true;
  try {
    o.config = future.get();
    o.has_config = true;
  } catch (const ParseError& e) {
    o.parse_error = true;
    o.line = e.line();
    o.what = e.what();
  } catch (const std::future_error& e) {
    o.thrown = std::string("std::future_error '") + e.what() +
               "': the worker dropped its promise without set_value() or set_exception()";
  } catch (const std::exception& e) {
    o.thrown = type_name(e) + " '" + e.what() +
               "', not the ParseError itself (a catch (const ParseError&) misses it, and "
               "line() is lost)";
  }
  return o;
}

std::string show(const Config& config) {
  std::string s = "{";
  for (const auto& [k, v] : config) s += (s.size() > 1 ? ", " : "") + k + "=" + v;
  return s + "}";
}

/// Fails with a description unless `o` holds the ParseError of kBadText.
void expect_parse_error(const Outcome& o) {
  if (!o.ready) {
    TL_REPORT("deadlock", "the future of a config with an error never became ready (waited 2 s): "
                          "the promise is still alive but nobody will ever set it");
    return;
  }
  if (o.has_config) {
    ADD_FAILURE() << "get() returned the config " << show(o.config)
                  << " for text whose line 3 is broken: the ParseError was swallowed, and the "
                     "caller cannot tell a broken file from a good one";
    return;
  }
  if (!o.thrown.empty()) {
    ADD_FAILURE() << "get() threw " << o.thrown << "; expected the ParseError '" << kBadTextError
                  << "'";
    return;
  }
  if (o.line != 3 || o.what != kBadTextError)
    ADD_FAILURE() << "get() threw ParseError '" << o.what << "' (line " << o.line
                  << "); expected '" << kBadTextError << "' (line 3)";
}

/// Waits for all `futures`; if they all became ready, destroys the loader (joining its
/// workers) and gets each one. Otherwise returns "not ready" for all and leaves the loader
/// alone (a worker may be stuck).
std::vector<Outcome> wait_then_get(std::unique_ptr<ConfigLoader> loader,
                                   std::vector<std::future<Config>>& futures) {
  std::vector<Outcome> outcomes(futures.size());
  for (auto& f : futures)
    if (!wait_ready(f)) {
      (void)loader.release();  // a worker may still be stuck: do not join it
      return outcomes;         // all "not ready"
    }
  loader.reset();
  for (std::size_t i = 0; i < futures.size(); ++i) outcomes[i] = get_ready(futures[i]);
  return outcomes;
}

Outcome wait_then_get(std::unique_ptr<ConfigLoader> loader, std::future<Config> future) {
  std::vector<std::future<Config>> futures;
  futures.push_back(std::move(future));
  return wait_then_get(std::move(loader), futures).front();
}

}  // namespace

TEST(ConfigLoader, GoodTextGivesTheConfig) {
  auto loader = std::make_unique<ConfigLoader>();
  auto future = loader->load(kGoodText);
  const Outcome o = wait_then_get(std::move(loader), std::move(future));
  if (!o.ready) {
    TL_REPORT("deadlock", "the future of a good config never became ready (waited 2 s)");
    return;
  }
  if (!o.has_config) {
    ADD_FAILURE() << "get() threw for a good config: " << (o.thrown.empty() ? o.what : o.thrown);
    return;
  }
  const Config want{{"theme", "dark"}, {"tab_width", "4"}};
  if (o.config != want)
    ADD_FAILURE() << "get() returned " << show(o.config) << "; expected " << show(want);
}

TEST(ConfigLoader, ParseErrorReachesTheCaller) {
  auto loader = std::make_unique<ConfigLoader>();
  auto future = loader->load(kBadText);
  expect_parse_error(wait_then_get(std::move(loader), std::move(future)));
}

// Twenty loads at once, every other one broken: each future gets its own result.
TEST(ConfigLoader, ManyLoadsEachGetTheirOwnResult) {
  constexpr int kLoads = 20;
  auto loader = std::make_unique<ConfigLoader>();
  std::vector<std::future<Config>> futures;
  for (int i = 0; i < kLoads; ++i)
    futures.push_back(loader->load(i % 2 ? kBadText : "id = " + std::to_string(i) + "\n"));
  const std::vector<Outcome> outcomes = wait_then_get(std::move(loader), futures);
  for (int i = 0; i < kLoads && !HasFailure(); ++i) {
    const Outcome& o = outcomes[i];
    if (i % 2) {
      expect_parse_error(o);
    } else if (!o.has_config || o.config != Config{{"id", std::to_string(i)}}) {
      ADD_FAILURE() << "load #" << i << " of 'id = " << i << "' did not give {id=" << i << "}";
    }
  }
}
