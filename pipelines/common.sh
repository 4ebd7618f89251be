# Sourced by the pipeline scripts: use the plugin from this source tree's
# build when it has not been installed, the models from the usual path, and
# explain the errors a newcomer hits before gst-launch does.
here=$(cd "$(dirname "$0")" && pwd)
if ! gst-inspect-1.0 mnv2classify >/dev/null 2>&1 && [ -d "$here/../build/gst" ]; then
  export GST_PLUGIN_PATH="$here/../build/gst${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
fi

# help_if_asked "$@": prints the script's header comment for -h / --help.
# Pipelines are built as word lists, one gst-launch argument per line: the
# scripts split them on line breaks only and never glob, so a file name
# with spaces, quotes or '!' stays one property value (gst-launch keeps one
# argument one token) and cannot change the pipeline.
NL='
'
IFS=$NL
set -f

# words WORD...: the words, one per line.
words () {
  printf '%s\n' "$@"
}

# gst_value STRING: STRING as a property value inside one gst-launch
# argument (only backslashes need escaping there).  A line break cannot be
# part of a word list: such a name is refused.
gst_value () {
  case $1 in
    *"$NL"*) die "names with a line break are not supported: $1" ;;
  esac
  printf '%s' "$1" | sed 's/\\/\\\\/g'
}

help_if_asked () {
  case "${1:-}" in
    -h|--help)
      sed -n '2,/^[^#]/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
      exit 0 ;;
  esac
}

die () {
  printf '%s: %s\n' "$(basename "$0")" "$*" >&2
  exit 1
}

# need_plugin: the mnv2 plugin must load.
need_plugin () {
  gst-inspect-1.0 mnv2overlay >/dev/null 2>&1 ||
    die "the GStreamer plugin 'mnv2' was not found. Build it (meson setup build && ninja -C build, from $here/..) or point GST_PLUGIN_PATH at the folder holding libgstmnv2.so; then check with: gst-inspect-1.0 mnv2"
}

# need_element ELEMENT PACKAGE: a GStreamer element from a Debian package.
need_element () {
  gst-inspect-1.0 "$1" >/dev/null 2>&1 ||
    die "GStreamer element '$1' is missing: sudo apt-get install $2"
}

# need_camera DEVICE
need_camera () {
  [ -e "$1" ] || die "no camera at $1: plug one in, or give another device (ls /dev/video*)"
  [ -r "$1" ] || die "cannot read $1: add yourself to the 'video' group (sudo usermod -aG video \$USER) and log in again"
}

# h264_encoder: the first H.264 encoder present, hardware ones first.
h264_encoder () {
  for e in vaapih264enc v4l2h264enc; do
    if gst-inspect-1.0 "$e" >/dev/null 2>&1; then echo "$e"; return; fi
  done
  if gst-inspect-1.0 x264enc >/dev/null 2>&1; then
    words x264enc speed-preset=veryfast tune=zerolatency; return
  fi
  if gst-inspect-1.0 openh264enc >/dev/null 2>&1; then echo openh264enc; return; fi
  die "no H.264 encoder found: sudo apt-get install gstreamer1.0-plugins-ugly (x264enc)"
}

# picture_decoder FILE: the decoder of a picture file, or nothing for
# other files.  gdkpixbufdec (rank none, so never chosen automatically)
# decodes BMP and PNG to RGB, the exact reference input.
picture_decoder () {
  case "$1" in
    *.bmp|*.BMP|*.png|*.PNG) echo gdkpixbufdec ;;
    *.jpg|*.jpeg|*.JPG|*.JPEG) echo jpegdec ;;
  esac
}

# file_source FILE: the words of a gst-launch source for FILE (an absolute
# path).  A picture becomes one frame.
file_source () {
  loc=location=$(gst_value "$1") || exit 1
  case "$(picture_decoder "$1")" in
    gdkpixbufdec)
      words filesrc "$loc" ! gdkpixbufdec ! videoconvert ! \
        video/x-raw,format=RGB ! imagefreeze num-buffers=1 ;;
    jpegdec)
      words filesrc "$loc" ! jpegdec ! imagefreeze num-buffers=1 ;;
    *)
      words filesrc "$loc" ! decodebin ! videoconvert ;;
  esac
}

# absolute PATH
absolute () {
  printf '%s\n' "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
}

# print_results ELEMENT PIPELINE...: runs the pipeline and prints ELEMENT's
# bus messages (its results), errors and warnings, one per line.
print_results () {
  element=$1
  shift
  gst-launch-1.0 -m "$@" 2>&1 |
    grep -E "\"$element[0-9]*\" \\(element\\)|^ERROR|^WARNING" | sed 's/.*(element): //'
}

help_if_asked "$@"
need_plugin
