#!/bin/sh
# Annotate a video file (or N frames of a camera) with everything and write
# an H.264 MP4, showing progress.  Uses a hardware encoder when one is
# there (vaapih264enc, v4l2h264enc), else x264enc.
# Usage: annotate-video.sh INPUT OUT.mp4 [FRAMES]
#   INPUT   a video file, or /dev/videoN (then FRAMES, default 300)
. "$(dirname "$0")/common.sh"
[ -n "${2:-}" ] || { echo "usage: $0 INPUT OUT.mp4 [FRAMES] (--help)" >&2; exit 2; }
need_element mp4mux gstreamer1.0-plugins-good
enc=$(h264_encoder) || exit 1
case "$1" in
  /dev/video*)
    need_camera "$1"
    src=$(words v4l2src "device=$(gst_value "$1")" "num-buffers=${3:-300}") ;;
  *)
    [ -e "$1" ] || die "no such file: $1"
    src=$(file_source "$(absolute "$1")") || exit 1 ;;
esac
# shellcheck disable=SC2086 # $src and $enc are word lists (common.sh)
exec gst-launch-1.0 -e $src ! videoconvert ! video/x-raw,format=NV12 ! \
  ssdlitedetect ! deeplabsegment inference-interval=3 ! \
  mnv2classify inference-interval=3 ! mnv2overlay hold-ms=200 ! \
  progressreport update-freq=2 ! videoconvert ! $enc ! h264parse ! mp4mux ! \
  filesink location="$(gst_value "$2")"
