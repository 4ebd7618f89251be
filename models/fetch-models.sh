#!/bin/sh
# Downloads the official pretrained models gst-mnv2 runs into the user model
# folder the elements search (see README "Models"), checking each file's
# sha256.  Files already there are kept when their sha256 is right.
#
# Usage: models/fetch-models.sh [--dest DIR] [--mirror URL] [--list] [NAME...]
#   NAME      file names from --list (default: all the models; the sample
#             images are fetched when named)
#   --dest    target folder (default: $XDG_DATA_HOME/gst-mnv2/models, i.e.
#             ~/.local/share/gst-mnv2/models)
#   --mirror  fetch every file as URL/NAME instead (a local copy:
#             file:///path/to/models)
# Exit status: 0 all requested files are present and verified, 1 otherwise.
set -u
set -f   # names are words, never glob patterns

dest=${XDG_DATA_HOME:-$HOME/.local/share}/gst-mnv2/models
mirror=
list=0
names=

coral=https://github.com/google-coral/test_data/raw/master
tflite_support=https://github.com/tensorflow/tflite-support/raw/master/tensorflow_lite_support/cc/test/testdata/task/vision
mediapipe=https://storage.googleapis.com/mediapipe-assets

# name | url | sha256 | what it is   (images: sample inputs for the demo)
catalog() {
  cat <<EOF
mobilenet_v2_1.0_224_quant.tflite|$coral/mobilenet_v2_1.0_224_quant.tflite|7aad0c74c5e3c06e5eb3c827e13304fdd68a83da6087d92ee169c24ff9fd4776|MobileNetV2 1.0 224 ImageNet, uint8 (mnv2classify default; Coral test data)
tf2_mobilenet_v2_1.0_224_ptq.tflite|$coral/tf2_mobilenet_v2_1.0_224_ptq.tflite|5d3137241276e79c86d14a74fe43581398ae0e815191d3dba45495b810840e8c|MobileNetV2 1.0 224 ImageNet, int8 per-channel (TF2 post-training quantization; Coral test data)
mobilenet_v2_1.0_224_inat_bird_quant.tflite|$coral/mobilenet_v2_1.0_224_inat_bird_quant.tflite|350fcd8cf1df1560060d464595dfed8b174b05792788052896004848d9ad04f9|MobileNetV2 iNaturalist birds (965 classes), uint8 (Coral test data)
ssdlite_object_detection.tflite|$mediapipe/ssdlite_object_detection.tflite|8e10a2e2f5db85d8f90628f00752a89ff241c5b2ca82f3b92fc496c7bda122ef|SSDLite MobileNetV2 COCO 320x320, float32, raw outputs (2034 anchors; MediaPipe's object detection model; hash pinned by MediaPipe's build)
ssdlite_object_detection_labelmap.txt|$mediapipe/ssdlite_object_detection_labelmap.txt|c7e79c855f73cbba9f33d649d60e1676eb0a974021a41696d1ac0d4b7f7e0211|its labels (first line: background; ssdlite_object_detection_labels.txt is written without it)
coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite|$tflite_support/coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite|61d598093ed03ed41aa47c3a39a28ac01e960d6a810a5419b9a5016a1e9c469b|SSD MobileNetV1 300 COCO, uint8, with post-processing and labels (TensorFlow Lite Support test data)
deeplabv3_mnv2_pascal_quant.tflite|$coral/deeplabv3_mnv2_pascal_quant.tflite|350af47fd346ea6d74b58833a351f583ba860e9806ec5bd292ff8d8f1f249398|DeepLabv3 MobileNetV2 513 PASCAL VOC, uint8 (deeplabsegment default; Coral test data)
deeplabv3_mnv2_dm05_pascal_quant.tflite|$coral/deeplabv3_mnv2_dm05_pascal_quant.tflite|0470d2a782aa54eeeb99d32e7b6b3fb7722905c7c4f5d26bd957ec861366d48b|DeepLabv3 MobileNetV2 0.5, 513 PASCAL VOC, uint8 (Coral test data)
cat.bmp|$coral/cat.bmp|34f235786382686111728287fd26d4c24dd8c25de8233469d6eeb301888ce0a9|sample image: a cat (Open Images, CC BY 2.0; Coral test data)
bird_segmentation.bmp|$coral/bird_segmentation.bmp|24dbd0ca9c379b5b8d055026e073a3ffb54ad72ac0746d31d16da9306865ee48|sample image: a bird (Open Images, CC BY 2.0; Coral test data)
kite_and_cold.jpg|$coral/kite_and_cold.jpg|87410f52f79cc256c3949b48a3548632c07c8e9943468ef8caa6250f6643be8e|sample image: kites and people on a beach (Flickr, Creative Commons; Coral test data)
grace_hopper.bmp|$coral/grace_hopper.bmp|c43444bf3b1b1e3080551ca194bd231da4b67f20fc91454502915a6b806b614f|sample image: Grace Hopper (public domain; Coral test data)
EOF
}

