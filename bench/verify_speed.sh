#!/bin/bash
# Measures how fast `threadlings verify` is (median of RUNS runs each) on a scratch copy of
# the kit whose exercises hold their solutions, so every check runs to the end:
#   1. verify of one exercise after a one-line edit, against compiling and running that
#      exercise's check by hand with the same flags (prebuilt GoogleTest, as the grader has);
#   2. verify of an unchanged exercise that already passed;
#   3. verify --all from a clean build folder, and again with nothing changed.
# usage: bench/verify_speed.sh [RUNS] [EXERCISE]    (needs a built build/gcc)
set -euo pipefail
RUNS=${1:-5}
EX=${2:-01_race_hit_counter}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/build/gcc/grader/threadlings
[ -x "$bin" ] || { echo "build first: cmake --preset gcc && cmake --build --preset gcc" >&2; exit 2; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r "$root/exercises" "$root/solutions" "$root/tests" "$root/support" "$scratch/"
for d in "$scratch"/solutions/*/; do cp "$d"* "$scratch/exercises/$(basename "$d")/"; done
export THREADLINGS_HOME=$scratch/state
tl() { "$bin" --kit "$scratch" --color never "$@" >/dev/null; }
now() { date +%s.%N; }
median() { python3 -c 'import sys,statistics; print("%.3f" % statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }
learner=$(sed -n 's/^edit: \[\(.*\)\]$/\1/p' "$scratch/exercises/$EX/exercise.yaml" | cut -d, -f1)
file=$scratch/exercises/$EX/$learner

tl verify "$EX" || true   # warm: GoogleTest and the check main are built once

edit_times=(); hand_times=(); cached_times=()
cxx=$(sed -n 's/^cxx = //p' "$THREADLINGS_HOME"/build/*/build.ninja | head -1)
flags=$(sed -n 's/^flags = //p' "$THREADLINGS_HOME"/build/*/build.ninja | head -1)
support=$(ls -d "$THREADLINGS_HOME"/build/*/support)
tests=$(grep -o 'test: [A-Za-z_.]*' "$scratch/exercises/$EX/exercise.yaml" | cut -d' ' -f2 | paste -sd:)
for i in $(seq "$RUNS"); do
  echo "// edit $i" >> "$file"
  t0=$(now); tl verify "$EX"; t1=$(now)
  edit_times+=("$(echo "$t1 - $t0" | bc)")
  t0=$(now); tl verify "$EX"; t1=$(now)
  cached_times+=("$(echo "$t1 - $t0" | bc)")
  # The same work by hand: compile the check, link, run its tests under TSan.
  t0=$(now)
  # (with the grader's precompiled header, as the grader compiles)
  pch=$(ls "$support"/pch.h.gch >/dev/null 2>&1 && echo "-include $support/pch.h" || echo "-include-pch $support/pch.h.pch")
  eval "$cxx $flags $pch -I$scratch/exercises/$EX -c $scratch/exercises/$EX/check.cpp -o $scratch/hand.o"
  $cxx -fsanitize=thread "$scratch/hand.o" "$support/check_main.o" "$support/gtest-all.o" -o "$scratch/hand" -pthread
  TSAN_OPTIONS="halt_on_error=1 exitcode=66 atexit_sleep_ms=0" "$scratch/hand" --gtest_filter="$tests" >/dev/null
  t1=$(now)
  hand_times+=("$(echo "$t1 - $t0" | bc)")
done
clean_times=(); nochange_times=()
for i in $(seq "$RUNS"); do
  rm -rf "$THREADLINGS_HOME"
  t0=$(now); tl verify --all; t1=$(now)
  clean_times+=("$(echo "$t1 - $t0" | bc)")
  t0=$(now); tl verify --all; t1=$(now)
  nochange_times+=("$(echo "$t1 - $t0" | bc)")
done
e=$(median "${edit_times[@]}"); h=$(median "${hand_times[@]}")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r)"
echo "compiler: $($cxx --version | head -1)"
echo "date: $(date -u +%Y-%m-%d)  runs: $RUNS  exercise: $EX"
echo "verify after a one-line edit:       $e s"
echo "same compile+run by hand:           $h s   (ratio $(echo "scale=2; $e / $h" | bc))"
echo "verify, unchanged and passed:       $(median "${cached_times[@]}") s"
echo "verify --all, clean build folder:   $(median "${clean_times[@]}") s"
echo "verify --all, nothing changed:      $(median "${nochange_times[@]}") s"
