#!/bin/sh
# Camera preview with the segmentation mask (deeplabsegment on a worker
# thread: inference-mode=live) drawn by mnv2overlay.
# Usage: segment-camera.sh [DEVICE]   (default /dev/video0)
. "$(dirname "$0")/common.sh"
dev=${1:-/dev/video0}
need_camera "$dev"
exec gst-launch-1.0 v4l2src device="$(gst_value "$dev")" ! videoconvert ! \
  deeplabsegment inference-mode=live ! mnv2overlay ! videoconvert ! \
  autovideosink
