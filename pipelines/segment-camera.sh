#!/bin/sh
# Segment a V4L2 camera live and print the classes present per frame.
# Usage: segment-camera.sh [DEVICE]   (default /dev/video0)
. "$(dirname "$0")/common.sh"
exec gst-launch-1.0 -m v4l2src device="${1:-/dev/video0}" ! videoconvert ! \
  deeplabsegment post-messages=true inference-interval=5 ! fakesink sync=false