while [ $# -gt 0 ]; do
  case $1 in
    --dest) dest=${2:?--dest needs a folder}; shift 2 ;;
    --mirror) mirror=${2:?--mirror needs a URL}; shift 2 ;;
    --list) list=1; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fetch-models: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) names="$names $1"; shift ;;
  esac
done

if [ $list -eq 1 ]; then
  catalog | awk -F'|' '{ printf "%-46s %s\n", $1, $4 }'
  exit 0
fi

if command -v curl >/dev/null 2>&1; then
  fetch() { curl -fsSL --retry 2 -o "$2" "$1"; }
elif command -v wget >/dev/null 2>&1; then
  fetch() { wget -q -O "$2" "$1"; }
else
  echo "fetch-models: neither curl nor wget is installed (apt-get install curl)" >&2
  exit 1
fi

# The catalog line of NAME, compared as a string (never as a pattern).
entry() {
  catalog | awk -F'|' -v n="$1" '$1 == n'
}

# Unknown names are an error before anything is downloaded.
for n in $names; do
  [ -n "$(entry "$n")" ] || {
    echo "fetch-models: '$n' is not a model this script knows (see --list)" >&2
    exit 2
  }
done
[ -n "$names" ] || names=$(catalog | cut -d'|' -f1 | grep '\.tflite$\|\.txt$')

mkdir -p "$dest" || exit 1
status=0
for n in $names; do
  line=$(entry "$n")
  url=$(echo "$line" | cut -d'|' -f2)
  sum=$(echo "$line" | cut -d'|' -f3)
  [ -n "$mirror" ] && url=$mirror/$n
  target=$dest/$n
  if [ -f "$target" ]; then
    got=$(sha256sum "$target" | cut -d' ' -f1)
    if [ "$got" = "$sum" ]; then
      echo "present    $target (sha256 verified)"
    else
      echo "FAILED     $n: $target is there but its sha256 $got is not the expected $sum (delete it to download it again)" >&2
      status=1
      continue
    fi
  else
    tmp=$target.part
    if ! fetch "$url" "$tmp"; then
      rm -f "$tmp"
      echo "FAILED     $n: could not download $url (no network? put the file in $dest yourself)" >&2
      status=1
      continue
    fi
    got=$(sha256sum "$tmp" | cut -d' ' -f1)
    if [ "$got" != "$sum" ]; then
      rm -f "$tmp"
      echo "FAILED     $n: sha256 $got is not the expected $sum; not installed" >&2
      status=1
      continue
    fi
    if ! mv "$tmp" "$target"; then
      rm -f "$tmp"
      echo "FAILED     $n: could not move it to $target" >&2
      status=1
      continue
    fi
    echo "downloaded $target (sha256 verified)"
  fi
  # MediaPipe's label map starts with the background class; the elements
  # number classes without it.
  if [ "$n" = ssdlite_object_detection_labelmap.txt ]; then
    labels=$dest/ssdlite_object_detection_labels.txt
    if ! { tail -n +2 "$target" >"$labels.part" && mv "$labels.part" "$labels"; }; then
      rm -f "$labels.part"
      echo "FAILED     could not write $labels" >&2
      status=1
    fi
  fi
done
exit $status
