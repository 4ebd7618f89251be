#!/bin/sh
# Camera preview with everything: boxes and labels (every 2nd frame), the
# segmentation mask and the classification banner (every 5th), drawn by
# mnv2overlay; the elements repeat their last results in between.
# Usage: annotate-camera.sh [DEVICE]   (default /dev/video0)
. "$(dirname "$0")/common.sh"
dev=${1:-/dev/video0}
need_camera "$dev"
exec gst-launch-1.0 v4l2src device="$(gst_value "$dev")" ! videoconvert ! \
  video/x-raw,format=NV12 ! ssdlitedetect inference-interval=2 ! \
  deeplabsegment inference-interval=5 ! mnv2classify inference-interval=5 ! \
  mnv2overlay ! videoconvert ! autovideosink sync=false
