#!/bin/sh
# Soak: every element in one pipeline for FRAMES frames (default 10000) of
# moving test video, with GStreamer's leaks tracer, sampling the process's
# resident memory.  A measurement with a numeric report, run by hand; CI
# runs a short form (tests/scripts/test_pipelines.sh).  Exit 1 on leaked objects or
# on resident memory growing more than MAX_GROWTH_KB (default 20000)
# between 20% and 95% of the run (the last samples see the teardown).
# Usage: tests/scripts/soak.sh [FRAMES]   (GST_PLUGIN_PATH and MNV2_MODEL_PATH as
#        for the pipelines; defaults: build/gst and ../shared/models)
set -u
frames=${1:-10000}
max_growth=${MAX_GROWTH_KB:-20000}
root=$(cd "$(dirname "$0")/../.." && pwd)
export GST_PLUGIN_PATH=${GST_PLUGIN_PATH:-$root/build/gst}
export MNV2_MODEL_PATH=${MNV2_MODEL_PATH:-$root/../shared/models}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

start=$(date +%s.%N)
GST_TRACERS=leaks GST_DEBUG=GST_TRACER:7 gst-launch-1.0 -q \
  videotestsrc num-buffers="$frames" pattern=ball ! \
  video/x-raw,format=NV12,width=640,height=480,framerate=30/1 ! \
  ssdlitedetect threshold=0.2 ! deeplabsegment inference-interval=5 ! \
  mnv2classify inference-region=roi-list reclassify-interval=5 ! \
  mnv2overlay ! mnv2json location=/dev/null ! fakesink 2>"$log" &
pid=$!
samples=""
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null)
  [ -n "$rss" ] && samples="$samples $rss"
  sleep 0.5
done
wait "$pid"
rc=$?
end=$(date +%s.%N)
# Real leak records, not the record format the tracer announces first.
leaks=$(grep "object-alive, type-name=(string)" "$log" | grep -vc "%s")
echo "$samples" | awk -v frames="$frames" -v t0="$start" -v t1="$end" \
    -v rc="$rc" -v leaks="$leaks" -v limit="$max_growth" '{
  n = NF; from = int(n * 0.2) + 1; to = int(n * 0.95)
  if (to < from) to = from; if (from > n) from = to = n
  growth = n ? $to - $from : 0
  max = 0; for (i = 1; i <= n; i++) if ($i > max) max = $i
  secs = t1 - t0
  printf "frames=%d seconds=%.1f fps=%.1f rss_kb_at_20%%=%d rss_kb_at_95%%=%d rss_growth_kb=%d rss_kb_max=%d leaked_objects=%d exit=%d\n",
    frames, secs, frames / secs, n ? $from : 0, n ? $to : 0, growth, max, leaks, rc
  exit (rc != 0 || leaks != 0 || growth > limit)
}'
