#!/bin/sh
# Classify a V4L2 camera live and print the top classes of every frame.
# Usage: classify-camera.sh [DEVICE]   (default /dev/video0)
# The model is found on the model search path (MNV2_MODEL_PATH, ...);
# results are element messages "mnv2classify" on the bus.
. "$(dirname "$0")/common.sh"
exec gst-launch-1.0 -m v4l2src device="${1:-/dev/video0}" ! videoconvert ! \
  mnv2classify post-messages=true inference-interval=2 ! fakesink sync=false
