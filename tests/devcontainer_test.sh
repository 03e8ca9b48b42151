#!/bin/sh
# The dev container (.devcontainer/), as far as it can be checked without Docker: the image is
# Debian 12 and gets the kit's dependencies from the script start.sh runs (the package list is
# written once), that script works as the image's build runs it (root, no sudo),
# devcontainer.json parses, with what the checks need (ptrace for gdb, personality() for
# ThreadSanitizer without ASLR) and the clangd extension, and the docs show the same docker
# commands (docs/DEV_CONTAINER.md).
# Usage: devcontainer_test.sh KIT_DIR CMAKE (CMake parses the JSON: it is on every machine
# that builds the kit, python3 and jq are not).
set -u
kit=$1
cmake=${2:-cmake}
dockerfile=$kit/.devcontainer/Dockerfile
failures=0
fail() {
  echo "devcontainer_test: FAIL: $*"
  failures=$((failures + 1))
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The Dockerfile's instructions, comments and line continuations removed.
grep -v '^[[:space:]]*#' "$dockerfile" | sed -e ':a' -e '/\\$/N; s/\\\n/ /; ta' >"$tmp/instructions"

# 1. FROM debian:12, as the first instruction.
first=$(grep -v '^[[:space:]]*$' "$tmp/instructions" | head -n 1)
[ "$first" = "FROM debian:12" ] || fail "the first instruction is '$first', not 'FROM debian:12'"

# 2. It copies scripts/install-deps.sh in and runs that copy, as root (no USER: gdb attaches
#    to a hung check with CAP_SYS_PTRACE, which only root holds, and the image has no sudo).
dest=$(sed -n 's|^COPY[[:space:]]\{1,\}scripts/install-deps.sh[[:space:]]\{1,\}\([^[:space:]]*\)$|\1|p' "$tmp/instructions")
if [ -z "$dest" ]; then
  fail "no 'COPY scripts/install-deps.sh DEST' in $dockerfile"
elif ! grep -q "^RUN[[:space:]]\{1,\}$dest\( \|$\)" "$tmp/instructions"; then
  fail "no RUN of the copied script '$dest' in $dockerfile"
fi
grep -q '^USER' "$tmp/instructions" && fail "$dockerfile switches USER: the checks need root in the container"

# 3. The package list is written once: none of the script's packages is installed by name.
packages=$(awk '/^packages="/ { on = 1 } on { print } on && /"$/ && !/^packages="$/ { exit }' \
  "$kit/scripts/install-deps.sh" | sed 's/packages="//; s/["\\]//g')
[ -n "$packages" ] || fail "no package list found in scripts/install-deps.sh"
for p in $packages; do
  grep -q "install.*[[:space:]]$p\([[:space:]]\|$\)" "$tmp/instructions" &&
    fail "$dockerfile installs '$p' itself: it is in scripts/install-deps.sh's list"
done

# 4. That script is the one start.sh runs.
grep -q '^\./scripts/install-deps\.sh$' "$kit/start.sh" || fail "start.sh does not run ./scripts/install-deps.sh"

# 5. The build context the image needs gets through its ignore file.
grep -qx '!scripts/install-deps.sh' "$kit/.devcontainer/Dockerfile.dockerignore" ||
  fail "Dockerfile.dockerignore does not let scripts/install-deps.sh through"

# 6. The script as the image's build runs it: root, nothing installed yet, no sudo in the image.
#    Stubs stand in for dpkg-query, apt-get, id and sudo.
mkdir "$tmp/bin"
cat >"$tmp/bin/dpkg-query" <<'STUB'
#!/bin/sh
[ -n "${STUB_INSTALLED:-}" ] && printf 'install ok installed'
exit 0
STUB
cat >"$tmp/bin/apt-get" <<'STUB'
#!/bin/sh
echo "apt-get DEBIAN_FRONTEND=${DEBIAN_FRONTEND:-} $*" >>"$STUB_LOG"
STUB
printf '#!/bin/sh\necho 0\n' >"$tmp/bin/id"
printf '#!/bin/sh\necho "sudo $*" >>"$STUB_LOG"\nexit 127\n' >"$tmp/bin/sudo"
chmod +x "$tmp/bin/"*
log=$tmp/log
: >"$log"
if ! PATH="$tmp/bin:$PATH" STUB_LOG="$log" sh "$kit/scripts/install-deps.sh" >"$tmp/out" 2>&1; then
  fail "install-deps.sh as root with nothing installed failed: $(cat "$tmp/out")"
fi
grep -q '^sudo' "$log" && fail "install-deps.sh as root called sudo (the image has none)"
grep -q '^apt-get DEBIAN_FRONTEND=[^ ]* update' "$log" || fail "install-deps.sh did not run apt-get update"
install_line=$(grep '^apt-get DEBIAN_FRONTEND=noninteractive install' "$log")
[ -n "$install_line" ] || fail "install-deps.sh did not run a noninteractive apt-get install: $(cat "$log")"
[ -n "$install_line" ] && for p in $packages; do
  case " $install_line " in
    *" $p "*) ;;
    *) fail "install-deps.sh did not install '$p'" ;;
  esac
