#ifndef __GST_SSDLITE_DETECT_H__
#define __GST_SSDLITE_DETECT_H__

#include "gstmnv2infer.h"

G_BEGIN_DECLS

#define GST_TYPE_SSDLITE_DETECT (gst_ssdlite_detect_get_type ())
G_DECLARE_FINAL_TYPE (GstSsdliteDetect, gst_ssdlite_detect, GST, SSDLITE_DETECT,
    GstMnv2Infer)

G_END_DECLS

#endif
