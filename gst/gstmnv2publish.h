#ifndef __GST_MNV2_PUBLISH_H__
#define __GST_MNV2_PUBLISH_H__

#include <gst/base/gstbasetransform.h>

G_BEGIN_DECLS

#define GST_TYPE_MNV2_PUBLISH (gst_mnv2_publish_get_type ())
G_DECLARE_FINAL_TYPE (GstMnv2Publish, gst_mnv2_publish, GST, MNV2_PUBLISH,
    GstBaseTransform)

G_END_DECLS

#endif
