/* The mnv2 plugin: registers the elements. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>

#include "gstdeeplabsegment.h"
#include "gstmnv2classify.h"
#include "gstmnv2json.h"
#include "gstmnv2overlay.h"
#ifdef HAVE_MQTT
#include "gstmnv2publish.h"
#endif
#include "gstmnv2track.h"
#include "gstssdlitedetect.h"

static gboolean
plugin_init (GstPlugin *plugin)
{
  return gst_element_register (plugin, "mnv2classify", GST_RANK_NONE,
             GST_TYPE_MNV2_CLASSIFY) &&
      gst_element_register (plugin, "ssdlitedetect", GST_RANK_NONE,
          GST_TYPE_SSDLITE_DETECT) &&
      gst_element_register (plugin, "deeplabsegment", GST_RANK_NONE,
          GST_TYPE_DEEPLAB_SEGMENT) &&
      gst_element_register (plugin, "mnv2overlay", GST_RANK_NONE,
          GST_TYPE_MNV2_OVERLAY) &&
      gst_element_register (plugin, "mnv2json", GST_RANK_NONE,
          GST_TYPE_MNV2_JSON) &&
      gst_element_register (plugin, "mnv2track", GST_RANK_NONE,
          GST_TYPE_MNV2_TRACK)
#ifdef HAVE_MQTT
      && gst_element_register (plugin, "mnv2publish", GST_RANK_NONE,
             GST_TYPE_MNV2_PUBLISH)
#endif
      ;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, mnv2,
    "MobileNetV2 video analytics: classification, detection, segmentation",
    plugin_init, VERSION, "LGPL", "gst-mnv2", "Unknown package origin")
