#!/bin/sh
# Gradescope runs this once, as root, when it builds the autograder's image (docs/GRADING.md).
# The autograder zip is a pinned copy of the kit with this file and run_autograder added at its
# top, so the kit is /autograder/source. AUTOGRADER_ROOT moves /autograder, to try it elsewhere.
set -eu
kit="${AUTOGRADER_ROOT:-/autograder}/source"

# The kit's own list of packages (apt-get); the same names are in Ubuntu 24.04.
"$kit/scripts/install-deps.sh"

# Build the grader and put it on PATH for run_autograder.
(cd "$kit" && cmake --preset gcc >/dev/null && cmake --build --preset gcc --target threadlings)
ln -sf "$kit/build/gcc/grader/threadlings" /usr/local/bin/threadlings

# Build GoogleTest with ThreadSanitizer now, once, rather than for every submission: grading
# the kit's own (broken) exercise 1 builds it. That grade fails, as it should.
threadlings grade --kit "$kit" "$kit" --exercises 1 --quiet || true