done
#    And as start.sh then meets it in the container: everything installed, nothing to do.
: >"$log"
PATH="$tmp/bin:$PATH" STUB_LOG="$log" STUB_INSTALLED=1 sh "$kit/scripts/install-deps.sh" >"$tmp/out" 2>&1 ||
  fail "install-deps.sh with everything installed failed: $(cat "$tmp/out")"
[ -s "$log" ] && fail "install-deps.sh with everything installed still ran: $(cat "$log")"

# 7. devcontainer.json: it parses (CMake's parser, like VS Code's, allows comments), with what
#    the checks need.
cat >"$tmp/json.cmake" <<'CMAKE'
file(READ "${file}" text)
string(JSON build_file ERROR_VARIABLE err GET "${text}" build dockerfile)
if(err)
  message(FATAL_ERROR "not valid JSON, or no build.dockerfile: ${err}")
endif()
string(JSON context ERROR_VARIABLE err GET "${text}" build context)
if(NOT build_file STREQUAL "Dockerfile" OR NOT context STREQUAL "..")
  message(FATAL_ERROR "build is not {dockerfile: Dockerfile, context: ..}: ${build_file} ${context}")
endif()
function(expect_member wanted)
  string(JSON n ERROR_VARIABLE err LENGTH "${text}" ${ARGN})
  if(err)
    message(FATAL_ERROR "no ${ARGN}: ${err}")
  endif()
  math(EXPR last "${n} - 1")
  foreach(i RANGE ${last})
    string(JSON item GET "${text}" ${ARGN} ${i})
    if(item STREQUAL wanted)
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "${ARGN} lacks '${wanted}'")
endfunction()
expect_member("SYS_PTRACE" capAdd)
expect_member("seccomp=unconfined" securityOpt)
expect_member("llvm-vs-code-extensions.vscode-clangd" customizations vscode extensions)
CMAKE
"$cmake" -Dfile="$kit/.devcontainer/devcontainer.json" -P "$tmp/json.cmake" >"$tmp/out" 2>&1 ||
  fail "devcontainer.json: $(cat "$tmp/out")"

# 8. The documented docker commands are this image with the same allowances.
for doc in README.md docs/DEV_CONTAINER.md; do
  [ -f "$kit/$doc" ] || { fail "no $doc"; continue; }
  grep -q 'docker build -f .devcontainer/Dockerfile' "$kit/$doc" || fail "$doc does not show 'docker build -f .devcontainer/Dockerfile'"
  grep -q 'docker run -it .*--cap-add=SYS_PTRACE --security-opt seccomp=unconfined' "$kit/$doc" ||
    fail "$doc does not show 'docker run -it' with --cap-add=SYS_PTRACE --security-opt seccomp=unconfined"
done

[ "$failures" -eq 0 ] && echo "devcontainer_test: ok"
[ "$failures" -eq 0 ]
