#!/bin/sh
# The mnv2 command line: classify, run (byte-exact outputs), info, and the
# errors a user sees for wrong input sizes and broken model files.
# Usage: test_cli.sh MNV2_BINARY TINY_MODELS_DIR
set -u
mnv2=$1
tiny=$2
# In a cross build, MNV2_EXE_WRAPPER runs the tool (e.g. qemu-aarch64 -L ...).
run_mnv2 () { ${MNV2_EXE_WRAPPER:-} "$mnv2" "$@"; }
data=${MNV2_DATA_DIR:-$MNV2_DATA_DIR_DEFAULT}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # description, command status (0 = ok)
  if [ "$2" -eq 0 ]; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}

# Errors, no data needed.
run_mnv2 >/dev/null 2>&1; check "no arguments: usage, exit 2" $(( $? != 2 ))
run_mnv2 info "$tmp/missing.tflite" 2>"$tmp/err"; rc=$?
grep -q "cannot open model file '$tmp/missing.tflite'" "$tmp/err"
check "missing model: message names the file (exit $rc)" $(( $? != 0 || rc != 1 ))
run_mnv2 info "$tiny/hostile/unsupported_op.tflite" 2>"$tmp/err"
grep -q "TRANSPOSE_CONV" "$tmp/err"; check "unsupported op named" $?
head -c 100 /dev/zero >"$tmp/small.raw"
run_mnv2 run "$tiny/tiny_u8.tflite" "$tmp/small.raw" "$tmp/o" 2>"$tmp/err"; rc=$?
grep -q "needs 192 bytes (UINT8) but 100 were given" "$tmp/err"
check "input size mismatch gives both sizes" $(( $? != 0 || rc != 1 ))
cat "$tmp/err"
run_mnv2 info "$tiny/tiny_u8.tflite" >"$tmp/info"
grep -q "labels: 5 from embedded 'labels.txt'" "$tmp/info"; check "info lists labels" $?
run_mnv2 bench "$tiny/ssdlite_synth_u8.tflite" --runs 2 --warmup 1 >"$tmp/bench"
tail -1 "$tmp/bench" | grep -q '^min_ms=[0-9.]* median_ms=[0-9.]* peak_activation_bytes=[0-9]* isa=[a-z0-9]* threads=1$'
check "bench on the synthesized SSDLite: last line format" $?
run_mnv2 bench "$tiny/ssdlite_synth_u8.tflite" --runs 5 --warmup 0 |
  tail -1 | awk '{ split($1, a, "="); split($2, b, "=");
    exit !(a[2] + 0 > 0 && a[2] + 0 <= b[2] + 0) }'
check "bench: 0 < min_ms <= median_ms" $?
grep -q "TFLite_Detection_PostProcess" "$tmp/bench"; check "bench: per-op profile" $?
for fmt in nv12 i420 rgb bgrx; do
  for ref in "" --reference; do
    run_mnv2 bench-image "$tiny/ssdlite_synth_u8.tflite" --from 37x21 --format $fmt \
      --mode letterbox --runs 2 --warmup 0 $ref >"$tmp/bi" &&
      tail -1 "$tmp/bi" | grep -Eq '^min_ms=[0-9.]+ median_ms=[0-9.]+ isa=[a-z0-9]+$'
    check "bench-image $fmt $ref: last line format" $?
  done
done
run_mnv2 bench-image "$tiny/ssdlite_synth_u8.tflite" --from 0x5 >/dev/null 2>&1
[ $? -eq 2 ]; check "bench-image: a bad size is a usage error" $?

if [ ! -d "$data/models" ]; then
  echo "SKIP remaining CLI checks: test data not found at '$data' (set MNV2_DATA_DIR)"
  [ $fail -eq 0 ] && exit 77
  exit 1
fi

quant="$data/models/mobilenet_v2_1.0_224_quant.tflite"
run_mnv2 classify "$quant" "$data/ref/inputs/cat_224.rgb" >"$tmp/top5"
cat "$tmp/top5"
head -1 "$tmp/top5" | grep -q "^1	286	0\.[0-9]\{6\}	Egyptian cat$"
check "classify: Egyptian cat first" $?
[ "$(wc -l <"$tmp/top5")" -eq 5 ]; check "classify: 5 lines by default" $?
run_mnv2 classify "$quant" "$data/ref/inputs/cat_224.rgb" --top 2 \
  --labels "$data/models/imagenet_labels.txt" >"$tmp/top2"
[ "$(wc -l <"$tmp/top2")" -eq 2 ]; check "classify --top 2 --labels" $?

for m in mobilenet_v2_1.0_224_quant tf2_mobilenet_v2_1.0_224_ptq \
    mobilenet_v2_1.0_224_inat_bird_quant; do
  run_mnv2 run "$data/models/$m.tflite" "$data/ref/inputs/kite_and_cold_224.rgb" "$tmp/$m"
  cmp -s "$tmp/$m.0.out" "$data/ref/outputs/${m}__kite_and_cold.out"
  check "run: $m output bytes identical" $?
done
MNV2_ISA=ref run_mnv2 info "$quant" | grep -q "^kernels: ref$"
check "MNV2_ISA=ref selects the reference kernels" $?
run_mnv2 info "$quant" >"$tmp/info"
grep -q "ops: 66: CONV_2D x36 DEPTHWISE_CONV_2D x17 ADD x10" "$tmp/info"
check "info: op counts" $?
# The plan: 17 inverted-residual blocks, the first with the stem convolution,
# 10 with their residual add; the arena within the paper's 400 KiB.
grep -q "^fused blocks (1 thread): 17$" "$tmp/info" &&
  grep -q "^  block 0: ops 0-2 CONV_2D > DEPTHWISE_CONV_2D > CONV_2D, 112 rows of 112x16" "$tmp/info" &&
  [ "$(grep -c "> CONV_2D > ADD," "$tmp/info")" = 10 ] &&
  awk '/^activation arena/ { exit !($5 <= 409600 && $8 > 409600) }' "$tmp/info"
check "info: fused plan and arena" $?
grep -Eq "^fused blocks \(2 threads\): 17, arena [0-9]+ bytes$" "$tmp/info"
check "info: the 2-thread plan" $?
MNV2_FUSE=0 run_mnv2 info "$quant" | grep -q "^fused blocks (1 thread): 0$"
check "MNV2_FUSE=0 turns fusion off" $?
run_mnv2 bench "$quant" --runs 3 --warmup 0 --compare-fusion >"$tmp/bench"
tail -n 2 "$tmp/bench" | head -n 1 | grep -q "^unfused: min_ms=.* peak_activation_bytes=1505280 " &&
  tail -n 1 "$tmp/bench" | grep -Eq "^min_ms=[0-9.]+ median_ms=[0-9.]+ peak_activation_bytes=[0-9]+ isa=[a-z0-9]+ threads=1$"
check "bench --compare-fusion: unfused line, then the summary line last" $?
# Each fused block's time beside its ops' time one by one, then the total.
grep -q "^fused block vs its ops one by one (mean ms):$" "$tmp/bench" &&
  [ "$(grep -Ec "^  block [0-9]+ +ops +[0-9]+-[0-9]+ +[0-9.]+ +[0-9.]+ +[-+][0-9.]+ %$" "$tmp/bench")" = 17 ] &&
  grep -Eq "^  all blocks +[0-9.]+ +[0-9.]+ +[-+][0-9.]+ %$" "$tmp/bench"
check "bench --compare-fusion: the blocks against their ops" $?
exit $fail
