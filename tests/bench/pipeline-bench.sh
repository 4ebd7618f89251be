#!/bin/sh
# What a camera pipeline feels: each inference element's time per frame in
# gst-launch-1.0 (frames from imagefreeze, fakesink sync=false) beside its
# model's `mnv2 bench` median, measured alternately, at 720p and 1080p in
# NV12, I420 and RGB, on 1 and 2 threads.  The element's time per frame is
# (time of N2 frames - time of N1 frames) / (N2 - N1): start-up and model
# loading cancel out.  A benchmark, not a test: it asserts nothing.
# Prints a Markdown table.
# Usage: tests/bench/pipeline-bench.sh [FRAMES]   (from the source root,
# after `meson setup build && ninja -C build`; SIZES, FORMATS and THREADS
# narrow the sweep, e.g. SIZES=1920x1080 FORMATS=NV12 THREADS=1; each
# element and model is measured REPEATS times alternately (default 3) and
# the medians are compared)
set -eu
frames=${1:-150}
repeats=${REPEATS:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
data=${MNV2_DATA_DIR:-$root/../shared}
mnv2=$root/build/tools/mnv2
export GST_PLUGIN_PATH="$root/build/gst"

now_ms() { date +%s%N | awk '{ printf "%.3f", $1 / 1e6 }'; }

# element_ms ELEMENT MODEL FORMAT W H THREADS: ms per frame.
element_ms() {
  t=""
  for n in 10 $((10 + frames)); do
    t0=$(now_ms)
    gst-launch-1.0 -q videotestsrc num-buffers=1 pattern=smpte ! \
      "video/x-raw,format=$3,width=$4,height=$5,framerate=30/1" ! \
      imagefreeze num-buffers="$n" ! \
      "$1" model-file="$2" threads="$6" ! fakesink sync=false
    t1=$(now_ms)
    t="$t $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
  done
  echo "$t" | awk -v f="$frames" '{ printf "%.2f", ($2 - $1) / f }'
}

median() { # VALUES...: their median (the lower middle one)
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

model_ms() { # MODEL THREADS: median ms of mnv2 bench
  "$mnv2" bench "$1" --threads "$2" --runs 50 --warmup 5 | tail -1 |
    sed -n 's/.*median_ms=\([0-9.]*\).*/\1/p'
}

echo "| element | frame | format | threads | element ms/frame | model ms (mnv2 bench) | ratio |"
echo "|---|---|---|---|---|---|---|"
for pair in "ssdlitedetect coco_ssd_mobilenet_v1_1.0_quant_2018_06_29" \
    "deeplabsegment deeplabv3_mnv2_pascal_quant" \
    "mnv2classify mobilenet_v2_1.0_224_quant"; do
  set -- $pair
  element=$1
  model=$data/models/$2.tflite
  for size in ${SIZES:-1280x720 1920x1080}; do
    w=${size%x*} h=${size#*x}
    for format in ${FORMATS:-NV12 I420 RGB}; do
      for threads in ${THREADS:-1 2}; do
        # REPEATS alternations, the median of each side: one slow run
        # (another process on a shared host) moves neither.
        es="" ms=""
        for _ in $(seq "$repeats"); do
          es="$es $(element_ms "$element" "$model" "$format" "$w" "$h" "$threads")"
          ms="$ms $(model_ms "$model" "$threads")"
        done
        e=$(median $es)
        m=$(median $ms)
        r=$(awk -v e="$e" -v m="$m" 'BEGIN { printf "%.2f", e / m }')
        echo "| $element | $size | $format | $threads | $e | $m | ${r}x |"
      done
    done
  done
done
