#!/bin/sh
# What a camera pipeline feels: each inference element's time per frame in
# gst-launch-1.0 (frames from imagefreeze, fakesink sync=false) beside its
# model's `mnv2 bench` median, measured alternately, at 720p and 1080p in
# NV12, I420 and RGB, on 1 and 2 threads.  The element's time per frame is
# the median over FRAMES frames (the first 10 left out: start-up) of the
# time each buffer spends in it, from its arrival on the sink pad to its push
# on the source pad (GStreamer's latency tracer, flags=element): mapping,
# pre-processing, inference, decoding and metadata, nothing of the elements
# around it.  The frame is the same memory each time, but the model's
# weights push it out of the caches between frames, so it is read from
# memory as a camera's frame is.  A benchmark, not a test: it asserts
# nothing.
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

# element_ms ELEMENT MODEL FORMAT W H THREADS: median ms per frame in it.
element_ms() {
  GST_TRACERS="latency(flags=element)" GST_DEBUG="GST_TRACER:7" \
    GST_DEBUG_NO_COLOR=1 gst-launch-1.0 -q videotestsrc num-buffers=1 \
      pattern=smpte ! \
      "video/x-raw,format=$3,width=$4,height=$5,framerate=30/1" ! \
      imagefreeze num-buffers="$((10 + frames))" ! \
      "$1" name=measured model-file="$2" threads="$6" ! \
      fakesink sync=false 2>&1 |
    sed -n 's/.*element-latency, .*element=(string)measured, .*time=(guint64)\([0-9]*\).*/\1/p' |
    tail -n +11 | sort -n |
    awk -v what="$1 $3 $4x$5 threads=$6" '{ v[NR] = $1 }
      END { if (!NR) { print "pipeline-bench: " what ": no frame timed (the pipeline failed?)" > "/dev/stderr"; exit 1 }
            printf "%.2f", v[int((NR + 1) / 2)] / 1e6 }'
}

median() { # VALUES...: their median (the lower middle one)
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

model_ms() { # MODEL THREADS: median ms of mnv2 bench
  "$mnv2" bench "$1" --threads "$2" --runs 50 --warmup 5 | tail -1 |
    sed -n 's/.*median_ms=\([0-9.]*\).*/\1/p'
}

echo "| element | frame | format | threads | element ms/frame (median) | model ms (mnv2 bench median) | ratio |"
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
