#!/bin/sh
# Snapshot: a photo annotated with everything (boxes and labels, the
# segmentation mask, the classification banner, drawn by mnv2overlay on
# NV12) written as a PNG.
# Usage: annotate-photo.sh IMAGE OUT.png [OVERLAY-PROPERTIES...]
. "$(dirname "$0")/common.sh"
[ -n "${2:-}" ] || { echo "usage: $0 IMAGE OUT.png [OVERLAY-PROPERTIES...] (--help)" >&2; exit 2; }
[ -e "$1" ] || die "no such file: $1"
in=$(absolute "$1")
out=$2
shift 2
# shellcheck disable=SC2046 # file_source's words are pipeline elements
exec gst-launch-1.0 -q $(file_source "$in") ! videoconvert ! \
  video/x-raw,format=NV12 ! ssdlitedetect ! deeplabsegment ! mnv2classify ! \
  mnv2overlay "$@" ! videoconvert ! pngenc ! filesink location="$out"
