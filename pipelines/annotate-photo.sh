#!/bin/sh
# Annotate a photo with everything: detection boxes and labels
# (ssdlitedetect), the segmentation mask (deeplabsegment) and the
# classification banner (mnv2classify), drawn by mnv2overlay on NV12, as a
# PNG.  Absolute paths, or relative to the current folder.
# Usage: annotate-photo.sh IMAGE OUT.png [OVERLAY-PROPERTIES...]
. "$(dirname "$0")/common.sh"
case "${1:-}" in ''|-h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;; esac
in=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=${2:?usage: annotate-photo.sh IMAGE OUT.png}
shift 2
# shellcheck disable=SC2046 # file_source's words are pipeline elements
exec gst-launch-1.0 -q $(file_source "$in") ! videoconvert ! \
  video/x-raw,format=NV12 ! ssdlitedetect ! deeplabsegment ! mnv2classify ! \
  mnv2overlay "$@" ! videoconvert ! pngenc ! filesink location="$out"
