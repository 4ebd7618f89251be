#ifndef __GST_DEEPLAB_SEGMENT_H__
#define __GST_DEEPLAB_SEGMENT_H__

#include "gstmnv2infer.h"

G_BEGIN_DECLS

#define GST_TYPE_DEEPLAB_SEGMENT (gst_deeplab_segment_get_type ())
G_DECLARE_FINAL_TYPE (GstDeeplabSegment, gst_deeplab_segment, GST,
    DEEPLAB_SEGMENT, GstMnv2Infer)

G_END_DECLS

#endif
