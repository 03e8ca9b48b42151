#!/bin/sh
# Sets up the kit (dependencies, build) and starts the watch loop on the current exercise.
set -eu
cd "$(dirname "$0")"
./scripts/install-deps.sh
cmake --preset gcc >/dev/null
cmake --build --preset gcc --target threadlings
ln -sf build/gcc/grader/threadlings threadlings
echo
echo "Starting the course. Edit the file shown; every save is verified again."
echo "Keys: n next, h hint, l list, r re-run, v full report, c check all, x reset, s solution, q quit."
echo
exec ./threadlings
