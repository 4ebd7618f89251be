#!/bin/sh
# Detect objects on a V4L2 camera live and print them per frame.
# Usage: detect-camera.sh [DEVICE]   (default /dev/video0)
. "$(dirname "$0")/common.sh"
exec gst-launch-1.0 -m v4l2src device="${1:-/dev/video0}" ! videoconvert ! \
  ssdlitedetect post-messages=true ! fakesink sync=false
