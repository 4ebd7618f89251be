/* The result schema, defined once: the names and fields of the parameter
 * structures our elements put on #GstVideoRegionOfInterestMeta, the label
 * fallback and the class histogram of a segmentation.  Every producer
 * (ssdlitedetect, mnv2classify, mnv2track) and consumer (mnv2overlay,
 * mnv2json, mnv2publish, applications) goes through these, so a field name
 * cannot drift between them. */
#ifndef __GST_MNV2_SCHEMA_H__
#define __GST_MNV2_SCHEMA_H__

#include <gst/gst.h>
#include <gst/video/gstvideometa.h>

#include "mnv2meta.h"

G_BEGIN_DECLS

/* A detector's result: "label" (string), "label_id" (int), "confidence"
 * (double), the normalised box "x_min" ... "y_max" (double) and "held"
 * (boolean: a repeated result) where known. */
#define GST_MNV2_PARAM_DETECTION "detection"
/* A classifier's result for the object: "label", "label_id", "confidence",
 * "model" and DL Streamer's "model_name". */
#define GST_MNV2_PARAM_CLASSIFICATION "classification"
/* The tracked object (mnv2track, DL Streamer's layout): "id" (int) and
 * "predicted" (boolean: the box is the tracker's prediction). */
#define GST_MNV2_PARAM_OBJECT_ID "object_id"
/* Older trackers' name for the same ("id"), read as a fallback. */
#define GST_MNV2_PARAM_TRACKING "tracking"

/**
 * GstMnv2ParamLabel:
 * @label: the "label" field, or %NULL (owned by the structure)
 * @label_id: the "label_id" field, -1 when absent
 * @confidence: the "confidence" field when @has_confidence
 * @has_confidence: whether the structure has a confidence
 *
 * The class fields of a "detection" or "classification" structure.
 */
typedef struct {
  const gchar *label;
  gint label_id;
  gdouble confidence;
  gboolean has_confidence;
} GstMnv2ParamLabel;

GstStructure *gst_mnv2_detection_param_new (const gchar *label, gint label_id,
    gdouble confidence);
GstStructure *gst_mnv2_classification_param_new (const gchar *label,
    gint label_id, gdouble confidence, const gchar *model);

/* Fills OUT from S (defaults when S is NULL or lacks a field); FALSE when S
 * is NULL. */
gboolean gst_mnv2_param_read_label (const GstStructure *s,
    GstMnv2ParamLabel *out);
/* The ROI's "detection" structure (NULL when none), its fields in OUT. */
GstStructure *gst_mnv2_roi_get_detection (GstVideoRegionOfInterestMeta *roi,
    GstMnv2ParamLabel *out);
/* Whether S is a "classification" structure; its fields in OUT if so. */
gboolean gst_mnv2_param_get_classification (const GstStructure *s,
    GstMnv2ParamLabel *out);

/* The ROI's tracked object id ("object_id" -> "id"), -1 when none;
 * PREDICTED (optional) is set from its "predicted" field. */
gint gst_mnv2_roi_get_object_id (GstVideoRegionOfInterestMeta *roi,
    gboolean *predicted);
/* Writes ID as the ROI meta's id and as its "object_id" structure. */
void gst_mnv2_roi_set_object_id (GstVideoRegionOfInterestMeta *roi, gint id,
    gboolean predicted);

/* LABEL, or ID written into NUM when there is no label (NULL or ""). */
const gchar *gst_mnv2_label_or_number (const gchar *label, gint id,
    gchar num[16]);

/**
 * GstMnv2ClassCount:
 * @id: a class id
 * @pixels: how many pixels of the class map have it
 */
typedef struct {
  guint id;
  guint32 pixels;
} GstMnv2ClassCount;

/* The classes present in HISTOGRAM (pixels per class id) into OUT, most
 * pixels first, lower ids first on ties; returns how many. */
guint gst_mnv2_class_histogram_sort (const guint32 histogram[256],
    GstMnv2ClassCount out[256]);
/* The same for the meta's class map; 0 when it cannot be read. */
guint
gst_mnv2_segmentation_meta_count_classes (const GstMnv2SegmentationMeta *meta,
    GstMnv2ClassCount out[256]);
/* The label of class ID, or NULL. */
const gchar *
gst_mnv2_segmentation_meta_get_label (const GstMnv2SegmentationMeta *meta,
    guint id);

G_END_DECLS

#endif /* __GST_MNV2_SCHEMA_H__ */
