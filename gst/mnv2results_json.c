/* The JSON serializer shared by mnv2json and mnv2publish.
 *
 * Hand-written on GString rather than json-glib: with ten objects a frame
 * it takes a few microseconds where building the same document with
 * json-glib took about 50 (tests/bench/json_bench.c, README "mnv2publish"),
 * the whole per-frame budget of mnv2publish.  Strings pass through
 * gst_mnv2_json_append_string (fuzzed: valid UTF-8, escaped). */
#include <math.h>
#include <stdlib.h>

#include <gst/video/video.h>

#include "mnv2/mnv2meta.h"
#include "mnv2/mnv2schema.h"
#ifdef HAVE_GST_ANALYTICS
#include <gst/analytics/analytics.h>

#include "mnv2/mnv2analytics.h"
#endif
#include "mnv2json_text.h"
#include "mnv2results_json.h"

/* A finite double in JSON syntax, locale independent. */
static void
append_number (GString *s, gdouble v)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (!isfinite (v))
    v = 0.0;
  g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6g", v));
}

/* ", "KEY": PTS" when PTS is known (the frame a result was computed on). */
static void
append_result_pts (GString *s, const gchar *key, GstClockTime pts)
{
  if (GST_CLOCK_TIME_IS_VALID (pts))
    g_string_append_printf (s, ", \"%s\": %" G_GUINT64_FORMAT, key, pts);
}

/* The "result_pts" of a result's structure, or GST_CLOCK_TIME_NONE. */
static GstClockTime
structure_result_pts (const GstStructure *st)
{
  guint64 pts;
  return st && gst_structure_get_uint64 (st, "result_pts", &pts) ?
      pts :
      GST_CLOCK_TIME_NONE;
}

static void
append_class (GString *s, gint id, const gchar *label, gdouble score,
    const gchar *model, GstClockTime result_pts)
{
  g_string_append_printf (s, "{\"id\": %d, \"label\": ", id);
  gst_mnv2_json_append_string (s, label);
  g_string_append (s, ", \"score\": ");
  append_number (s, score);
  if (model) {
    g_string_append (s, ", \"model\": ");
    gst_mnv2_json_append_string (s, model);
  }
  append_result_pts (s, "result_pts", result_pts);
  g_string_append_c (s, '}');
}

#ifdef HAVE_GST_ANALYTICS
typedef struct {
  GString *s;
  gboolean first;
} ForeignJson;

static void
append_foreign (const GstMnv2ForeignObject *o, gpointer data)
{
  ForeignJson *fj = data;
  GString *s = fj->s;
  g_string_append (s, fj->first ? ", \"objects\": [" : ", ");
  fj->first = FALSE;
  g_string_append (s, "{\"roi_id\": -1, \"label_id\": -1, \"label\": ");
  gst_mnv2_json_append_string (s, o->label ? g_quark_to_string (o->label) : "");
  g_string_append (s, ", \"score\": ");
  append_number (s, o->confidence);
  g_string_append_printf (s,
      ", \"x\": %d, \"y\": %d, \"width\": %d, "
      "\"height\": %d, \"analytics_id\": %u",
      o->x, o->y, o->w, o->h, o->detection);
  if (o->track_id >= 0)
    g_string_append_printf (s,
        ", \"object_id\": %" G_GINT64_FORMAT ", \"predicted\": false",
        o->track_id);
  for (guint i = 0; i < o->n_classes; i++) {
    g_string_append (s, i ? ", " : ", \"classes\": [");
    append_class (s, -1,
        o->classes[i].label ? g_quark_to_string (o->classes[i].label) : "",
        o->classes[i].score, NULL, GST_CLOCK_TIME_NONE);
  }
  if (o->n_classes)
    g_string_append_c (s, ']');
  g_string_append_c (s, '}');
}
#endif

