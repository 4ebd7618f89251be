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
    GstStructure *det = gst_video_region_of_interest_meta_get_param (roi,
        "detection");
    gint label_id = -1;
    gdouble score = 0.0;
    if (det) {
      gst_structure_get_int (det, "label_id", &label_id);
      gst_structure_get_double (det, "confidence", &score);
    }
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
    GstStructure *obj = gst_video_region_of_interest_meta_get_param (roi,
        "object_id");
    gint object_id;
    if (obj && gst_structure_get_int (obj, "id", &object_id)) {
      gboolean predicted = FALSE;
      gst_structure_get_boolean (obj, "predicted", &predicted);
      g_string_append_printf (s, ", \"object_id\": %d, \"predicted\": %s",
          object_id, predicted ? "true" : "false");
    }
    gboolean first_class = TRUE;
    for (GList *l = roi->params; l; l = l->next) {
      GstStructure *c = l->data;
      gint id = -1;
      gdouble cs = 0.0;
      if (!gst_structure_has_name (c, "classification"))
        continue;
      gst_structure_get_int (c, "label_id", &id);
      gst_structure_get_double (c, "confidence", &cs);
      g_string_append (s, first_class ? ", \"classes\": [" : ", ");
      first_class = FALSE;
      append_class (s, id, gst_structure_get_string (c, "label"), cs,
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

typedef struct {
  guint id;
  guint64 pixels;
} ClassCount;

static gint
by_pixels (gconstpointer a, gconstpointer b)
{
  const ClassCount *x = a, *y = b;
  if (x->pixels != y->pixels)
    return x->pixels > y->pixels ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static void
append_segmentation (GString *s, GstMnv2SegmentationMeta *sm)
{
  GstMapInfo m;
  if (!gst_buffer_map (sm->class_map, &m, GST_MAP_READ))
    return;
  if (m.size < (gsize) sm->stride * sm->height || !sm->width) {
    gst_buffer_unmap (sm->class_map, &m);
    return;
  }
  ClassCount counts[256];
  for (guint c = 0; c < 256; c++)
    counts[c] = (ClassCount){ c, 0 };
  for (guint y = 0; y < sm->height; y++)
    for (guint x = 0; x < sm->width; x++)
      counts[m.data[(gsize) y * sm->stride + x]].pixels++;
  gst_buffer_unmap (sm->class_map, &m);
  qsort (counts, 256, sizeof counts[0], by_pixels);
  const gdouble total = (gdouble) sm->width * sm->height;
  g_string_append (s, ", \"segmentation\": {");
  if (GST_CLOCK_TIME_IS_VALID (sm->result_pts))
    g_string_append_printf (s, "\"result_pts\": %" G_GUINT64_FORMAT ", ",
        sm->result_pts);
  g_string_append (s, "\"classes\": [");
  for (guint i = 0; i < 256 && counts[i].pixels; i++) {
    const guint id = counts[i].id;
    const gchar *label = id < sm->n_labels && sm->labels[id] ?
        g_quark_to_string (sm->labels[id]) :
        NULL;
    gchar num[16];
    g_snprintf (num, sizeof num, "%u", id);
    g_string_append_printf (s, "%s{\"id\": %u, \"label\": ", i ? ", " : "", id);
    gst_mnv2_json_append_string (s, label ? label : num);
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
      const gchar *label = gst_mnv2_classification_meta_get_label (cm, i);
      gchar num[16];
      g_snprintf (num, sizeof num, "%d", cm->classes[i].class_id);
      if (i)
        g_string_append (s, ", ");
      append_class (s, cm->classes[i].class_id, label ? label : num,
          cm->classes[i].score, NULL, GST_CLOCK_TIME_NONE);
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
