#!/bin/sh
# The grader's house rules (docs/ARCHITECTURE.md): no source file of grader/ over 450 lines and
# no function over 70, tests excluded. Functions are found by universal-ctags, which reads
# C++ and reports where each definition ends. Exits 1 listing every breach.
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
max_file=450
max_function=70
command -v ctags >/dev/null 2>&1 || {
  echo "check_layout: error: universal-ctags is not installed: sudo apt-get install universal-ctags" >&2
  exit 2
}
cd "$root"
files=$(find grader -name '*.cpp' -o -name '*.h' | grep -v '_test\.cpp$' | sort)
status=0
for f in $files; do
  n=$(wc -l < "$f")
  if [ "$n" -gt "$max_file" ]; then
    echo "check_layout: $f has $n lines (at most $max_file): split it by concept"
    status=1
  fi
done
# shellcheck disable=SC2086
long=$(ctags --languages=C++ --kinds-C++=f --fields=+ne -o - $files | awk -F'\t' -v max="$max_function" '
  { start = ""; end = ""
    for (i = 4; i <= NF; i++) {
      if ($i ~ /^line:/) start = substr($i, 6)
      if ($i ~ /^end:/) end = substr($i, 5)
    }
    if (start != "" && end != "" && end - start + 1 > max)
      printf "check_layout: %s:%s: %s has %d lines (at most %d): split it into its steps\n", $2, start, $1, end - start + 1, max
  }')
if [ -n "$long" ]; then
  echo "$long"
  status=1
fi
count=$(echo "$files" | wc -l)
[ "$status" -eq 0 ] && echo "check_layout: $count files, none over $max_file lines, no function over $max_function"
exit "$status"
