#!/bin/sh
# Measures gst-mnv2 against the anchor engines of $MNV2_DATA_DIR/anchors in
# one run on this machine: MobileNetV2 224, batch 1, min and median ms, 1
# and 2 threads.  A benchmark, not a test: it asserts nothing.
# Usage: tests/bench/compare-anchors.sh [RUNS]   (from the source root,
# after `meson setup build && ninja -C build`; installs the anchors'
# packages with apt/npm as their own scripts do)
set -eu
runs=${1:-200}
root=$(cd "$(dirname "$0")/../.." && pwd)
data=${MNV2_DATA_DIR:-$root/../shared}
mnv2=$root/build/tools/mnv2
work=${TMPDIR:-/tmp}/mnv2-anchors
model_q=$data/models/mobilenet_v2_1.0_224_quant.tflite
model_f=$data/models/mobilenet_v2_1.0_224_float.tflite

# The anchors are read-only in the data folder: build a copy.
if [ ! -x "$work/xnnpack/mnv2_xnn" ]; then
  rm -rf "$work" && cp -r "$data/anchors" "$work" && chmod -R u+w "$work"
  dpkg -s libcpuinfo-dev >/dev/null 2>&1 || apt-get install -y libcpuinfo-dev libpthreadpool-dev >/dev/null
  sh "$work/xnnpack/build.sh" >/dev/null
fi

row() { # label, command printing a line with min and median
  out=$(sh -c "$2" 2>&1 | tail -1)
  min=$(echo "$out" | sed -n 's/.*min[_=]\(ms=\)\{0,1\}\([0-9.]*\).*/\2/p')
  med=$(echo "$out" | sed -n 's/.*median[_=]\(ms=\)\{0,1\}\([0-9.]*\).*/\2/p')
  printf '| %-44s | %8s | %8s |\n' "$1" "$min" "$med"
}

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; runs=$runs"
printf '| %-44s | %8s | %8s |\n' "engine, precision, threads" "min ms" "median"
printf '|%s|%s|%s|\n' "----------------------------------------------" "----------" "----------"
for t in 1 2; do
  row "gst-mnv2 best ISA, uint8 model, $t thr" "$mnv2 bench $model_q --threads $t --runs $runs"
  row "gst-mnv2 MNV2_ISA=avx2, uint8 model, $t thr" "MNV2_ISA=avx2 $mnv2 bench $model_q --threads $t --runs $runs"
  row "XNNPACK best ISA, qs8, $t thr" "$work/xnnpack/mnv2_xnn -m qs8 -t $t -n $runs"
  row "XNNPACK best ISA, qu8, $t thr" "$work/xnnpack/mnv2_xnn -m qu8 -t $t -n $runs"
  row "XNNPACK capped to AVX2, qs8, $t thr" "$work/xnnpack/mnv2_xnn -m qs8 -t $t -n $runs -i avx2"
  row "XNNPACK capped to AVX2, qu8, $t thr" "$work/xnnpack/mnv2_xnn -m qu8 -t $t -n $runs -i avx2"
  row "ONNX Runtime 1.30, int8, $t thr" "cd $work/onnxruntime && ./run.sh 224 $t $runs | sed -n '/qdq_u8s8/,\$p'"
  row "ONNX Runtime 1.30, fp32, $t thr" "cd $work/onnxruntime && ./run.sh 224 $t $runs | sed -n '/_f32/,/qdq/p' | grep -v '=='"
done
for t in 1 2; do
  row "gst-mnv2 best ISA, float32 model, $t thr" "$mnv2 bench $model_f --threads $t --runs $runs"
  row "gst-mnv2 MNV2_ISA=avx2, float32 model, $t thr" "MNV2_ISA=avx2 $mnv2 bench $model_f --threads $t --runs $runs"
done
# Our 2-thread speed-up, the rows above being minutes apart on a shared
# host: (a) 1- and 2-thread runs alternating run by run in one process, so
# the 2-thread pool's workers are asleep when each of its runs starts (as
# between the frames of a video); (b) back-to-back runs as the anchors do
# (workers spinning between runs), 1- and 2-thread processes alternating
# five times, the best median of each.
median_of() { "$mnv2" bench "$1" --threads "$2" --runs "$runs" | tail -n 1 |
  sed -n 's/.*median_ms=\([0-9.]*\).*/\1/p'; }
for m in "$model_q" "$model_f"; do
  echo "$(basename "$m" .tflite): (a) $("$mnv2" bench "$m" --threads 2 \
    --runs "$runs" --compare-threads | tail -n 2 | head -n 1)"
  m1=1e9 m2=1e9
  for i in 1 2 3 4 5; do
    m1=$(echo "$m1 $(median_of "$m" 1)" | awk '{print ($2 < $1) ? $2 : $1}')
    m2=$(echo "$m2 $(median_of "$m" 2)" | awk '{print ($2 < $1) ? $2 : $1}')
  done
  echo "$(basename "$m" .tflite): (b) back-to-back runs, best medians $m1 ms (1 thread), $m2 ms (2 threads): $(echo "$m1 $m2" | awk '{printf "%.2f", $1 / $2}')x"
done
