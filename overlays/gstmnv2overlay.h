#ifndef __GST_MNV2_OVERLAY_H__
#define __GST_MNV2_OVERLAY_H__

#include <gst/video/gstvideofilter.h>

G_BEGIN_DECLS

#define GST_TYPE_MNV2_OVERLAY (gst_mnv2_overlay_get_type ())
G_DECLARE_FINAL_TYPE (GstMnv2Overlay, gst_mnv2_overlay, GST, MNV2_OVERLAY,
    GstVideoFilter)

G_END_DECLS

#endif
