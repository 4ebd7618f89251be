#!/bin/sh
# Runs one fuzz target for a bounded time on a seed corpus made of the
# generated tiny and hostile models (copied, so runs do not grow the build
# tree).  Exit status: the fuzzer's (nonzero on any finding).
# Usage: run_fuzz.sh TARGET MODELS_DIR SECONDS
set -eu
target=$1 models=$2 seconds=$3
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
cp "$models"/*.tflite "$models"/hostile/*.tflite "$corpus"/
# Regression inputs found by earlier campaigns, and small seeds (FlexBuffers
# options), if any.
cp "$(dirname "$0")"/../data/synthetic/fuzz-*.tflite \
  "$(dirname "$0")"/../data/synthetic/flex-*.bin "$corpus"/ 2>/dev/null || true
exec "$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -error_exitcode=1 \
  -rss_limit_mb=2048 -print_final_stats=1 "$corpus"
