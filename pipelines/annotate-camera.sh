#!/bin/sh
# Camera preview with everything: boxes and labels, the segmentation mask
# and the classification banner, drawn by mnv2overlay.  inference-mode=live:
# each model runs on its own worker thread as fast as it can, the video
# never waits for one, and every frame carries the latest results.
# Usage: annotate-camera.sh [DEVICE]   (default /dev/video0)
. "$(dirname "$0")/common.sh"
dev=${1:-/dev/video0}
need_camera "$dev"
exec gst-launch-1.0 v4l2src device="$(gst_value "$dev")" ! videoconvert ! \
  video/x-raw,format=NV12 ! ssdlitedetect inference-mode=live ! \
  deeplabsegment inference-mode=live ! mnv2classify inference-mode=live ! \
  mnv2overlay ! videoconvert ! autovideosink
