#!/bin/sh
# Replays the seed corpus (generated tiny and hostile models, saved fuzz
# findings) through a fuzz target built with the AFL++/replay driver.
# Usage: replay.sh TARGET MODELS_DIR
set -eu
target=$1 models=$2
set -- "$models"/*.tflite "$models"/hostile/*.tflite
for f in "$(dirname "$0")"/../data/synthetic/fuzz-*.tflite \
    "$(dirname "$0")"/../data/synthetic/flex-*.bin; do
  [ -e "$f" ] && set -- "$@" "$f"
done
"$target" "$@"
echo "replayed $# inputs through $(basename "$target")"
