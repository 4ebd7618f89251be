#!/bin/sh
# Fused inverted-residual blocks against op-by-op execution, per model:
# the session's activation arena (peak_activation_bytes) and the median time
# of both, measured in one process with runs alternating between the two
# sessions (`mnv2 bench --compare-fusion`), 1 and 2 threads.  A benchmark,
# not a test: it asserts nothing.  Prints a Markdown table.
# Usage: tests/bench/fusion-table.sh [RUNS]   (from the source root, after
# `meson setup build && ninja -C build`)
set -eu
runs=${1:-100}
root=$(cd "$(dirname "$0")/../.." && pwd)
data=${MNV2_DATA_DIR:-$root/../shared}
mnv2=$root/build/tools/mnv2

field() { # name, line
  echo "$2" | sed -n "s/.*$1=\([0-9.]*\).*/\1/p"
}

echo "| model | threads | arena fused | arena op by op | median ms fused | median ms op by op |"
echo "|---|---|---|---|---|---|"
for m in "$data/models/mobilenet_v2_1.0_224_quant.tflite" \
    "$data/models/tf2_mobilenet_v2_1.0_224_ptq.tflite" \
    "$data/models/mobilenet_v2_1.0_224_float.tflite" \
    "$data/models/deeplabv3_mnv2_pascal_quant.tflite" \
    "$data/models/deeplabv3_mnv2_dm05_pascal_quant.tflite" \
    "$data/models/coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite" \
    "$root/build/tests/models/ssdlite_synth_u8.tflite"; do
  [ -f "$m" ] || continue
  for t in 1 2; do
    out=$("$mnv2" bench "$m" --runs "$runs" --warmup 5 --threads "$t" \
      --compare-fusion)
    fused=$(echo "$out" | tail -n 1)
    plain=$(echo "$out" | tail -n 2 | head -n 1)
    printf '| %s | %s | %s | %s | %s | %s |\n' "$(basename "$m" .tflite)" "$t" \
      "$(field peak_activation_bytes "$fused")" \
      "$(field peak_activation_bytes "$plain")" \
      "$(field median_ms "$fused")" "$(field median_ms "$plain")"
  done
done
