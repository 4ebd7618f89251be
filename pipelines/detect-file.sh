#!/bin/sh
# Detect objects in an image or a video file and print them per frame.
# Usage: detect-file.sh FILE [MODEL.tflite] [THRESHOLD]
. "$(dirname "$0")/common.sh"
[ -n "${1:-}" ] || { echo "usage: $0 FILE [MODEL.tflite] [THRESHOLD]" >&2; exit 2; }
file=$(realpath "$1")
model=${2:+model-file=$(realpath "$2")}
threshold=${3:-0.5}
case "$file" in
  *.bmp|*.BMP|*.png|*.PNG)
    src="filesrc location=$file ! gdkpixbufdec ! videoconvert ! video/x-raw,format=RGB ! imagefreeze num-buffers=1" ;;
  *.jpg|*.jpeg|*.JPG|*.JPEG)
    src="filesrc location=$file ! jpegdec ! imagefreeze num-buffers=1" ;;
  *)
    src="uridecodebin uri=file://$file ! videoconvert" ;;
esac
gst-launch-1.0 -m $src ! ssdlitedetect post-messages=true threshold=$threshold $model ! \
  fakesink 2>&1 |
  grep -E '"ssdlitedetect[0-9]*" \(element\)|^ERROR|^WARNING' | sed 's/.*(element): //'
