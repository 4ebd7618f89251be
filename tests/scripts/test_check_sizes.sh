#!/usr/bin/env bash
# The size limits hold on the tree, and the check fails, naming the file and
# the function, on a copy with a file too long and a function too long.
set -u
check=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
out=$(python3 "$check" "$src") || { echo "$out"; echo "FAIL: the tree breaks the size limits"; fail=1; }
echo "$out" | tail -1
mkdir -p "$tmp/core" "$tmp/gst"
{ echo 'static int'; echo 'long_one (void)'; echo '{';
  for i in $(seq 1 120); do echo "  x += $i;"; done; echo '}'; } > "$tmp/core/long.c"
for i in $(seq 1 710); do echo "/* $i */"; done > "$tmp/gst/big.c"
out=$(python3 "$check" "$tmp"); rc=$?
for want in "core/long.c:3: function long_one is 122 lines" "gst/big.c:701: 710 lines"; do
  echo "$out" | grep -q "$want" || { echo "FAIL: not reported: $want"; echo "$out"; fail=1; }
done
[ "$rc" = 1 ] || { echo "FAIL: exit $rc on a tree over the limits"; fail=1; }
[ $fail = 0 ] && echo "size check: holds on the tree, 2 breaches reported"
exit $fail
