/* Our results as GstAnalytics metadata (see mnv2analytics.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/analytics/analytics.h>

#include "mnv2analytics.h"

static GstAnalyticsRelationMeta *
relation_meta (GstBuffer *buffer)
{
  GstAnalyticsRelationMeta *rmeta = gst_buffer_get_analytics_relation_meta (
      buffer);
  return rmeta ? rmeta : gst_buffer_add_analytics_relation_meta (buffer);
}

gint
gst_mnv2_analytics_add_detection (GstBuffer *buffer, GQuark label, gint x,
    gint y, gint w, gint h, gfloat score)
{
  GstAnalyticsRelationMeta *rmeta = relation_meta (buffer);
  GstAnalyticsODMtd od;
  if (!rmeta ||
      !gst_analytics_relation_meta_add_od_mtd (rmeta, label, x, y, w, h, score,
          &od))
    return -1;
  return (gint) od.id;
}

gint
gst_mnv2_analytics_add_classes (GstBuffer *buffer, const GstMnv2Class *classes,
    guint n, gint detection)
{
  GstAnalyticsRelationMeta *rmeta = relation_meta (buffer);
  GstAnalyticsClsMtd cls;
  gfloat *levels = g_newa (gfloat, n + 1);
  GQuark *quarks = g_newa (GQuark, n + 1);
  for (guint i = 0; i < n; i++) {
    levels[i] = classes[i].score;
    quarks[i] = classes[i].label;
  }
  if (!rmeta ||
      !gst_analytics_relation_meta_add_cls_mtd (rmeta, n, levels, quarks, &cls))
    return -1;
  /* The box relates to its class: upstream's reading of "this is a cat". */
  if (detection >= 0)
    gst_analytics_relation_meta_set_relation (rmeta,
        GST_ANALYTICS_REL_TYPE_RELATE_TO, (guint) detection, cls.id);
  return (gint) cls.id;
}

gint
gst_mnv2_analytics_add_tracking (GstBuffer *buffer, guint64 id,
    GstClockTime first_seen, GstClockTime last_seen, gint detection)
{
  GstAnalyticsRelationMeta *rmeta = relation_meta (buffer);
  GstAnalyticsTrackingMtd trk;
  if (!rmeta ||
      !gst_analytics_relation_meta_add_tracking_mtd (rmeta, id, first_seen,
          &trk))
    return -1;
  if (GST_CLOCK_TIME_IS_VALID (last_seen))
    gst_analytics_tracking_mtd_update_last_seen (&trk, last_seen);
  if (detection >= 0)
    gst_analytics_relation_meta_set_relation (rmeta,
        GST_ANALYTICS_REL_TYPE_RELATE_TO, (guint) detection, trk.id);
  return (gint) trk.id;
}

#ifdef HAVE_GST_ANALYTICS_SEGMENTATION
gint
gst_mnv2_analytics_add_segmentation (GstBuffer *buffer, GstBuffer *class_map,
    guint width, guint height, const GstVideoRectangle *rect,
    const guint32 *histogram)
{
  GstAnalyticsRelationMeta *rmeta = relation_meta (buffer);
  GstAnalyticsSegmentationMtd seg;
  guint ids[256];
  gsize n = 0;
  for (guint c = 0; c < 256; c++)
    if (histogram[c])
      ids[n++] = c;
  /* A buffer of its own (the mtd takes it) on the same memory, with the
   * GRAY8 layout the API asks for. */
  GstBuffer *mask = gst_buffer_copy_region (class_map, GST_BUFFER_COPY_MEMORY,
      0, (gsize) width * height);
  gst_buffer_add_video_meta (mask, GST_VIDEO_FRAME_FLAG_NONE,
      GST_VIDEO_FORMAT_GRAY8, width, height);
  if (!rmeta ||
      !gst_analytics_relation_meta_add_segmentation_mtd (rmeta, mask,
          GST_SEGMENTATION_TYPE_SEMANTIC, n, ids, rect->x, rect->y,
          (guint) MAX (rect->w, 0), (guint) MAX (rect->h, 0), &seg)) {
    gst_buffer_unref (mask);
    return -1;
  }
  return (gint) seg.id;
}
#endif
