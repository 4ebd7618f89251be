#!/usr/bin/env bash
# CI stage: gst-mnv2 built and tested against GStreamer 1.26 (Debian 13
# trixie), where GstAnalytics exists: a chroot made with debootstrap from
# Debian's mirror (kept under /var/tmp, reused when there), the source and
# the test data bind-mounted into it, a build with -Danalytics=enabled, and
# the element tests, the analytics interop tests and the gst-launch suite.
# Needs root.  Prints meson's summary; exits non-zero when the build or a
# test fails, and 77 (after saying why) when this machine cannot make the
# chroot at all (no debootstrap, no mirror, no mount): CI counts that as
# skipped, loudly.
# Usage: .ci/gst126.sh [BUILD_DIR_IN_CHROOT]   (default /build-gst126)
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
data=${MNV2_DATA_DIR:-$src/../shared}
root=${MNV2_TRIXIE_DIR:-/var/tmp/gst-mnv2-trixie}
build=${1:-/build-gst126}
packages="gcc libc6-dev meson ninja-build pkg-config python3 ca-certificates
  check libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
  libgstreamer-plugins-bad1.0-dev gstreamer1.0-tools gstreamer1.0-plugins-base
  gstreamer1.0-plugins-good gstreamer1.0-plugins-bad libcairo2-dev
  libpango1.0-dev fonts-dejavu-core libmosquitto-dev mosquitto
  mosquitto-clients openssl"
stamp="$root/.gst-mnv2-packages-$(echo $packages | md5sum | cut -c1-12)"

if [ ! -x "$root/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; } ||
    { echo "gst126: SKIP: cannot install debootstrap"; exit 77; }
  echo "gst126: making a Debian 13 chroot in $root"
  debootstrap --variant=minbase trixie "$root" http://deb.debian.org/debian \
    >/tmp/ci-gst126-debootstrap.log 2>&1 || {
      tail -5 /tmp/ci-gst126-debootstrap.log
      echo "gst126: SKIP: debootstrap from deb.debian.org failed"
      rm -rf "$root"; exit 77; }
fi

mounted=()
bind() { # bind SRC DST (DST inside the chroot), undone at exit
  mkdir -p "$root$2"
  mountpoint -q "$root$2" && return 0
  mount --bind "$1" "$root$2" && mounted=("$root$2" "${mounted[@]}")
}
cleanup() { for m in "${mounted[@]}"; do umount "$m" 2>/dev/null; done; }
trap cleanup EXIT
mkdir -p "$root/proc" "$root/dev/pts"
if ! mountpoint -q "$root/proc"; then
  mount -t proc proc "$root/proc" && mounted=("$root/proc" "${mounted[@]}")
fi
if ! mountpoint -q "$root/dev/pts"; then
  mount -t devpts devpts "$root/dev/pts" && mounted=("$root/dev/pts" "${mounted[@]}")
fi
bind "$src" /src || { echo "gst126: SKIP: cannot bind-mount the source"; exit 77; }
# The source's ../shared, as the tests expect it.
[ -d "$data" ] && bind "$(cd "$data" && pwd)" /shared

if [ ! -f "$stamp" ]; then
  chroot "$root" sh -c "export DEBIAN_FRONTEND=noninteractive;
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $(echo $packages)" \
    >/tmp/ci-gst126-apt.log 2>&1 || { tail -5 /tmp/ci-gst126-apt.log
      echo "gst126: SKIP: the chroot's packages could not be installed"; exit 77; }
  touch "$stamp"
fi

chroot "$root" sh -c "gst-launch-1.0 --version | head -2"
chroot "$root" sh -c "rm -rf $build && meson setup $build /src -Danalytics=enabled \
    -Dmqtt=enabled >/tmp/setup.log 2>&1 || { tail -20 /tmp/setup.log; exit 1; }
  ninja -C $build >/tmp/build.log 2>&1 || { tail -30 /tmp/build.log; exit 1; }
  cd $build && tests=\$(meson test --list 2>/dev/null |
    grep -oE '(element-[a-z_0-9]+|analytics-[a-z_0-9-]+|meta-[a-z-]+|pipelines)\$' | tr '\n' ' ')
  meson test --no-rebuild --print-errorlogs --num-processes 2 \$tests"
