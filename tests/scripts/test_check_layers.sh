#!/usr/bin/env bash
# The layering check holds on the tree, and fails, naming the line, on a
# copy of the tree with one forbidden include per rule.
set -u
check=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
out=$(python3 "$check" "$src") || { echo "$out"; echo "FAIL: the tree breaks the layering"; fail=1; }
for d in core models gst overlays tools; do cp -r "$src/$d" "$tmp/$d"; done
# One break per rule: core -> models, models -> private core, models ->
# GLib, overlays -> models, the meta library -> core, tools -> private core.
sed -i '1i #include "../models/labels.h"' "$tmp/core/session.c"
sed -i '1i #include "../core/fuse.h"' "$tmp/models/labels.c"
sed -i '1i #include <glib.h>' "$tmp/models/detector.c"
sed -i '1i #include "segmenter.h"' "$tmp/overlays/mask_blend.c"
sed -i '1i #include "mnv.h"' "$tmp/gst/mnv2/mnv2meta.c"
sed -i '1i #include "model.h"' "$tmp/tools/mnv2.c"
out=$(python3 "$check" "$tmp"); rc=$?
for want in "core/session.c:1: .*core may not include models/labels.h" \
    "models/labels.c:1: .*models may not include core/fuse.h" \
    "models/detector.c:1: .*models is plain C" \
    "overlays/mask_blend.c:1: .*overlays may not include models/segmenter.h" \
    "gst/mnv2/mnv2meta.c:1: .*meta library may not include core/include/mnv.h" \
    "tools/mnv2.c:1: .*tools may not include core/model.h"; do
  echo "$out" | grep -q "$want" || { echo "FAIL: not reported: $want"; fail=1; }
done
[ "$rc" = 1 ] || { echo "FAIL: exit $rc on a broken tree"; fail=1; }
[ $fail = 0 ] && echo "layering check: holds on the tree, 6 breaks reported"
exit $fail
