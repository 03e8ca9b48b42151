#!/bin/bash
# Measures `threadlings quiz` start-up with the whole question bank: the time from launch to
# the first card on screen (stdin is empty, so the quiz shows one card, reads end of input
# and exits), median of RUNS runs, and the peak memory (max RSS).
#   cold: no bank cache (the YAML is parsed), a fresh quiz store;
#   warm: the bank cache is in place and the store holds 2,000 logged reviews.
# usage: bench/quiz_startup.sh [RUNS]    (needs a built build/gcc)
set -euo pipefail
RUNS=${1:-21}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/build/gcc/grader/threadlings
[ -x "$bin" ] || { echo "build first: cmake --preset gcc && cmake --build --preset gcc" >&2; exit 2; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export THREADLINGS_HOME=$scratch/state THREADLINGS_DATA_DIR=$scratch/data LANG=C.UTF-8
unset CI LC_ALL
quiz() { "$bin" --kit "$root" --color never quiz -n 1 </dev/null >/dev/null; }
now() { date +%s%N; }
median() { python3 -c 'import sys,statistics; print("%.1f" % statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }
cards=$(cat "$root"/questions/*.yaml | grep -c '^  - id:')

cold=(); cold_rss=()
for i in $(seq "$RUNS"); do
  rm -rf "$scratch/state" "$scratch/data"
  t0=$(now); quiz; t1=$(now)
  cold+=("$(( (t1 - t0) / 1000 ))e-3")
  rm -rf "$scratch/state" "$scratch/data"
  cold_rss+=("$(/usr/bin/time -f %M "$bin" --kit "$root" --color never quiz -n 1 </dev/null 2>&1 >/dev/null | tail -1)")
done

# A store with history: 2,000 reviews, answered through the quiz itself (open cards rated 3,
# others answered 1), over 40 simulated days.
rm -rf "$scratch/state" "$scratch/data"
day=1800000000
for d in $(seq 40); do
  yes 1 | head -200 | sed 's/^/\n3\n/' | THREADLINGS_NOW=$((day + d * 86400)) \
    "$bin" --kit "$root" --color never quiz -n 50 >/dev/null 2>&1 || true
done
reviews=$(sqlite3 "$scratch/data/quiz.sqlite3" 'SELECT COUNT(*) FROM reviews' 2>/dev/null || echo "?")
export THREADLINGS_NOW=$((day + 41 * 86400))
warm=(); warm_rss=()
for i in $(seq "$RUNS"); do
  t0=$(now); quiz; t1=$(now)
  warm+=("$(( (t1 - t0) / 1000 ))e-3")
  warm_rss+=("$(/usr/bin/time -f %M "$bin" --kit "$root" --color never quiz -n 1 </dev/null 2>&1 >/dev/null | tail -1)")
done

echo "quiz start-up, $cards cards, median of $RUNS runs ($(date -u +%F), $(nproc) cores, $(uname -m))"
echo "cold (YAML parsed, new store):   $(median "${cold[@]}") ms   max RSS $(median "${cold_rss[@]}") KiB"
echo "warm (cache, $reviews reviews): $(median "${warm[@]}") ms   max RSS $(median "${warm_rss[@]}") KiB"
