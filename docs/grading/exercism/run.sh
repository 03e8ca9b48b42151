#!/bin/sh
# Exercism test runner for threadlings (docs/GRADING.md): run.sh SLUG INPUT_DIR OUTPUT_DIR.
# Grades the solution in INPUT_DIR (the edited files at its top, or a kit checkout) for the
# exercise SLUG ("race-hit-counter", or the kit's own name or number) and writes
# OUTPUT_DIR/results.json (Exercism's format, version 3). Exits 0 whenever results.json was
# written, passed or not; non-zero only when the runner itself is broken.
# The kit: $THREADLINGS_KIT, else the kit this file lies in (docs/grading/exercism/ of it).
set -u
if [ $# -ne 3 ]; then
  echo "usage: run.sh SLUG INPUT_DIR OUTPUT_DIR" >&2
  exit 2
fi
exercise=$(printf '%s' "$1" | tr '-' '_')
input=$2
output=$3
kit=${THREADLINGS_KIT:-$(cd "$(dirname "$0")/../../.." && pwd)}
threadlings=$(command -v threadlings || echo "$kit/build/gcc/grader/threadlings")

mkdir -p "$output"
rm -f "$output/results.json"
status=0
"$threadlings" grade --kit "$kit" "$input" --exercises "$exercise" --exercism "$output" || status=$?
[ -f "$output/results.json" ] || exit "$status"
exit 0
