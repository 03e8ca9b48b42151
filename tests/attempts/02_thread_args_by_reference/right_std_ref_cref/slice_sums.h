// Goal: slice_sums() splits `values` into `parts` slices and sums each slice on its own
// thread. Each worker adds its slice into its own element of `sums`, which the caller gets
// back. Today this does not even compile: std::thread copies every argument it is given, and
// a copy cannot bind to sum_slice()'s `long& out`. Make the workers fill the caller's `sums`.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

/// Adds values[from..to) into `out`.
inline void sum_slice(const std::vector<int>& values, std::size_t from, std::size_t to,
                      long& out) {
  for (std::size_t i = from; i < to; ++i) out += values[i];
}

/// The sums of `parts` consecutive slices of `values`, one thread per slice.
inline std::vector<long> slice_sums(const std::vector<int>& values, int parts) {
  std::vector<long> sums(parts, 0);
  std::vector<std::thread> workers;
  const std::size_t step = (values.size() + parts - 1) / parts;
  for (int i = 0; i < parts; ++i) {
    const std::size_t from = std::min(values.size(), i * step);
    const std::size_t to = std::min(values.size(), from + step);
    workers.push_back(std::thread(sum_slice, std::cref(values), from, to, std::ref(sums[i])));
  }
  for (auto& worker : workers) worker.join();
  return sums;
}
