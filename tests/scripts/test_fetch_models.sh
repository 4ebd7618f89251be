#!/bin/sh
# models/fetch-models.sh against local mirrors: a tampered file is refused,
# unknown names are refused (names are not patterns), a file already there
# with the wrong sha256 fails the run, and (with the test data) every model the data
# holds installs from a file:// mirror of it with its sha256 verified, then
# counts as present on a second run.
# Usage: test_fetch_models.sh SCRIPT
set -u
script=$1
data=${MNV2_DATA_DIR:-$MNV2_DATA_DIR_DEFAULT}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # description, status (0 = ok)
  if [ "$2" -eq 0 ]; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}

[ "$("$script" --list | wc -l)" -ge 8 ]; check "--list names the models" $?

mkdir "$tmp/bad"
echo "not a model" >"$tmp/bad/mobilenet_v2_1.0_224_quant.tflite"
"$script" --dest "$tmp/d1" --mirror "file://$tmp/bad" \
  mobilenet_v2_1.0_224_quant.tflite 2>"$tmp/err"; rc=$?
cat "$tmp/err"
grep -q "sha256 .* is not the expected" "$tmp/err" &&
  [ $rc -eq 1 ] && [ ! -e "$tmp/d1/mobilenet_v2_1.0_224_quant.tflite" ] &&
  [ ! -e "$tmp/d1/mobilenet_v2_1.0_224_quant.tflite.part" ]
check "a file with the wrong sha256 is not installed (exit $rc)" $?

"$script" --dest "$tmp/d1" --mirror "file://$tmp/bad" missing.tflite \
  2>"$tmp/err"; rc=$?
grep -q "'missing.tflite' is not a model this script knows" "$tmp/err" && [ $rc -eq 2 ]
check "unknown name refused (exit $rc)" $?

"$script" --dest "$tmp/d1" --mirror "file://$tmp/bad" \
  deeplabv3_mnv2_pascal_quant.tflite 2>"$tmp/err"; rc=$?
grep -q "could not download" "$tmp/err" && [ $rc -eq 1 ]
check "a file the mirror lacks is reported (exit $rc)" $?

# A name that only matches as a pattern ('.' is any character).
"$script" --dest "$tmp/d1" --mirror "file://$tmp/bad" \
  'mobilenet_v2_1.0_224_quant.tflit.' 2>"$tmp/err"; rc=$?
grep -q "is not a model this script knows" "$tmp/err" && [ $rc -eq 2 ]
check "a name is matched as a string, not a pattern (exit $rc)" $?
"$script" --dest "$tmp/d1" --mirror "file://$tmp/bad" '*' 2>"$tmp/err"; rc=$?
grep -q "'\*' is not a model this script knows" "$tmp/err" && [ $rc -eq 2 ]
check "a glob is not expanded (exit $rc)" $?

# A file already present is hashed again: exit 0 means verified.
mkdir -p "$tmp/d3"
echo "tampered" >"$tmp/d3/deeplabv3_mnv2_pascal_quant.tflite"
"$script" --dest "$tmp/d3" --mirror "file://$tmp/bad" \
  deeplabv3_mnv2_pascal_quant.tflite 2>"$tmp/err"; rc=$?
cat "$tmp/err"
grep -q "is there but its sha256" "$tmp/err" && [ $rc -eq 1 ] &&
  [ "$(cat "$tmp/d3/deeplabv3_mnv2_pascal_quant.tflite")" = tampered ]
check "a present file with the wrong sha256 fails, kept as it is (exit $rc)" $?

# A target folder that cannot be written: the failed move is reported.
if [ "$(id -u)" -ne 0 ]; then
  mkdir -p "$tmp/ro" && chmod a-w "$tmp/ro"
  "$script" --dest "$tmp/ro" --mirror "file://$tmp/bad" \
    mobilenet_v2_1.0_224_quant.tflite 2>"$tmp/err"; rc=$?
  [ $rc -eq 1 ]
  check "a folder that cannot be written fails (exit $rc)" $?
fi

if [ ! -d "$data/models" ]; then
  echo "SKIP remaining fetch checks: test data not found at '$data' (set MNV2_DATA_DIR)"
  [ $fail -eq 0 ] && exit 77
  exit 1
fi
# The models the data folder holds under their official names.
names="mobilenet_v2_1.0_224_quant.tflite tf2_mobilenet_v2_1.0_224_ptq.tflite
  mobilenet_v2_1.0_224_inat_bird_quant.tflite
  coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite
  deeplabv3_mnv2_pascal_quant.tflite deeplabv3_mnv2_dm05_pascal_quant.tflite"
"$script" --dest "$tmp/d2" --mirror "file://$data/models" $names >"$tmp/out"; rc=$?
cat "$tmp/out"
[ $rc -eq 0 ] && [ "$(grep -c 'sha256 verified' "$tmp/out")" -eq 6 ]
check "six official models install from a file:// mirror, hashes verified" $?
for n in $names; do cmp -s "$tmp/d2/$n" "$data/models/$n" || fail=1; done
check "installed files equal the originals" $fail
"$script" --dest "$tmp/d2" --mirror "file://$tmp/bad" $names >"$tmp/out"; rc=$?
[ $rc -eq 0 ] && [ "$(grep -c '^present.*sha256 verified' "$tmp/out")" -eq 6 ]
check "a second run keeps what is present, hashed again" $?
exit $fail
