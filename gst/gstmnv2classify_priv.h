/* mnv2classify's parts shared by gstmnv2classify.c (the element, full
 * frame) and gstmnv2classify_roi.c (inference-region=roi-list). */
#ifndef __GST_MNV2_CLASSIFY_PRIV_H__
#define __GST_MNV2_CLASSIFY_PRIV_H__

#include "gstmnv2classify.h"
#include "mnv2/mnv2meta.h"
#include "mnv2/mnv2schema.h"

G_BEGIN_DECLS

/* An object of this frame is the previous frame's when their boxes overlap
 * this much (and no tracking id says otherwise). */
#define SAME_OBJECT_IOU 0.5

typedef enum {
  GST_MNV2_INFERENCE_REGION_FULL_FRAME,
  GST_MNV2_INFERENCE_REGION_ROI_LIST,
} GstMnv2InferenceRegion;

/* An object classified in the previous frame (roi-list mode).  Starts as
 * GstMnv2RegionResult does (match_object reads both). */
typedef struct {
  GstVideoRectangle box;
  gint track_id;   /* -1: none */
  guint age;       /* frames since it was classified */
  GArray *classes; /* GstMnv2Class, best first */
} Track;

struct _GstMnv2Classify {
  GstMnv2Infer parent;

  /* properties */
  guint top_k;
  gfloat threshold;
  GstMnv2InferenceRegion region;
  gchar **object_classes; /* NULL: every ROI */
  guint min_roi_size, reclassify_interval;

  /* state */
  GArray *tracks; /* Track: last frame's objects (sync) */
};

/* gstmnv2classify.c */
GArray *gst_mnv2_classify_decode_classes (GstMnv2Classify *self);
void gst_mnv2_classify_classes_value (GArray *classes, GValue *list);

/* gstmnv2classify_roi.c */
void gst_mnv2_classify_clear_track (gpointer data);
gboolean gst_mnv2_classify_uses_regions (GstMnv2Infer *infer);
void gst_mnv2_classify_collect_regions (GstMnv2Infer *infer, GstBuffer *buffer,
    gint width, gint height, GArray *regions);
void gst_mnv2_classify_attach_regions (GstMnv2Classify *self, GstBuffer *buffer,
    const GstMnv2Result *result, gboolean fresh);
GstFlowReturn gst_mnv2_classify_handle_regions (GstMnv2Infer *infer,
    GstVideoFrame *frame, gboolean due);
void gst_mnv2_classify_reset (GstMnv2Infer *infer);

G_END_DECLS

#endif
