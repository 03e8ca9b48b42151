#!/bin/bash
# Captures real ThreadSanitizer reports from g++ and clang++ as golden files for
# grader/tsan_report_test.cpp. Run it again after a toolchain upgrade; review the diff.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for cxx in g++ clang++; do
  tag=$([ "$cxx" = g++ ] && echo gcc || echo clang)
  for src in "$here"/programs/*.cpp; do
    name=$(basename "$src" .cpp)
    # Compile from inside the programs folder with a relative path, so reports carry
    # "programs/NAME.cpp" and not this machine's absolute path.
    (cd "$here" && $cxx -std=c++20 -g -O1 -fno-omit-frame-pointer -fsanitize=thread \
        "programs/$name.cpp" -o "$work/$name" -pthread)
    rm -f "$work"/log.*
    TSAN_OPTIONS="halt_on_error=1 exitcode=66 detect_deadlocks=1 second_deadlock_stack=1 report_thread_leaks=1 atexit_sleep_ms=0 log_path=$work/log" \
      "$work/$name" >/dev/null 2>&1 || true
    # Drop the varying parts: pids, addresses, module offsets.
    cat "$work"/log.* | sed -E "s/pid=[0-9]+/pid=1/; s/tid=[0-9]+/tid=1/g; s#$here/##g" > "$here/$tag/$name.txt"
  done
done
echo "captured into $here/{gcc,clang}"
# Compiler diagnostics for grader/compile_errors_test.cpp: the build output of the shipped
# 02_thread_args_by_reference (an error raised inside <thread>), with the kit path as KIT/.
root=$(cd "$here/../.." && pwd)
for cxx in g++ clang++; do
  tag=$([ "$cxx" = g++ ] && echo gcc || echo clang)
  "$root/build/gcc/grader/threadlings" --kit "$root" --cxx "$cxx" verify thread_args_by_reference --no-cards --verbose 2>&1 |
    sed -n '/^ninja: Entering directory/,/^ninja: build stopped/p' | sed "s|$root/|KIT/|g" > "$here/$tag/compile_thread_args.txt"
done
