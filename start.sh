#!/bin/sh
# Sets up the kit (dependencies, build) and starts on the first unsolved exercise.
set -eu
cd "$(dirname "$0")"
./scripts/install-deps.sh
cmake --preset gcc >/dev/null
cmake --build --preset gcc --target threadlings
ln -sf build/gcc/grader/threadlings threadlings
echo
./threadlings
echo
./threadlings verify || true
echo
echo "Edit the file above, then run './threadlings verify' again ('./threadlings --help' for more)."