static void
append_objects (GString *s, GstBuffer *buf)
{
  gpointer state = NULL;
  GstMeta *meta;
  gboolean first = TRUE;
  while ((meta = gst_buffer_iterate_meta_filtered (buf, &state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstVideoRegionOfInterestMeta *roi = (GstVideoRegionOfInterestMeta *) meta;
    GstMnv2ParamLabel d;
    GstStructure *det = gst_mnv2_roi_get_detection (roi, &d);
    const gint label_id = d.label_id;
    const gdouble score = d.has_confidence ? d.confidence : 0.0;
    g_string_append (s, first ? ", \"objects\": [" : ", ");
    first = FALSE;
    g_string_append_printf (s,
        "{\"roi_id\": %d, \"label_id\": %d, "
        "\"label\": ",
        roi->id, label_id);
    gst_mnv2_json_append_string (s,
        roi->roi_type ? g_quark_to_string (roi->roi_type) : "");
    g_string_append (s, ", \"score\": ");
    append_number (s, score);
    g_string_append_printf (s,
        ", \"x\": %u, \"y\": %u, \"width\": %u, "
        "\"height\": %u",
        roi->x, roi->y, roi->w, roi->h);
    append_result_pts (s, "result_pts", structure_result_pts (det));
    /* The tracked object's id (mnv2track), and whether the box is its
     * prediction rather than a detection. */
    gboolean predicted;
    const gint object_id = gst_mnv2_roi_get_object_id (roi, &predicted);
    if (object_id >= 0) {
      g_string_append_printf (s, ", \"object_id\": %d, \"predicted\": %s",
          object_id, predicted ? "true" : "false");
    }
    gboolean first_class = TRUE;
    for (GList *l = roi->params; l; l = l->next) {
      GstStructure *c = l->data;
      GstMnv2ParamLabel cl;
      if (!gst_mnv2_param_get_classification (c, &cl))
        continue;
      g_string_append (s, first_class ? ", \"classes\": [" : ", ");
      first_class = FALSE;
      append_class (s, cl.label_id, cl.label,
          cl.has_confidence ? cl.confidence : 0.0,
          gst_structure_get_string (c, "model"), structure_result_pts (c));
    }
    if (!first_class)
      g_string_append_c (s, ']');
    g_string_append_c (s, '}');
  }
#ifdef HAVE_GST_ANALYTICS
  /* Another element's GstAnalytics detections, in the same schema (roi_id
   * -1: they have no ROI meta). */
  ForeignJson fj = { s, first };
  gst_mnv2_analytics_foreach_foreign (buf, append_foreign, &fj);
  first = fj.first;
#endif
  if (!first)
    g_string_append_c (s, ']');
}

static void
append_segmentation (GString *s, GstMnv2SegmentationMeta *sm)
{
  GstMnv2ClassCount counts[256];
  const guint n = gst_mnv2_segmentation_meta_count_classes (sm, counts);
  if (!n)
    return;
  const gdouble total = (gdouble) sm->width * sm->height;
  g_string_append (s, ", \"segmentation\": {");
  if (GST_CLOCK_TIME_IS_VALID (sm->result_pts))
    g_string_append_printf (s, "\"result_pts\": %" G_GUINT64_FORMAT ", ",
        sm->result_pts);
  g_string_append (s, "\"classes\": [");
  for (guint i = 0; i < n; i++) {
    const guint id = counts[i].id;
    gchar num[16];
    g_string_append_printf (s, "%s{\"id\": %u, \"label\": ", i ? ", " : "", id);
    gst_mnv2_json_append_string (s,
        gst_mnv2_label_or_number (gst_mnv2_segmentation_meta_get_label (sm, id),
            (gint) id, num));
    g_string_append (s, ", \"fraction\": ");
    append_number (s, counts[i].pixels / total);
    g_string_append_c (s, '}');
  }
  g_string_append (s, "]}");
}

/* A tag value: numbers and booleans as such, anything else as a string. */
static gboolean
append_tag (GQuark field, const GValue *v, gpointer data)
{
  GString *s = data;
  if (s->str[s->len - 1] != '{')
    g_string_append (s, ", ");
  gst_mnv2_json_append_string (s, g_quark_to_string (field));
  g_string_append (s, ": ");
  switch (G_VALUE_TYPE (v)) {
    case G_TYPE_INT:
      g_string_append_printf (s, "%d", g_value_get_int (v));
      break;
    case G_TYPE_UINT:
      g_string_append_printf (s, "%u", g_value_get_uint (v));
      break;
    case G_TYPE_INT64:
      g_string_append_printf (s, "%" G_GINT64_FORMAT, g_value_get_int64 (v));
      break;
    case G_TYPE_UINT64:
      g_string_append_printf (s, "%" G_GUINT64_FORMAT, g_value_get_uint64 (v));
      break;
    case G_TYPE_DOUBLE: append_number (s, g_value_get_double (v)); break;
    case G_TYPE_FLOAT: append_number (s, g_value_get_float (v)); break;
    case G_TYPE_BOOLEAN:
      g_string_append (s, g_value_get_boolean (v) ? "true" : "false");
      break;
    case G_TYPE_STRING:
      gst_mnv2_json_append_string (s, g_value_get_string (v));
      break;
    default: {
      gchar *text = gst_value_serialize (v);
      gst_mnv2_json_append_string (s, text);
      g_free (text);
      break;
    }
  }
  return TRUE;
}

void
gst_mnv2_results_json (GString *s, GstBuffer *buf, const GstMnv2JsonInfo *info)
{
  g_string_append (s, "{\"pts\": ");
  if (GST_BUFFER_PTS_IS_VALID (buf))
    g_string_append_printf (s, "%" G_GUINT64_FORMAT, GST_BUFFER_PTS (buf));
  else
    g_string_append (s, "null");
  if (GST_CLOCK_TIME_IS_VALID (info->timestamp))
    g_string_append_printf (s, ", \"timestamp\": %" G_GUINT64_FORMAT,
        info->timestamp);
  if (info->source) {
    g_string_append (s, ", \"source\": ");
    gst_mnv2_json_append_string (s, info->source);
  }
  if (info->tags) {
    g_string_append (s, ", \"tags\": {");
    gst_structure_foreach (info->tags, append_tag, s);
    g_string_append_c (s, '}');
  }
  if (info->width > 0)
    g_string_append_printf (s, ", \"width\": %d, \"height\": %d", info->width,
        info->height);

  GstMnv2ClassificationMeta *cm = gst_buffer_get_mnv2_classification_meta (buf);
#ifdef HAVE_GST_ANALYTICS
  /* Another element's frame-level classification. */
  if (!cm && gst_buffer_get_analytics_relation_meta (buf)) {
    GArray *foreign = g_array_new (FALSE, FALSE, sizeof (GstMnv2Class));
    if (gst_mnv2_analytics_foreign_classes (buf, foreign)) {
      g_string_append (s, ", \"classes\": [");
      for (guint i = 0; i < foreign->len; i++) {
        const GstMnv2Class *c = &g_array_index (foreign, GstMnv2Class, i);
        if (i)
          g_string_append (s, ", ");
        append_class (s, -1, c->label ? g_quark_to_string (c->label) : "",
            c->score, NULL, GST_CLOCK_TIME_NONE);
      }
      g_string_append_c (s, ']');
    }
    g_array_unref (foreign);
  }
#endif
  if (cm) {
    g_string_append (s, ", \"classes\": [");
    for (guint i = 0; i < cm->n_classes; i++) {
      gchar num[16];
      const gchar *label =
          gst_mnv2_label_or_number (gst_mnv2_classification_meta_get_label (cm,
                                        i),
              cm->classes[i].class_id, num);
      if (i)
        g_string_append (s, ", ");
      append_class (s, cm->classes[i].class_id, label, cm->classes[i].score,
          NULL, GST_CLOCK_TIME_NONE);
    }
    g_string_append_c (s, ']');
    append_result_pts (s, "classes_result_pts", cm->result_pts);
  }
  append_objects (s, buf);
  GstMnv2SegmentationMeta *sm = gst_buffer_get_mnv2_segmentation_meta (buf);
  if (sm)
    append_segmentation (s, sm);
  g_string_append_c (s, '}');
}

void
gst_mnv2_json_video_size (GstCaps *caps, gint *width, gint *height)
{
  GstVideoInfo info;
  *width = *height = 0;
  if (gst_video_info_from_caps (&info, caps)) {
    *width = GST_VIDEO_INFO_WIDTH (&info);
    *height = GST_VIDEO_INFO_HEIGHT (&info);
  }
}

gboolean
gst_mnv2_results_present (GstBuffer *buf)
{
  return gst_buffer_get_mnv2_classification_meta (buf) ||
      gst_buffer_get_mnv2_segmentation_meta (buf) ||
      gst_buffer_get_meta (buf, GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE)
#ifdef HAVE_GST_ANALYTICS
      || gst_buffer_get_meta (buf, GST_ANALYTICS_RELATION_META_API_TYPE)
#endif
      ;
}

GstStructure *
gst_mnv2_json_parse_tags (const gchar *text, gchar **error)
{
  *error = NULL;
  if (!text || !*text)
    return NULL;
  gchar *full = g_strconcat ("tags, ", text, NULL);
  GstStructure *tags = gst_structure_new_from_string (full);
  g_free (full);
  if (!tags)
    *error = g_strdup_printf ("tags '%s' is not a list of key=value "
                              "separated by commas (e.g. camera=front,floor=3)",
        text);
  return tags;
}
