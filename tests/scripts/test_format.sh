#!/usr/bin/env bash
# Every C file of the tree is formatted as .clang-format says (clang-format
# 14, Debian 12's, which CI installs; other versions format differently, so
# they skip loudly).  On drift: the files and the first differences, and how
# to fix them.  Then that the check can fail: a copy of one file, misformatted.
set -u
src=$1
cf=$(command -v clang-format-14 || command -v clang-format) || {
  echo "SKIP: clang-format is not installed (apt-get install clang-format)"
  exit 77
}
ver=$("$cf" --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p')
if [ "$ver" != 14 ]; then
  echo "SKIP: clang-format $ver found; the tree is formatted with version 14"
  exit 77
fi
cd "$src" || exit 1
mapfile -t files < <(find core models gst overlays tools tests \
  -name '*.[ch]' -not -path '*/data/*' | sort)
bad=()
for f in "${files[@]}"; do
  "$cf" --style=file --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
  for f in "${bad[@]}"; do
    echo "== $f drifts from .clang-format:"
    "$cf" --style=file "$f" | diff -u "$f" - | sed -n '3,20p'
  done
  echo "FAIL: ${#bad[@]} file(s) drift; run: clang-format -i ${bad[*]}"
  exit 1
fi
# The check itself can fail: a misformatted copy is reported.
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
cp .clang-format "$tmp/" && printf 'int\nf(int a){return a*2;}\n' > "$tmp/x.c"
if (cd "$tmp" && "$cf" --style=file --dry-run -Werror x.c) >/dev/null 2>&1; then
  echo "FAIL: a misformatted file passed the check"; exit 1
fi
echo "format: ${#files[@]} files match .clang-format"
