#!/bin/sh
# The quick start: installs what is missing (Debian/Ubuntu packages), builds
# gst-mnv2, fetches the models and sample pictures, then annotates a video
# with detection, segmentation and classification (mnv2overlay) and writes
# it as an MP4, plus one annotated PNG.  Prints where they are.
# Usage: pipelines/demo.sh [--input FILE|/dev/videoN] [--out DIR]
#                          [--seconds S]
#   --input    annotate this video file or camera (300 frames) instead of
#              the sample pictures
#   --out      output folder (default: ./mnv2-demo)
#   --seconds  how long each sample picture is shown (default 3)
# With MNV2_DATA_DIR set (as in CI) the models and pictures come from
# $MNV2_DATA_DIR/models and $MNV2_DATA_DIR/testdata instead of the network.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=$PWD/mnv2-demo
input=
seconds=3
while [ $# -gt 0 ]; do
  case $1 in
    --input) input=${2:?--input needs a file or device}; shift 2 ;;
    --out) out=${2:?--out needs a folder}; shift 2 ;;
    --seconds) seconds=${2:?--seconds needs a number}; shift 2 ;;
    -h|--help) sed -n '2,/^[^#]/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
say() { printf '\n== %s\n' "$*"; }

# 1. Packages: the build, GStreamer's base/good plugins (PNG, MP4, JPEG),
# an H.264 encoder and parser, Cairo/Pango and a font for the overlay,
# libmosquitto (mnv2publish) and a broker to try it with.
packages="gcc libc6-dev meson ninja-build pkg-config python3 curl
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev gstreamer1.0-tools
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-plugins-ugly libcairo2-dev libpango1.0-dev fonts-dejavu-core
  libmosquitto-dev mosquitto mosquitto-clients"
missing=
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing="$missing $p"
done
if [ -n "$missing" ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "demo: missing packages ($missing) and no apt-get: install their equivalents" >&2
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "demo: these packages are missing; install them, then run this again:" >&2
    echo "  sudo apt-get install -y$missing" >&2
    exit 1
  fi
  say "installing$missing"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi

# 2. Build (the pipelines use the plugin from the build tree).
build=${MNV2_BUILD_DIR:-$root/build}
say "building in $build"
[ -f "$build/build.ninja" ] || meson setup "$build" "$root" >/dev/null
ninja -C "$build" >/dev/null
export GST_PLUGIN_PATH="$build/gst${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"

# 3. Models and pictures.
if [ -n "${MNV2_DATA_DIR:-}" ]; then
  export MNV2_MODEL_PATH="$MNV2_DATA_DIR/models"
  pictures=$MNV2_DATA_DIR/testdata
  say "models and pictures from $MNV2_DATA_DIR"
else
  models=${XDG_DATA_HOME:-$HOME/.local/share}/gst-mnv2/models
  pictures=${XDG_DATA_HOME:-$HOME/.local/share}/gst-mnv2/samples
  say "fetching models into $models"
  "$root/models/fetch-models.sh" --dest "$models" \
    mobilenet_v2_1.0_224_quant.tflite \
    coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite \
    deeplabv3_mnv2_pascal_quant.tflite
  if [ -z "$input" ]; then
    "$root/models/fetch-models.sh" --dest "$pictures" cat.bmp \
      kite_and_cold.jpg bird_segmentation.bmp grace_hopper.bmp
  fi
fi

. "$root/pipelines/common.sh"
need_element mp4mux gstreamer1.0-plugins-good
need_element h264parse gstreamer1.0-plugins-bad
need_element pngenc gstreamer1.0-plugins-good
enc=$(h264_encoder)
mkdir -p "$out"
mp4=$out/annotated.mp4
png=$out/annotated.png

# 4. The input: the user's, or the sample pictures shown one after the
# other at 1280x720, 30 frames per second.
frames=$(awk -v s="$seconds" 'BEGIN { n = int(s * 30 + 0.5); print n < 1 ? 1 : n }')
if [ -n "$input" ]; then
  case $input in
    /dev/video*) need_camera "$input"
       src=$(words v4l2src "device=$(gst_value "$input")" num-buffers=300) ;;
    *) [ -e "$input" ] || die "no such file: $input"
       src=$(file_source "$(absolute "$input")") ;;
  esac
  src="$src$NL!${NL}videoconvert"
else
  # Word lists (common.sh): one gst-launch argument per line.
  src=$(words concat name=pictures)
  for f in cat.bmp kite_and_cold.jpg bird_segmentation.bmp grace_hopper.bmp; do
    [ -e "$pictures/$f" ] || die "missing sample picture $pictures/$f"
    src="$src$NL$(words filesrc "location=$(gst_value "$pictures/$f")" ! \
      "$(picture_decoder "$f")" ! videoconvert ! videoscale add-borders=true ! \
      video/x-raw,width=1280,height=720,pixel-aspect-ratio=1/1 ! \
      imagefreeze "num-buffers=$frames" ! video/x-raw,framerate=30/1 ! \
      pictures.)"
  done
  src="$src${NL}pictures."
fi

# 5. Annotate: boxes and labels every frame, mask and banner every 3rd.
say "annotating into $mp4"
# shellcheck disable=SC2086 # $src and $enc are word lists (common.sh)
gst-launch-1.0 -e $src ! videoconvert ! video/x-raw,format=NV12 ! \
  ssdlitedetect ! deeplabsegment inference-interval=3 ! \
  mnv2classify inference-interval=3 ! mnv2overlay ! \
  progressreport update-freq=2 ! videoconvert ! $enc ! h264parse ! mp4mux ! \
  filesink location="$(gst_value "$mp4")" 2>&1 | grep -v '^Setting\|^Pipeline\|^Redistribute\|^New clock\|^Got EOS\|^Execution\|^Freeing\|^Prerolled\|^Got context\|^Waiting\|^EOS on shutdown\|^Handling interrupt\|^Interrupt:' || true
[ -s "$mp4" ] || die "no video was written (see the messages above)"

say "snapshot into $png"
photo=${input:-$pictures/cat.bmp}
case $photo in
  /dev/video*) photo=$pictures/cat.bmp ;;
esac
if [ -e "$photo" ] && [ -z "${input:-}" ]; then
  "$root/pipelines/annotate-photo.sh" "$photo" "$png"
else
  # The first annotated frame of the user's input.
  # shellcheck disable=SC2086
  gst-launch-1.0 -q filesrc location="$(gst_value "$mp4")" ! qtdemux ! \
    h264parse ! decodebin ! videoconvert ! pngenc snapshot=true ! \
    filesink location="$(gst_value "$png")"
fi
[ -s "$png" ] || die "no PNG was written"

echo
echo "Annotated video: $mp4"
echo "Annotated picture: $png"
