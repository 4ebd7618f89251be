#!/bin/sh
# Classify an image or a video file and print the top classes per frame.
# Usage: classify-file.sh FILE [MODEL.tflite]
. "$(dirname "$0")/common.sh"
[ -n "${1:-}" ] || { echo "usage: $0 FILE [MODEL.tflite] (--help)" >&2; exit 2; }
[ -e "$1" ] || die "no such file: $1"
src=$(file_source "$(realpath "$1")") || exit 1
model=
if [ -n "${2:-}" ]; then
  model=model-file=$(gst_value "$(realpath "$2")") || exit 1
fi
print_results mnv2classify $src ! mnv2classify post-messages=true $model ! fakesink
