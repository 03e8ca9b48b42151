// Goal: Settings::get() builds the application's Config on first use, with load_config()
// (slow: it reads and parses a file), and returns that same Config to every caller after.
// Many threads call get(), the first ones at the same time. The Config must be loaded exactly
// once, and no thread may read it (or the pointer to it) while another is still writing it.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <atomic>

struct Config {
  std::string service_name;
  int max_connections = 0;
  std::map<std::string, std::string> values;
};

/// Reads and parses the configuration file. Defined elsewhere; slow, so call it only once.
Config load_config();

class Settings {
 public:
  /// The Config, loaded by the first call.
  static const Config& get() {
    Config* p = instance_.load(std::memory_order_acquire);
    if (p == nullptr) {
      Config* fresh = new Config(load_config());
      if (instance_.compare_exchange_strong(p, fresh, std::memory_order_acq_rel,
                                            std::memory_order_acquire)) {
        p = fresh;
      } else {
        delete fresh;  // someone else won; p now holds theirs
      }
    }
    return *p;
  }

 private:
  static inline std::atomic<Config*> instance_{nullptr};
};
