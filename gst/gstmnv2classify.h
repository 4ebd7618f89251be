#ifndef __GST_MNV2_CLASSIFY_H__
#define __GST_MNV2_CLASSIFY_H__

#include "gstmnv2infer.h"

G_BEGIN_DECLS

#define GST_TYPE_MNV2_CLASSIFY (gst_mnv2_classify_get_type ())
G_DECLARE_FINAL_TYPE (GstMnv2Classify, gst_mnv2_classify, GST, MNV2_CLASSIFY,
    GstMnv2Infer)

G_END_DECLS

#endif
