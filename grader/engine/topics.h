// The topic slugs of the notes' topic map (../shared/notes/README.md), shared by exercise
// manifests and flashcards.
#pragma once

#include <string>
#include <vector>

namespace threadlings {

/// Every topic slug, in the order of the topic map.
inline const std::vector<std::string>& TopicSlugs() {
  static const std::vector<std::string> slugs = {
      "processes",      "threads",          "threads-vs-processes", "ipc",
      "concurrency-vs-parallelism",         "scheduler",            "cpu-vs-io-bound",
      "race-conditions", "atomicity",       "memory-consistency",   "deadlock",
      "livelock",       "starvation",       "thread-leaks",         "mutex",
      "semaphore",      "gil",              "coroutines",           "event-loop",
      "futures",        "green-threads",    "callbacks"};
  return slugs;
}

}  // namespace threadlings
