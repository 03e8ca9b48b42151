// Goal: import_orders() parses a batch of order lines while a second thread hands the raw
// lines to the audit log. A malformed line makes parse_order() throw std::invalid_argument,
// and the caller of import_orders() must get that very exception. Whichever way
// import_orders() ends (it returns or it throws), the audit thread must have finished first:
// nothing the function started may still be running after it.
#pragma once

#include <charconv>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

struct Order {
  std::string item;
  int quantity = 0;
};

/// Parses "item,quantity" (quantity > 0); throws std::invalid_argument for anything else.
inline Order parse_order(const std::string& line) {
  const auto comma = line.find(',');
  int quantity = 0;
  if (comma != std::string::npos && comma > 0) {
    const char* end = line.data() + line.size();
    const auto [rest, error] = std::from_chars(line.data() + comma + 1, end, quantity);
    if (error == std::errc() && rest == end && quantity > 0) return {line.substr(0, comma), quantity};
  }
  throw std::invalid_argument("malformed order line '" + line + "'");
}

/// Receives every raw line of a batch (slow: it writes to disk).
using AuditLog = std::function<void(const std::vector<std::string>&)>;

/// Parses every line while `audit` receives the raw lines on a second thread.
/// Throws std::invalid_argument for the first malformed line.
inline std::vector<Order> import_orders(const std::vector<std::string>& lines,
                                        const AuditLog& audit) {
  std::vector<Order> orders;
  for (const auto& line : lines) orders.push_back(parse_order(line));
  std::thread auditor([&] { audit(lines); });
  auditor.join();
  return orders;
}
