#!/bin/sh
# Camera preview with the frame's best classes as a banner (mnv2classify on
# a worker thread: inference-mode=live) drawn by mnv2overlay.
# Usage: classify-camera.sh [DEVICE]   (default /dev/video0)
# The model is found on the model search path (MNV2_MODEL_PATH, ...; see
# models/fetch-models.sh).
. "$(dirname "$0")/common.sh"
dev=${1:-/dev/video0}
need_camera "$dev"
exec gst-launch-1.0 v4l2src device="$(gst_value "$dev")" ! videoconvert ! \
  mnv2classify inference-mode=live ! mnv2overlay ! videoconvert ! \
  autovideosink
