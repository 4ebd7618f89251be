#!/bin/sh
# Runs one fuzz target on a seed corpus made of the generated tiny and
# hostile models (copied, so runs do not grow the build tree).  With RUNS
# the campaign is deterministic (fixed seed and number of executions; the
# time is only a cap), so CI's result does not depend on luck; RUNS 0 runs
# a random campaign for SECONDS.  Exit status: nonzero on any finding.
# MAX_LEN caps the input size (default 64 KiB, enough for a model's
# structure; the small-input targets take less and run faster).
# Usage: run_fuzz.sh TARGET MODELS_DIR SECONDS [RUNS [MAX_LEN]]
set -eu
target=$1 models=$2 seconds=$3 runs=${4:-0} max_len=${5:-65536}
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
cp "$models"/*.tflite "$models"/hostile/*.tflite "$corpus"/
# Seeds from the real models when the test data is there: each model's
# first 64 KiB (the structure; the rest is weights) and three copies of it
# with a few bytes changed (deterministic).
data=${MNV2_DATA_DIR:-${MNV2_DATA_DIR_DEFAULT:-}}
if [ -n "$data" ] && [ -d "$data/models" ]; then
  for m in "$data"/models/*.tflite; do
    name=$(basename "$m" .tflite)
    head -c 65536 "$m" >"$corpus/real-$name.tflite"
    for k in 1 2 3; do
      cp "$corpus/real-$name.tflite" "$corpus/real-$name-m$k.tflite"
      printf '\377' | dd of="$corpus/real-$name-m$k.tflite" bs=1 \
        seek=$((k * 97 + 8)) conv=notrunc 2>/dev/null
    done
  done
fi
# Random valid graphs (the differential fuzzer's generator): structure the
# byte-level mutations start from that no hand-made seed has.
if python3 "$(dirname "$0")"/../tools/gen_random_graphs.py "$corpus/graphs" 7 60 \
    >/dev/null 2>&1; then
  for f in "$corpus"/graphs/*.tflite; do
    cp "$f" "$corpus/graph-$(basename "$f")"
  done
fi
rm -rf "$corpus/graphs"
# Regression inputs found by earlier campaigns, and small seeds (FlexBuffers
# options), if any.
cp "$(dirname "$0")"/../data/synthetic/fuzz-*.tflite \
  "$(dirname "$0")"/../data/synthetic/flex-*.bin "$corpus"/ 2>/dev/null || true
if [ "$runs" -gt 0 ]; then
  set -- -seed=12345 -runs="$runs"
else
  set --
fi
exec "$target" "$@" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -error_exitcode=1 \
  -rss_limit_mb=2048 -print_final_stats=1 "$corpus"
