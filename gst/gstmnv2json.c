/**
 * SECTION:element-mnv2json
 * @title: mnv2json
 *
 * A pass-through element that writes one JSON object per line for every
 * buffer, with all the analytics results on it, to a file or to standard
 * output (location "-"), so results can go to other systems without C code:
 *
 * |[
 * {"pts": 0, "width": 640, "height": 480,
 *  "classes": [{"id": 286, "label": "Egyptian cat", "score": 0.89}],
 *  "objects": [{"roi_id": 0, "label_id": 16, "label": "cat", "score": 0.71,
 *               "x": 44, "y": 45, "width": 316, "height": 288,
 *               "classes": [{"id": 286, "label": "Egyptian cat",
 *                            "score": 0.89, "model": "..."}]}],
 *  "segmentation": {"classes": [{"id": 8, "label": "cat",
 *                                "fraction": 0.41}]}}
 * ]|
 * (one line in the file).  "classes" comes from #GstMnv2ClassificationMeta
 * (mnv2classify), "objects" from #GstVideoRegionOfInterestMeta (their
 * "detection" and "classification" parameters, and with mnv2track the
 * object's "object_id" and whether its box is "predicted"), "segmentation" from
 * #GstMnv2SegmentationMeta (fraction of the class map per class present,
 * most first).  Keys are absent when that analysis did not run; "pts" is
 * null for buffers without a timestamp.
 *
 * Each result says which frame it was computed on, when its producer says
 * so: "result_pts" on an object (its detection), on an object's class (its
 * classification), in "segmentation", and "classes_result_pts" beside
 * "classes".  It equals "pts" on a frame that was analysed itself, and is
 * earlier on frames carrying held results (inference-interval,
 * inference-mode=live).
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 v4l2src ! videoconvert ! ssdlitedetect ! mnv2classify inference-region=roi-list ! mnv2json location=results.jsonl ! fakesink
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gst/video/video.h>

#include "gstmnv2json.h"
#include "mnv2/mnv2meta.h"
#include "mnv2json_text.h"

GST_DEBUG_CATEGORY_STATIC (gst_mnv2_json_debug);
#define GST_CAT_DEFAULT gst_mnv2_json_debug

#define DEFAULT_LOCATION "-"

enum
{
  PROP_0,
  PROP_LOCATION,
};

struct _GstMnv2Json
{
  GstBaseTransform parent;
  gchar *location;
  FILE *out;
  gint width, height;           /* 0: not video */
};

G_DEFINE_TYPE (GstMnv2Json, gst_mnv2_json, GST_TYPE_BASE_TRANSFORM);

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

/* A finite double in JSON syntax, locale independent. */
static void
append_number (GString * s, gdouble v)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (!isfinite (v))
    v = 0.0;
  g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6g", v));
}

/* ", "KEY": PTS" when PTS is known (the frame a result was computed on). */
static void
append_result_pts (GString * s, const gchar * key, GstClockTime pts)
{
  if (GST_CLOCK_TIME_IS_VALID (pts))
    g_string_append_printf (s, ", \"%s\": %" G_GUINT64_FORMAT, key, pts);
}

/* The "result_pts" of a result's structure, or GST_CLOCK_TIME_NONE. */
static GstClockTime
structure_result_pts (const GstStructure * st)
{
  guint64 pts;
  return st && gst_structure_get_uint64 (st, "result_pts", &pts) ? pts :
      GST_CLOCK_TIME_NONE;
}

static void
append_class (GString * s, gint id, const gchar * label, gdouble score,
    const gchar * model, GstClockTime result_pts)
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

static void
append_objects (GString * s, GstBuffer * buf)
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
    g_string_append_printf (s, "{\"roi_id\": %d, \"label_id\": %d, "
        "\"label\": ", roi->id, label_id);
    gst_mnv2_json_append_string (s, roi->roi_type ?
        g_quark_to_string (roi->roi_type) : "");
    g_string_append (s, ", \"score\": ");
    append_number (s, score);
    g_string_append_printf (s, ", \"x\": %u, \"y\": %u, \"width\": %u, "
        "\"height\": %u", roi->x, roi->y, roi->w, roi->h);
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
    for (GList * l = roi->params; l; l = l->next) {
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
  if (!first)
    g_string_append_c (s, ']');
}

typedef struct
{
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
append_segmentation (GString * s, GstMnv2SegmentationMeta * sm)
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
    counts[c] = (ClassCount) { c, 0 };
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
        g_quark_to_string (sm->labels[id]) : NULL;
    gchar num[16];
    g_snprintf (num, sizeof num, "%u", id);
    g_string_append_printf (s, "%s{\"id\": %u, \"label\": ", i ? ", " : "",
        id);
    gst_mnv2_json_append_string (s, label ? label : num);
    g_string_append (s, ", \"fraction\": ");
    append_number (s, counts[i].pixels / total);
    g_string_append_c (s, '}');
  }
  g_string_append (s, "]}");
}

