#ifndef __GST_MNV2_JSON_H__
#define __GST_MNV2_JSON_H__

#include <gst/base/gstbasetransform.h>

G_BEGIN_DECLS

#define GST_TYPE_MNV2_JSON (gst_mnv2_json_get_type ())
G_DECLARE_FINAL_TYPE (GstMnv2Json, gst_mnv2_json, GST, MNV2_JSON,
    GstBaseTransform)

G_END_DECLS

#endif
