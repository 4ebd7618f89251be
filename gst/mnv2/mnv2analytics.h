/* gst-mnv2 and GstAnalytics (GStreamer >= 1.24; this header exists in
 * builds made with gstreamer-analytics-1.0): the detections other elements
 * attach as GstAnalytics metadata, read as ours.
 *
 * #include <gst/mnv2/mnv2analytics.h>   (pkg-config gstmnv2meta-1.0) */
#ifndef __GST_MNV2_ANALYTICS_READ_H__
#define __GST_MNV2_ANALYTICS_READ_H__

#include <gst/gst.h>

#include "mnv2meta.h"

G_BEGIN_DECLS

/* The field of an ROI's "detection" parameter naming its object-detection
 * mtd (the mtd's id in the buffer's GstAnalyticsRelationMeta). */
#define GST_MNV2_ANALYTICS_ID_FIELD "analytics_id"

/**
 * GstMnv2ForeignObject:
 * @detection: the object-detection mtd's id
 * @label: its object type
 * @x: box, frame pixels
 * @y: box
 * @w: box
 * @h: box
 * @confidence: its confidence
 * @track_id: the id of a tracking mtd related to it, or -1
 * @classes: the classes of a classification mtd related to it (best first;
 *   class_id -1: GstAnalytics has no class index), or NULL
 * @n_classes: entries in @classes
 */
typedef struct {
  guint detection;
  GQuark label;
  gint x, y, w, h;
  gfloat confidence;
  gint64 track_id;
  GstMnv2Class *classes;
  guint n_classes;
} GstMnv2ForeignObject;

typedef void (*GstMnv2ForeignFunc) (const GstMnv2ForeignObject *object,
    gpointer user_data);

/* Calls FUNC for every object-detection mtd on BUFFER that no ROI meta
 * names (GST_MNV2_ANALYTICS_ID_FIELD): another element's detections. */
void gst_mnv2_analytics_foreach_foreign (GstBuffer *buffer,
    GstMnv2ForeignFunc func, gpointer user_data);

/* The classes of another element's frame-level classification (a
 * classification mtd related to no detection), best first as it lists
 * them (class_id -1), appended to CLASSES (GstMnv2Class); FALSE when there
 * is none. */
gboolean gst_mnv2_analytics_foreign_classes (GstBuffer *buffer,
    GArray *classes);

/* Adds a GstVideoRegionOfInterestMeta for each of them (a "detection"
 * parameter naming the mtd, "object_id" from a related tracking mtd,
 * "classification" from a related classification mtd), so that every
 * reader of ROI metas takes them, and, when BUFFER has no
 * GstMnv2ClassificationMeta, one made of the frame-level classes above;
 * BUFFER must be writable.  Calling it again adds nothing. */
void gst_mnv2_analytics_import_rois (GstBuffer *buffer);

G_END_DECLS

#endif
