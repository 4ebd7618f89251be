#!/bin/sh
# Live camera preview with boxes, labels, segmentation mask and the
# classification banner drawn by mnv2overlay (detection every 2nd frame,
# segmentation every 5th; the overlay keeps the last results in between).
# Usage: annotate-camera.sh [DEVICE]   (default /dev/video0)
. "$(dirname "$0")/common.sh"
exec gst-launch-1.0 v4l2src device="${1:-/dev/video0}" ! videoconvert ! \
  video/x-raw,format=NV12 ! ssdlitedetect inference-interval=2 ! \
  deeplabsegment inference-interval=5 ! mnv2classify inference-interval=5 ! \
  mnv2overlay ! videoconvert ! autovideosink sync=false
