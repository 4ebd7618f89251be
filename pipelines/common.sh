# Sourced by the pipeline scripts: use the plugin from this source tree's
# build when it has not been installed, and the models from the usual path.
here=$(cd "$(dirname "$0")" && pwd)
if ! gst-inspect-1.0 mnv2classify >/dev/null 2>&1 && [ -d "$here/../build/gst" ]; then
  export GST_PLUGIN_PATH="$here/../build/gst${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
fi
