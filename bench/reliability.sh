#!/bin/bash
# Verdict reliability: runs every shipped exercise, every solution and every wrong-fix
# mutant RUNS times (threadlings dev check --runs) while a busy loop keeps another core
# busy, and prints the tally: each variant must get its declared verdict in every run.
# usage: bench/reliability.sh [RUNS] [PRESET] [EXERCISE...]
#   default 100 runs, gcc, every exercise; needs build/PRESET. Naming exercises splits a long
#   run into batches; every failing run prints its seed (THREADLINGS_SEED repeats it).
set -euo pipefail
RUNS=${1:-100}
PRESET=${2:-gcc}
shift $(( $# < 2 ? $# : 2 ))
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/build/$PRESET/grader/threadlings
[ -x "$bin" ] || { echo "build first: cmake --preset $PRESET && cmake --build --preset $PRESET" >&2; exit 2; }
sh -c 'while :; do :; done' &
load=$!
trap 'kill $load 2>/dev/null' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  runs: $RUNS  preset: $PRESET  load: one busy-looping process, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "exercises: ${*:-all}"
start=$(date +%s)
status=0
"$bin" --kit "$root" --color never dev check --runs "$RUNS" "$@" || status=$?
echo "wall time: $(( $(date +%s) - start )) s"
exit $status
