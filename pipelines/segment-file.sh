#!/bin/sh
# Segment an image or a video file and print the classes present per frame.
# Usage: segment-file.sh FILE [MODEL.tflite]
. "$(dirname "$0")/common.sh"
[ -n "${1:-}" ] || { echo "usage: $0 FILE [MODEL.tflite]" >&2; exit 2; }
file=$(realpath "$1")
model=${2:+model-file=$(realpath "$2")}
case "$file" in
  *.bmp|*.BMP|*.png|*.PNG)
    src="filesrc location=$file ! gdkpixbufdec ! videoconvert ! video/x-raw,format=RGB ! imagefreeze num-buffers=1" ;;
  *.jpg|*.jpeg|*.JPG|*.JPEG)
    src="filesrc location=$file ! jpegdec ! imagefreeze num-buffers=1" ;;
  *)
    src="uridecodebin uri=file://$file ! videoconvert" ;;
esac
gst-launch-1.0 -m $src ! deeplabsegment post-messages=true $model ! fakesink 2>&1 |
  grep -E '"deeplabsegment[0-9]*" \(element\)|^ERROR|^WARNING' | sed 's/.*(element): //'
