/* Our results as GstAnalytics metadata (GStreamer >= 1.24), beside our
 * own metas and the ROI meta, so upstream elements (objectdetectionoverlay,
 * applications written against gstreamer-analytics-1.0) read them.
 * Compiled only when meson finds gstreamer-analytics-1.0 (HAVE_GST_ANALYTICS);
 * the 1.22 build has none of it. */
#ifndef __GST_MNV2_ANALYTICS_H__
#define __GST_MNV2_ANALYTICS_H__

#include <gst/gst.h>
#include <gst/video/video.h>

#include "mnv2/mnv2meta.h"

G_BEGIN_DECLS

/* The field of an ROI's "detection" parameter that names its object's
 * detection mtd (its id in the buffer's GstAnalyticsRelationMeta): how
 * later elements relate their classification and tracking to it. */
#ifndef GST_MNV2_ANALYTICS_ID_FIELD
#define GST_MNV2_ANALYTICS_ID_FIELD "analytics_id"
#endif

/* The detection mtd id an ROI's "detection" parameter names, or -1 (in
 * every build: on 1.22 none does). */
static inline gint
gst_mnv2_analytics_roi_detection (GstVideoRegionOfInterestMeta *roi)
{
  GstStructure *det = gst_video_region_of_interest_meta_get_param (roi,
      "detection");
  gint id;
  return det && gst_structure_get_int (det, GST_MNV2_ANALYTICS_ID_FIELD, &id) ?
      id :
      -1;
}

#ifdef HAVE_GST_ANALYTICS
#include "mnv2/mnv2analytics.h"

/* Each returns the new mtd's id, or -1 when the buffer's relation meta
 * could not take it.  BUFFER must be writable. */
gint gst_mnv2_analytics_add_detection (GstBuffer *buffer, GQuark label, gint x,
    gint y, gint w, gint h, gfloat score);
/* CLASSES (N, best first) as one classification mtd; with DETECTION >= 0,
 * related to that detection (it describes the box). */
gint gst_mnv2_analytics_add_classes (GstBuffer *buffer,
    const GstMnv2Class *classes, guint n, gint detection);
/* A tracking mtd related to DETECTION (>= 0). */
gint gst_mnv2_analytics_add_tracking (GstBuffer *buffer, guint64 id,
    GstClockTime first_seen, GstClockTime last_seen, gint detection);
#ifdef HAVE_GST_ANALYTICS_SEGMENTATION
/* The class map (WIDTH x HEIGHT GRAY8, shared, not copied) covering RECT
 * of the frame; region ids are the class ids present (HISTOGRAM). */
gint gst_mnv2_analytics_add_segmentation (GstBuffer *buffer,
    GstBuffer *class_map, guint width, guint height,
    const GstVideoRectangle *rect, const guint32 *histogram);
#endif

#endif

G_END_DECLS

#endif
