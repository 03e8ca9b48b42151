#!/bin/sh
# Installs what threadlings needs from Debian 12's archive. Safe to run again.
set -eu
packages="g++ clang libclang-rt-14-dev cmake ninja-build libgtest-dev libcli11-dev \
libyaml-cpp-dev libfmt-dev nlohmann-json3-dev libsqlite3-dev libarchive-dev libssl-dev gdb diffutils procps universal-ctags \
clang-tools-14 llvm-14"
# clang-tools-14 (clang-query) runs the static rules (docs/STATIC_RULES.md);
# without it verify and grade still work, say which rules they skipped, and never fail for it.
# llvm-14 (llvm-symbolizer) places frames that g++'s ThreadSanitizer prints without a file.
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
  echo "threadlings: all dependencies are installed"
  exit 0
fi
echo "threadlings: installing:$missing"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
