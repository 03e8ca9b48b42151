#!/bin/sh
# Runs every test: builds with g++ and with clang++, and runs each build's CTest suite
# (grader unit tests, end-to-end CLI tests, and `threadlings dev check` on the whole kit).
set -eu
cd "$(dirname "$0")"
./scripts/install-deps.sh
for preset in gcc clang; do
  echo "== $preset =="
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  ctest --preset "$preset"
done
