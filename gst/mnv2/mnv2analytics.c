/* Other elements' GstAnalytics detections, read as ours (see
 * mnv2analytics.h). */
#include <gst/analytics/analytics.h>
#include <gst/video/video.h>

#include "mnv2analytics.h"
#include "mnv2schema.h"

/* The detection mtd ids ROI metas name. */
static GHashTable *
named_detections (GstBuffer *buffer)
{
  GHashTable *named = g_hash_table_new (NULL, NULL);
  gpointer state = NULL;
  GstMeta *meta;
  while ((meta = gst_buffer_iterate_meta_filtered (buffer, &state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstStructure *det =
        gst_mnv2_roi_get_detection ((GstVideoRegionOfInterestMeta *) meta,
            NULL);
    gint id;
    if (det && gst_structure_get_int (det, GST_MNV2_ANALYTICS_ID_FIELD, &id))
      g_hash_table_add (named, GINT_TO_POINTER (id + 1));
  }
  return named;
}

/* Whether mtds A and B are related, either way. */
static gboolean
related (GstAnalyticsRelationMeta *rmeta, guint a, guint b)
{
  return gst_analytics_relation_meta_get_relation (rmeta, a, b) !=
      GST_ANALYTICS_REL_TYPE_NONE ||
      gst_analytics_relation_meta_get_relation (rmeta, b, a) !=
      GST_ANALYTICS_REL_TYPE_NONE;
}

/* The first mtd of TYPE related to mtd ID, either way. */
static gboolean
find_related (GstAnalyticsRelationMeta *rmeta, guint id,
    GstAnalyticsMtdType type, GstAnalyticsMtd *out)
{
  gpointer state = NULL;
  while (gst_analytics_relation_meta_iterate (rmeta, &state, type, out))
    if (related (rmeta, id, out->id))
      return TRUE;
  return FALSE;
}

void
gst_mnv2_analytics_foreach_foreign (GstBuffer *buffer, GstMnv2ForeignFunc func,
    gpointer user_data)
{
  GstAnalyticsRelationMeta *rmeta = gst_buffer_get_analytics_relation_meta (
      buffer);
  if (!rmeta)
    return;
  GHashTable *named = named_detections (buffer);
  gpointer state = NULL;
  GstAnalyticsODMtd od;
  while (gst_analytics_relation_meta_iterate (rmeta, &state,
      gst_analytics_od_mtd_get_mtd_type (), &od)) {
    if (g_hash_table_contains (named, GINT_TO_POINTER (od.id + 1)))
      continue;
    GstMnv2ForeignObject o = { od.id, gst_analytics_od_mtd_get_obj_type (&od),
      0, 0, 0, 0, 0.0f, -1, NULL, 0 };
    if (!gst_analytics_od_mtd_get_location (&od, &o.x, &o.y, &o.w, &o.h,
            &o.confidence))
      continue;
    /* Related tracking and classification, either direction. */
    GstAnalyticsTrackingMtd trk;
    if (find_related (rmeta, od.id, gst_analytics_tracking_mtd_get_mtd_type (),
            &trk)) {
      guint64 id;
      GstClockTime first, last;
      gboolean lost;
      if (gst_analytics_tracking_mtd_get_info (&trk, &id, &first, &last,
              &lost) &&
          id <= G_MAXINT)
        o.track_id = (gint64) id;
    }
    GstAnalyticsClsMtd cls;
    if (find_related (rmeta, od.id, gst_analytics_cls_mtd_get_mtd_type (),
            &cls)) {
      o.n_classes = (guint) MIN (gst_analytics_cls_mtd_get_length (&cls), 64);
      o.classes = g_new (GstMnv2Class, o.n_classes + 1);
      for (guint i = 0; i < o.n_classes; i++) {
        o.classes[i].class_id = -1;
        o.classes[i].label = gst_analytics_cls_mtd_get_quark (&cls, i);
        o.classes[i].score = gst_analytics_cls_mtd_get_level (&cls, i);
      }
    }
    func (&o, user_data);
    g_free (o.classes);
  }
  g_hash_table_unref (named);
}

static void
import_one (const GstMnv2ForeignObject *o, gpointer data)
{
  GstBuffer *buffer = data;
  /* A box partly outside the frame starts at 0 (ROI fields are unsigned). */
  const gint x = MAX (o->x, 0), y = MAX (o->y, 0);
  const gint w = MAX (o->w - (x - o->x), 0), h = MAX (o->h - (y - o->y), 0);
  GstVideoRegionOfInterestMeta *roi =
      gst_buffer_add_video_region_of_interest_meta_id (buffer, o->label,
          (guint) x, (guint) y, (guint) w, (guint) h);
  GstStructure *det = gst_mnv2_detection_param_new (o->label ?
          g_quark_to_string (o->label) :
          "",
      -1, (gdouble) o->confidence);
  gst_structure_set (det, GST_MNV2_ANALYTICS_ID_FIELD, G_TYPE_INT,
      (gint) o->detection, NULL);
  gst_video_region_of_interest_meta_add_param (roi, det);
  if (o->track_id >= 0)
    gst_mnv2_roi_set_object_id (roi, (gint) o->track_id, FALSE);
  if (o->n_classes && o->classes[0].label)
    gst_video_region_of_interest_meta_add_param (roi,
        gst_mnv2_classification_param_new (g_quark_to_string (
                                               o->classes[0].label),
            -1, (gdouble) o->classes[0].score, NULL));
}

/* Whether mtd ID has a relation, either way, with a detection mtd. */
static gboolean
related_to_detection (GstAnalyticsRelationMeta *rmeta, guint id)
{
  gpointer state = NULL;
  GstAnalyticsODMtd od;
  while (gst_analytics_relation_meta_iterate (rmeta, &state,
      gst_analytics_od_mtd_get_mtd_type (), &od))
    if (related (rmeta, od.id, id))
      return TRUE;
  return FALSE;
}

gboolean
gst_mnv2_analytics_foreign_classes (GstBuffer *buffer, GArray *classes)
{
  GstAnalyticsRelationMeta *rmeta = gst_buffer_get_analytics_relation_meta (
      buffer);
  gpointer state = NULL;
  GstAnalyticsClsMtd cls;
  while (rmeta &&
      gst_analytics_relation_meta_iterate (rmeta, &state,
          gst_analytics_cls_mtd_get_mtd_type (), &cls)) {
    /* An object's class relates to its detection: not the frame's. */
    if (related_to_detection (rmeta, cls.id))
      continue;
    const gsize n = MIN (gst_analytics_cls_mtd_get_length (&cls), 1000);
    for (gsize i = 0; i < n; i++) {
      GstMnv2Class c = { -1, gst_analytics_cls_mtd_get_quark (&cls, i),
        gst_analytics_cls_mtd_get_level (&cls, i) };
      g_array_append_val (classes, c);
    }
    return TRUE;
  }
  return FALSE;
}

void
gst_mnv2_analytics_import_rois (GstBuffer *buffer)
{
  g_return_if_fail (gst_buffer_is_writable (buffer));
  /* Per frame in several elements: nothing to do without the meta. */
  if (!gst_buffer_get_analytics_relation_meta (buffer))
    return;
  gst_mnv2_analytics_foreach_foreign (buffer, import_one, buffer);
  if (!gst_buffer_get_mnv2_classification_meta (buffer)) {
    GArray *classes = g_array_new (FALSE, FALSE, sizeof (GstMnv2Class));
    if (gst_mnv2_analytics_foreign_classes (buffer, classes))
      gst_buffer_add_mnv2_classification_meta (buffer,
          (const GstMnv2Class *) classes->data, classes->len);
    g_array_unref (classes);
  }
}
