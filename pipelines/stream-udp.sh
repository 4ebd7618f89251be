#!/bin/sh
# Stream the annotated camera as RTP/H.264 over UDP (boxes, mask and banner
# drawn by mnv2overlay).  Watch it on HOST with the line this prints.
# Usage: stream-udp.sh [DEVICE] [HOST] [PORT]   (default /dev/video0
#        127.0.0.1 5000)
. "$(dirname "$0")/common.sh"
dev=${1:-/dev/video0}
host=${2:-127.0.0.1}
port=${3:-5000}
need_camera "$dev"
need_element rtph264pay gstreamer1.0-plugins-good
enc=$(h264_encoder) || exit 1
echo "watch with: gst-launch-1.0 udpsrc port=$port caps=\"application/x-rtp,media=video,encoding-name=H264,payload=96\" ! rtph264depay ! avdec_h264 ! videoconvert ! autovideosink"
# shellcheck disable=SC2086 # $enc is an element description
exec gst-launch-1.0 v4l2src device="$(gst_value "$dev")" ! videoconvert ! \
  video/x-raw,format=NV12 ! ssdlitedetect inference-mode=live ! \
  deeplabsegment inference-mode=live ! mnv2classify inference-mode=live ! \
  mnv2overlay ! videoconvert ! $enc ! rtph264pay config-interval=1 pt=96 ! \
  udpsink host="$(gst_value "$host")" port="$(gst_value "$port")"
