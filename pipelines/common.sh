# Sourced by the pipeline scripts: use the plugin from this source tree's
# build when it has not been installed, and the models from the usual path.
here=$(cd "$(dirname "$0")" && pwd)
if ! gst-inspect-1.0 mnv2classify >/dev/null 2>&1 && [ -d "$here/../build/gst" ]; then
  export GST_PLUGIN_PATH="$here/../build/gst${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
fi

# file_source FILE: the gst-launch source for FILE (an absolute path).  A
# picture becomes one frame.  gdkpixbufdec (rank none, so never chosen
# automatically) decodes BMP and PNG to RGB, the exact reference input.
file_source () {
  case "$1" in
    *.bmp|*.BMP|*.png|*.PNG)
      echo "filesrc location=$1 ! gdkpixbufdec ! videoconvert ! video/x-raw,format=RGB ! imagefreeze num-buffers=1" ;;
    *.jpg|*.jpeg|*.JPG|*.JPEG)
      echo "filesrc location=$1 ! jpegdec ! imagefreeze num-buffers=1" ;;
    *)
      echo "uridecodebin uri=file://$1 ! videoconvert" ;;
  esac
}

# print_results ELEMENT PIPELINE...: runs the pipeline and prints ELEMENT's
# bus messages (its results), errors and warnings, one per line.
print_results () {
  element=$1
  shift
  gst-launch-1.0 -m "$@" 2>&1 |
    grep -E "\"$element[0-9]*\" \\(element\\)|^ERROR|^WARNING" | sed 's/.*(element): //'
}
