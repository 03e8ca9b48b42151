#!/bin/bash
# Measures `threadlings grade`:
#   1. one full submission (every exercise holding its solution) from a clean state folder
#      (GoogleTest, the precompiled header and all 33 exercises built from nothing), RUNS times;
#   2. the same with the support code already built (what a warm CI cache or a batch sees);
#   3. a batch of STUDENTS submissions made from solutions and mutants (student k takes
#      mutant k mod M of every exercise whose number is a multiple of (k mod 4)+2, the
#      solution elsewhere), graded with -j1 and with -j2.
# Prints the times and writes the raw numbers to stdout; the median goes to docs/BENCHMARKS.md.
# usage: bench/grade.sh [RUNS] [STUDENTS] [PRESET]     (needs a built build/PRESET)
#   RUNS 0 skips part 1 and 2; STUDENTS 0 skips part 3.
set -euo pipefail
RUNS=${1:-3}
STUDENTS=${2:-20}
PRESET=${3:-gcc}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/build/$PRESET/grader/threadlings
[ -x "$bin" ] || { echo "build first: cmake --preset $PRESET && cmake --build --preset $PRESET" >&2; exit 2; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
now() { date +%s.%N; }
median() { python3 -c 'import sys,statistics; print("%.1f" % statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }
tl() { "$bin" --kit "$root" --color never "$@"; }

# A student's checkout: the kit's exercises with chosen variants of the edited files.
make_submission() {  # DIR K (K < 0: all solutions)
  local dir=$1 k=$2
  mkdir -p "$dir"
  cp -r "$root/exercises" "$dir/"
  for ex in "$root"/exercises/*/; do
    local name; name=$(basename "$ex")
    local num=$((10#${name%%_*}))
    local src="$root/solutions/$name"
    if [ "$k" -ge 0 ] && [ $((num % (k % 4 + 2))) -eq 0 ]; then
      local mutants=("$root/tests/mutants/$name"/*/)
      if [ -d "${mutants[0]}" ]; then src=${mutants[$((k % ${#mutants[@]}))]}; fi
    fi
    cp "$src"/* "$dir/exercises/$name/"
  done
}

echo "machine: $(nproc) cores, $(uname -r); $(date -u +%Y-%m-%d); load $(cut -d' ' -f1-3 /proc/loadavg)"
make_submission "$scratch/full" -1

cold=(); warm=()
for i in $(seq "$RUNS"); do
  export THREADLINGS_HOME=$scratch/state-cold-$i
  t0=$(now); tl grade "$scratch/full" --quiet --json "$scratch/full-$i.json" || true; t1=$(now)
  cold+=("$(echo "$t1 - $t0" | bc)")
  t0=$(now); tl grade "$scratch/full" --quiet --json "$scratch/full-warm-$i.json" || true; t1=$(now)
  warm+=("$(echo "$t1 - $t0" | bc)")
  points=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("%d/%d" % (r["points"], r["points_max"]))' "$scratch/full-$i.json")
  echo "run $i: clean state ${cold[-1]} s, support built ${warm[-1]} s, points $points"
  rm -rf "$THREADLINGS_HOME"
done
if [ "$RUNS" -gt 0 ]; then
  echo "one full submission, clean state: median $(median "${cold[@]}") s of ${cold[*]}"
  echo "one full submission, support built: median $(median "${warm[@]}") s of ${warm[*]}"
fi

[ "$STUDENTS" -gt 0 ] || exit 0
mkdir -p "$scratch/class"
for k in $(seq 1 "$STUDENTS"); do make_submission "$scratch/class/student$(printf %02d "$k")" "$k"; done
for j in 1 2; do
  export THREADLINGS_HOME=$scratch/state-batch-$j
  tl grade --exercises 1 "$scratch/full" --quiet >/dev/null || true   # support code built outside the timing
  t0=$(now); tl grade --batch "$scratch/class" -j "$j" --quiet --out "$scratch/out-$j" || true; t1=$(now)
  total=$(echo "$t1 - $t0" | bc)
  echo "batch of $STUDENTS with -j$j: $total s, $(echo "scale=1; $total / $STUDENTS" | bc) s per submission"
  cat "$scratch/out-$j/summary.md" | tail -n +1 | cut -c1-200 | head -3
  rm -rf "$THREADLINGS_HOME"
done
cmp -s <(cut -d, -f2- "$scratch/out-1/summary.csv") <(cut -d, -f2- "$scratch/out-2/summary.csv") &&
  echo "-j1 and -j2 gave the same points for every student" ||
  { echo "-j1 and -j2 disagree:"; diff "$scratch/out-1/summary.csv" "$scratch/out-2/summary.csv" || true; }
