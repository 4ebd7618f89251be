#!/bin/sh
# Real gst-launch-1.0 pipelines, as a user runs them: the model found by
# default, exact reference scores on RGB from gdkpixbufdec, JPEG through
# jpegdec (I420), and the error a user sees for a missing model.
set -u
data=${MNV2_DATA_DIR:-$MNV2_DATA_DIR_DEFAULT}
if [ ! -d "$data/models" ]; then
  echo "SKIP pipelines: test data not found at '$data' (set MNV2_DATA_DIR)"
  exit 77
fi
for e in gdkpixbufdec jpegdec imagefreeze videoconvert; do
  if ! gst-inspect-1.0 "$e" >/dev/null 2>&1; then
    echo "SKIP pipelines: GStreamer element $e is not installed"
    exit 77
  fi
done
export MNV2_MODEL_PATH="$data/models"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if [ "$2" -eq 0 ]; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }

gst-launch-1.0 -m filesrc location="$data/testdata/cat.bmp" ! gdkpixbufdec ! \
  videoconvert ! video/x-raw,format=RGB ! imagefreeze num-buffers=1 ! \
  mnv2classify post-messages=true ! fakesink >"$tmp/cat" 2>&1
grep 'element "mnv2classify0" (element)' "$tmp/cat" | head -1 | tee "$tmp/msg"
grep -q 'id\\=\\(int\\)286\\,\\ label\\=\\(string\\)\\"Egyptian\\\\\\ cat\\"\\,\\ score\\=\\(double\\)0.796875' "$tmp/msg"
check "cat.bmp via gdkpixbufdec RGB: Egyptian cat, reference score 204/256" $?

gst-launch-1.0 -m filesrc location="$data/testdata/kite_and_cold.jpg" ! jpegdec ! \
  imagefreeze num-buffers=1 ! mnv2classify post-messages=true top-k=1 ! \
  fakesink >"$tmp/kite" 2>&1
grep -q 'id\\=\\(int\\)978' "$tmp/kite"
check "kite_and_cold.jpg via jpegdec: sandbar first, as the reference" $?

gst-launch-1.0 videotestsrc num-buffers=30 ! video/x-raw,format=NV12,width=320,height=240 ! \
  mnv2classify inference-interval=10 resize-mode=letterbox ! fakesink >"$tmp/vts" 2>&1
check "videotestsrc NV12, letterbox, interval 10: runs to EOS" $?

"$(dirname "$0")/../pipelines/detect-file.sh" "$data/testdata/kite_and_cold.jpg" >"$tmp/det"
head -c 300 "$tmp/det"; echo
grep -q 'label\\=\\(string\\)kite' "$tmp/det" && grep -q 'label\\=\\(string\\)person' "$tmp/det"
check "detect-file.sh kite_and_cold.jpg: kites and persons" $?

"$(dirname "$0")/../pipelines/segment-file.sh" "$data/testdata/bird_segmentation.bmp" >"$tmp/seg"
head -c 300 "$tmp/seg"; echo
grep -q 'label\\=\\(string\\)bird' "$tmp/seg"
check "segment-file.sh bird_segmentation.bmp: bird pixels" $?

gst-launch-1.0 videotestsrc num-buffers=1 ! mnv2classify model-file=/nonexistent/m.tflite ! \
  fakesink >"$tmp/err" 2>&1
rc=$?
cat "$tmp/err" | grep -i "error" | head -2
grep -q "Could not open the model: cannot open model file '/nonexistent/m.tflite'" "$tmp/err"
check "missing model: gst-launch shows the path (exit $rc)" $(( $? != 0 || rc == 0 ))
exit $fail
