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
#include "mnv2results_json.h"

GST_DEBUG_CATEGORY_STATIC (gst_mnv2_json_debug);
#define GST_CAT_DEFAULT gst_mnv2_json_debug

#define DEFAULT_LOCATION "-"

enum {
  PROP_0,
  PROP_LOCATION,
  PROP_SOURCE,
  PROP_TAGS,
};

struct _GstMnv2Json {
  GstBaseTransform parent;
  gchar *location;
  gchar *source;
  gchar *tags_text;
  GstStructure *tags; /* parsed at start */
  FILE *out;
  gint width, height; /* 0: not video */
};

G_DEFINE_TYPE (GstMnv2Json, gst_mnv2_json, GST_TYPE_BASE_TRANSFORM);

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

static GstFlowReturn
gst_mnv2_json_transform_ip (GstBaseTransform *trans, GstBuffer *buf)
{
  GstMnv2Json *self = GST_MNV2_JSON (trans);
  GstMnv2JsonInfo info = { self->width, self->height, NULL, NULL,
    GST_CLOCK_TIME_NONE };
  if (trans->segment.format == GST_FORMAT_TIME && GST_BUFFER_PTS_IS_VALID (buf))
    info.timestamp = gst_segment_to_stream_time (&trans->segment,
        GST_FORMAT_TIME, GST_BUFFER_PTS (buf));
  GString *s = g_string_sized_new (512);
  GST_OBJECT_LOCK (self);
  info.source = self->source;
  info.tags = self->tags;
  gst_mnv2_results_json (s, buf, &info);
  GST_OBJECT_UNLOCK (self);
  g_string_append_c (s, '\n');

  const gboolean ok = fwrite (s->str, 1, s->len, self->out) == s->len &&
      fflush (self->out) == 0;
  g_string_free (s, TRUE);
  if (!ok) {
    GST_ELEMENT_ERROR (self, RESOURCE, WRITE,
        ("Could not write results to "
         "'%s': %s",
            self->location, g_strerror (errno)),
        (NULL));
    return GST_FLOW_ERROR;
  }
  return GST_FLOW_OK;
}

static gboolean
gst_mnv2_json_set_caps (GstBaseTransform *trans, GstCaps *incaps,
    GstCaps *outcaps)
{
  GstMnv2Json *self = GST_MNV2_JSON (trans);
  (void) outcaps;
  gst_mnv2_json_video_size (incaps, &self->width, &self->height);
  return TRUE;
}

static gboolean
gst_mnv2_json_start (GstBaseTransform *trans)
{
  GstMnv2Json *self = GST_MNV2_JSON (trans);
  gchar *why;
  GST_OBJECT_LOCK (self);
  gchar *location = g_strdup (self->location);
  GstStructure *tags = gst_mnv2_json_parse_tags (self->tags_text, &why);
  if (self->tags)
    gst_structure_free (self->tags);
  self->tags = tags;
  GST_OBJECT_UNLOCK (self);
  if (why) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("%s", why), (NULL));
    g_free (why);
    g_free (location);
    return FALSE;
  }
  if (!location || !*location || strcmp (location, "-") == 0) {
    self->out = stdout;
  } else if (!(self->out = fopen (location, "w"))) {
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_WRITE,
        ("Could not open '%s' to "
         "write results: %s",
            location, g_strerror (errno)),
        (NULL));
    g_free (location);
    return FALSE;
  }
  g_free (location);
  return TRUE;
}

static gboolean
gst_mnv2_json_stop (GstBaseTransform *trans)
{
  GstMnv2Json *self = GST_MNV2_JSON (trans);
  if (self->out && self->out != stdout)
    fclose (self->out);
  self->out = NULL;
  return TRUE;
}

static void
gst_mnv2_json_set_property (GObject *object, guint prop_id, const GValue *value,
    GParamSpec *pspec)
{
  GstMnv2Json *self = GST_MNV2_JSON (object);
  switch (prop_id) {
    case PROP_LOCATION:
      GST_OBJECT_LOCK (self);
      g_free (self->location);
      self->location = g_value_dup_string (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_SOURCE:
      GST_OBJECT_LOCK (self);
      g_free (self->source);
      self->source = g_value_dup_string (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_TAGS:
      GST_OBJECT_LOCK (self);
      g_free (self->tags_text);
      self->tags_text = g_value_dup_string (value);
      GST_OBJECT_UNLOCK (self);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); break;
  }
}

static void
gst_mnv2_json_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstMnv2Json *self = GST_MNV2_JSON (object);
  switch (prop_id) {
    case PROP_LOCATION:
      GST_OBJECT_LOCK (self);
      g_value_set_string (value, self->location);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_SOURCE:
      GST_OBJECT_LOCK (self);
      g_value_set_string (value, self->source);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_TAGS:
      GST_OBJECT_LOCK (self);
      g_value_set_string (value, self->tags_text);
      GST_OBJECT_UNLOCK (self);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); break;
  }
}

static void
gst_mnv2_json_finalize (GObject *object)
{
  GstMnv2Json *self = GST_MNV2_JSON (object);
  g_free (self->location);
  g_free (self->source);
  g_free (self->tags_text);
  if (self->tags)
    gst_structure_free (self->tags);
  G_OBJECT_CLASS (gst_mnv2_json_parent_class)->finalize (object);
}

static void
gst_mnv2_json_class_init (GstMnv2JsonClass *klass)
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
          "output",
          DEFAULT_LOCATION,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_SOURCE,
      g_param_spec_string ("source", "Source",
          "Written as \"source\" in every line (e.g. the camera's URI or "
          "name); unset: left out",
          NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_TAGS,
      g_param_spec_string ("tags", "Tags",
          "Written as the \"tags\" object of every line: key=value pairs "
          "separated by commas, e.g. camera=front,floor=3 (numbers stay "
          "numbers; (string)3 is a string); unset: left out",
          NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));

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
gst_mnv2_json_init (GstMnv2Json *self)
{
  self->location = g_strdup (DEFAULT_LOCATION);
  gst_base_transform_set_passthrough (GST_BASE_TRANSFORM (self), TRUE);
}
