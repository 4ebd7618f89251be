#!/usr/bin/env bash
# Makes (or reuses) the ARM64 sysroot the plugin is cross-built against:
# Debian 12's arm64 development packages unpacked into a directory, so the
# machine's own (native) packages are never touched.  debootstrap's first
# stage (--foreign) downloads the packages and runs no ARM binary; the ones
# it leaves unpacked are unpacked with dpkg -x; the gdk-pixbuf loader cache
# is made by running the sysroot's own query tool under qemu-aarch64.
# Prints the sysroot's path last; exits 77 (after saying why) when this
# machine cannot make it (no debootstrap, no mirror): CI counts that as
# skipped, loudly.
# Usage: .ci/arm64-sysroot.sh [DIR]   (default /var/tmp/gst-mnv2-arm64)
set -uo pipefail
root=${1:-${MNV2_ARM64_SYSROOT:-/var/tmp/gst-mnv2-arm64}}
packages="libc6-dev libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good libcairo2-dev
  libpango1.0-dev check fonts-dejavu-core libmosquitto-dev"
stamp="$root/.gst-mnv2-packages-$(echo $packages | md5sum | cut -c1-12)"
if [ -f "$stamp" ]; then
  echo "$root"
  exit 0
fi
command -v debootstrap >/dev/null 2>&1 ||
  { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; } ||
  { echo "arm64-sysroot: SKIP: cannot install debootstrap" >&2; exit 77; }
command -v qemu-aarch64 >/dev/null 2>&1 ||
  { echo "arm64-sysroot: SKIP: qemu-aarch64 missing (apt-get install qemu-user)" >&2; exit 77; }
echo "arm64-sysroot: making a Debian 12 arm64 sysroot in $root" >&2
rm -rf "$root"
debootstrap --foreign --arch=arm64 --variant=minbase \
  --include="$(echo $packages | tr ' ' ,)" bookworm "$root" \
  http://deb.debian.org/debian >/tmp/ci-arm64-debootstrap.log 2>&1 || {
    tail -5 /tmp/ci-arm64-debootstrap.log >&2
    echo "arm64-sysroot: SKIP: debootstrap from deb.debian.org failed" >&2
    rm -rf "$root"; exit 77; }
for deb in "$root"/var/cache/apt/archives/*.deb; do
  dpkg -x "$deb" "$root" || { echo "arm64-sysroot: cannot unpack $deb" >&2; exit 1; }
done
# gdkpixbufdec decodes through loaders listed in a cache that the package's
# postinst would write: written here by the sysroot's own tool.
lib="$root/usr/lib/aarch64-linux-gnu"
query="$lib/gdk-pixbuf-2.0/gdk-pixbuf-query-loaders"
if [ -x "$query" ]; then
  for dir in "$lib"/gdk-pixbuf-2.0/2.*; do
    qemu-aarch64 -L "$root" "$query" >"$dir/loaders.cache" ||
      { echo "arm64-sysroot: gdk-pixbuf-query-loaders failed under qemu" >&2; exit 1; }
  done
fi
touch "$stamp"
echo "$root"
