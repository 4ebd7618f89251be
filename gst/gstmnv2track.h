#ifndef __GST_MNV2_TRACK_H__
#define __GST_MNV2_TRACK_H__

#include <gst/base/gstbasetransform.h>

G_BEGIN_DECLS

#define GST_TYPE_MNV2_TRACK (gst_mnv2_track_get_type ())
G_DECLARE_FINAL_TYPE (GstMnv2Track, gst_mnv2_track, GST, MNV2_TRACK,
    GstBaseTransform)

#define GST_TYPE_MNV2_TRACKING_TYPE (gst_mnv2_tracking_type_get_type ())
GType gst_mnv2_tracking_type_get_type (void);

G_END_DECLS

#endif