static GstFlowReturn
gst_mnv2_json_transform_ip (GstBaseTransform * trans, GstBuffer * buf)
{
  GstMnv2Json *self = GST_MNV2_JSON (trans);
  GString *s = g_string_new ("{\"pts\": ");
  if (GST_BUFFER_PTS_IS_VALID (buf))
    g_string_append_printf (s, "%" G_GUINT64_FORMAT, GST_BUFFER_PTS (buf));
  else
    g_string_append (s, "null");
  if (self->width > 0)
    g_string_append_printf (s, ", \"width\": %d, \"height\": %d",
        self->width, self->height);

  GstMnv2ClassificationMeta *cm =
      gst_buffer_get_mnv2_classification_meta (buf);
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
  g_string_append (s, "}\n");

  const gboolean ok = fwrite (s->str, 1, s->len, self->out) == s->len &&
      fflush (self->out) == 0;
  g_string_free (s, TRUE);
  if (!ok) {
    GST_ELEMENT_ERROR (self, RESOURCE, WRITE, ("Could not write results to "
            "'%s': %s", self->location, g_strerror (errno)), (NULL));
    return GST_FLOW_ERROR;
  }
  return GST_FLOW_OK;
}

static gboolean
gst_mnv2_json_set_caps (GstBaseTransform * trans, GstCaps * incaps,
    GstCaps * outcaps)
{
  GstMnv2Json *self = GST_MNV2_JSON (trans);
  GstVideoInfo info;
  (void) outcaps;
  self->width = self->height = 0;
  if (gst_video_info_from_caps (&info, incaps)) {
    self->width = GST_VIDEO_INFO_WIDTH (&info);
    self->height = GST_VIDEO_INFO_HEIGHT (&info);
  }
  return TRUE;
}

static gboolean
gst_mnv2_json_start (GstBaseTransform * trans)
{
  GstMnv2Json *self = GST_MNV2_JSON (trans);
  GST_OBJECT_LOCK (self);
  gchar *location = g_strdup (self->location);
  GST_OBJECT_UNLOCK (self);
  if (!location || !*location || strcmp (location, "-") == 0) {
    self->out = stdout;
  } else if (!(self->out = fopen (location, "w"))) {
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_WRITE, ("Could not open '%s' to "
            "write results: %s", location, g_strerror (errno)), (NULL));
    g_free (location);
    return FALSE;
  }
  g_free (location);
  return TRUE;
}

static gboolean
gst_mnv2_json_stop (GstBaseTransform * trans)
{
  GstMnv2Json *self = GST_MNV2_JSON (trans);
  if (self->out && self->out != stdout)
    fclose (self->out);
  self->out = NULL;
  return TRUE;
}

static void
gst_mnv2_json_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstMnv2Json *self = GST_MNV2_JSON (object);
  switch (prop_id) {
    case PROP_LOCATION:
      GST_OBJECT_LOCK (self);
      g_free (self->location);
      self->location = g_value_dup_string (value);
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_mnv2_json_get_property (GObject * object, guint prop_id, GValue * value,
    GParamSpec * pspec)
{
  GstMnv2Json *self = GST_MNV2_JSON (object);
  switch (prop_id) {
    case PROP_LOCATION:
      GST_OBJECT_LOCK (self);
      g_value_set_string (value, self->location);
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_mnv2_json_finalize (GObject * object)
{
  g_free (GST_MNV2_JSON (object)->location);
  G_OBJECT_CLASS (gst_mnv2_json_parent_class)->finalize (object);
}

static void
gst_mnv2_json_class_init (GstMnv2JsonClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);

  GST_DEBUG_CATEGORY_INIT (gst_mnv2_json_debug, "mnv2json", 0,
      "analytics results as JSON lines");

  gobject_class->set_property = gst_mnv2_json_set_property;
  gobject_class->get_property = gst_mnv2_json_get_property;
  gobject_class->finalize = gst_mnv2_json_finalize;

  g_object_class_install_property (gobject_class, PROP_LOCATION,
      g_param_spec_string ("location", "Location",
          "File to write the JSON lines to (replaced); \"-\": standard "
          "output", DEFAULT_LOCATION, G_PARAM_READWRITE |
          G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "Analytics results as JSON lines", "Filter/Analyzer",
      "Writes one JSON line per buffer with its classification, detection "
      "and segmentation results; passes buffers through unchanged",
      "gst-mnv2 developers");

  trans_class->start = GST_DEBUG_FUNCPTR (gst_mnv2_json_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_mnv2_json_stop);
  trans_class->set_caps = GST_DEBUG_FUNCPTR (gst_mnv2_json_set_caps);
  trans_class->transform_ip = GST_DEBUG_FUNCPTR (gst_mnv2_json_transform_ip);
}

static void
gst_mnv2_json_init (GstMnv2Json * self)
{
  self->location = g_strdup (DEFAULT_LOCATION);
  gst_base_transform_set_passthrough (GST_BASE_TRANSFORM (self), TRUE);
}
