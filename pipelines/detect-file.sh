#!/bin/sh
# Detect objects in an image or a video file and print them per frame.
# Usage: detect-file.sh FILE [MODEL.tflite] [THRESHOLD]
. "$(dirname "$0")/common.sh"
[ -n "${1:-}" ] || { echo "usage: $0 FILE [MODEL.tflite] [THRESHOLD] (--help)" >&2; exit 2; }
[ -e "$1" ] || die "no such file: $1"
src=$(file_source "$(realpath "$1")") || exit 1
model=
if [ -n "${2:-}" ]; then
  model=model-file=$(gst_value "$(realpath "$2")") || exit 1
fi
print_results ssdlitedetect $src ! ssdlitedetect post-messages=true \
  threshold="${3:-0.5}" $model ! fakesink
