#!/bin/sh
# Runs one fuzz target on a seed corpus made of the generated tiny and
# hostile models (copied, so runs do not grow the build tree).  With RUNS
# the campaign is deterministic (fixed seed and number of executions; the
# time is only a cap), so CI's result does not depend on luck; RUNS 0 runs
# a random campaign for SECONDS.  Exit status: nonzero on any finding.
# Usage: run_fuzz.sh TARGET MODELS_DIR SECONDS [RUNS]
set -eu
target=$1 models=$2 seconds=$3 runs=${4:-0}
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
cp "$models"/*.tflite "$models"/hostile/*.tflite "$corpus"/
# Regression inputs found by earlier campaigns, and small seeds (FlexBuffers
# options), if any.
cp "$(dirname "$0")"/../data/synthetic/fuzz-*.tflite \
  "$(dirname "$0")"/../data/synthetic/flex-*.bin "$corpus"/ 2>/dev/null || true
if [ "$runs" -gt 0 ]; then
  set -- -seed=12345 -runs="$runs"
else
  set --
fi
exec "$target" "$@" -max_total_time="$seconds" -max_len=65536 -timeout=10 -error_exitcode=1 \
  -rss_limit_mb=2048 -print_final_stats=1 "$corpus"
