#!/bin/sh
# Builds the checksum plugin's pure logic (digest.c, codec.c, request.c) for this machine
# with the host C compiler, sanitizers on where the compiler has them, and runs the
# known-vector tests in test_checksum.c. No wasm toolchain needed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc=${CC:-cc}
flags="-std=c11 -O1 -g -Wall -Wextra -Werror -I$root"
san="-fsanitize=address,undefined -fno-sanitize-recover=all"
if echo 'int main(void){return 0;}' | $cc $san -x c - -o "$out/probe" 2>/dev/null; then
  flags="$flags $san"
fi
$cc $flags "$here/test_checksum.c" "$root/digest.c" "$root/codec.c" "$root/request.c" -o "$out/test"
"$out/test"
