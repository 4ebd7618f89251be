/* The result schema (mnv2schema.h): one definition of every parameter
 * structure's name and fields, for producers and consumers alike. */
#include "mnv2schema.h"

GstStructure *
gst_mnv2_detection_param_new (const gchar *label, gint label_id,
    gdouble confidence)
{
  GstStructure *s = gst_structure_new (GST_MNV2_PARAM_DETECTION, "label_id",
      G_TYPE_INT, label_id, "label", G_TYPE_STRING, label ? label : "", NULL);
  if (confidence >= 0.0)
    gst_structure_set (s, "confidence", G_TYPE_DOUBLE, confidence, NULL);
  return s;
}

GstStructure *
gst_mnv2_classification_param_new (const gchar *label, gint label_id,
    gdouble confidence, const gchar *model)
{
  GstStructure *s = gst_structure_new (GST_MNV2_PARAM_CLASSIFICATION, "label",
      G_TYPE_STRING, label ? label : "", "label_id", G_TYPE_INT, label_id,
      "confidence", G_TYPE_DOUBLE, confidence, NULL);
  if (model)
    gst_structure_set (s, "model", G_TYPE_STRING, model,
        /* DL Streamer's name for it (gvametaconvert exports it). */
        "model_name", G_TYPE_STRING, model, NULL);
  return s;
}

gboolean
gst_mnv2_param_read_label (const GstStructure *s, GstMnv2ParamLabel *out)
{
  out->label = NULL;
  out->label_id = -1;
  out->confidence = 0.0;
  out->has_confidence = FALSE;
  if (!s)
    return FALSE;
  out->label = gst_structure_get_string (s, "label");
  gst_structure_get_int (s, "label_id", &out->label_id);
  out->has_confidence = gst_structure_get_double (s, "confidence",
      &out->confidence);
  return TRUE;
}

GstStructure *
gst_mnv2_roi_get_detection (GstVideoRegionOfInterestMeta *roi,
    GstMnv2ParamLabel *out)
{
  GstStructure *s = gst_video_region_of_interest_meta_get_param (roi,
      GST_MNV2_PARAM_DETECTION);
  if (out)
    gst_mnv2_param_read_label (s, out);
  return s;
}

gboolean
gst_mnv2_param_get_classification (const GstStructure *s,
    GstMnv2ParamLabel *out)
{
  if (!s || !gst_structure_has_name (s, GST_MNV2_PARAM_CLASSIFICATION))
    return FALSE;
  return gst_mnv2_param_read_label (s, out);
}

gint
gst_mnv2_roi_get_object_id (GstVideoRegionOfInterestMeta *roi,
    gboolean *predicted)
{
  GstStructure *s = gst_video_region_of_interest_meta_get_param (roi,
      GST_MNV2_PARAM_OBJECT_ID);
  gint id = -1;
  if (predicted)
    *predicted = FALSE;
  if (!s || !gst_structure_get_int (s, "id", &id))
    return -1;
  if (predicted)
    gst_structure_get_boolean (s, "predicted", predicted);
  return id;
}

void
gst_mnv2_roi_set_object_id (GstVideoRegionOfInterestMeta *roi, gint id,
    gboolean predicted)
{
  roi->id = id;
  gst_video_region_of_interest_meta_add_param (roi,
      gst_structure_new (GST_MNV2_PARAM_OBJECT_ID, "id", G_TYPE_INT, id,
          "predicted", G_TYPE_BOOLEAN, predicted, NULL));
}

const gchar *
gst_mnv2_label_or_number (const gchar *label, gint id, gchar num[16])
{
  if (label && *label)
    return label;
  g_snprintf (num, 16, "%d", id);
  return num;
}

guint
gst_mnv2_class_histogram_sort (const guint32 histogram[256],
    GstMnv2ClassCount out[256])
{
  guint n = 0;
  for (guint c = 0; c < 256; c++)
    if (histogram[c])
      out[n++] = (GstMnv2ClassCount){ c, histogram[c] };
  /* Insertion sort, stable: at most 256 entries, mostly a handful. */
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && out[j - 1].pixels < out[j].pixels; j--) {
      const GstMnv2ClassCount t = out[j];
      out[j] = out[j - 1];
      out[j - 1] = t;
    }
  return n;
}

guint
gst_mnv2_segmentation_meta_count_classes (const GstMnv2SegmentationMeta *meta,
    GstMnv2ClassCount out[256])
{
  GstMapInfo m;
  guint32 histogram[256] = { 0 };
  if (!meta->class_map || !meta->width ||
      !gst_buffer_map (meta->class_map, &m, GST_MAP_READ))
    return 0;
  if (m.size < (gsize) meta->stride * (meta->height - 1) + meta->width) {
    gst_buffer_unmap (meta->class_map, &m);
    return 0;
  }
  for (guint y = 0; y < meta->height; y++) {
    const guint8 *row = m.data + (gsize) y * meta->stride;
    for (guint x = 0; x < meta->width; x++)
      histogram[row[x]]++;
  }
  gst_buffer_unmap (meta->class_map, &m);
  return gst_mnv2_class_histogram_sort (histogram, out);
}

const gchar *
gst_mnv2_segmentation_meta_get_label (const GstMnv2SegmentationMeta *meta,
    guint id)
{
  if (id >= meta->n_labels || !meta->labels || !meta->labels[id])
    return NULL;
  return g_quark_to_string (meta->labels[id]);
}
