#!/bin/sh
# Snapshot: a photo annotated with everything (boxes and labels, the
# segmentation mask, the classification banner, drawn by mnv2overlay on
# NV12) written as a PNG.
# Usage: annotate-photo.sh IMAGE OUT.png [OVERLAY-PROPERTIES...]
. "$(dirname "$0")/common.sh"
[ -n "${2:-}" ] || { echo "usage: $0 IMAGE OUT.png [OVERLAY-PROPERTIES...] (--help)" >&2; exit 2; }
[ -e "$1" ] || die "no such file: $1"
src=$(file_source "$(absolute "$1")") || exit 1
out=$2
shift 2
# shellcheck disable=SC2086 # $src is a word list (common.sh)
exec gst-launch-1.0 -q $src ! videoconvert ! \
  video/x-raw,format=NV12 ! ssdlitedetect ! deeplabsegment ! mnv2classify ! \
  mnv2overlay "$@" ! videoconvert ! pngenc ! filesink location="$(gst_value "$out")"
