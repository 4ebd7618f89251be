/**
 * SECTION:element-mnv2classify
 * @title: mnv2classify
 *
 * Classifies video frames with a MobileNetV2-family image classifier
 * (.tflite, uint8, int8 or float32) and attaches the best classes to each
 * buffer as #GstMnv2ClassificationMeta (library gstmnv2meta-1.0).  With
 * post-messages=true it also posts an element message named "mnv2classify"
 * with fields `timestamp` (guint64, the buffer PTS) and `classes` (a list
 * of structures named "class" with `id` (gint), `label` (gchararray) and
 * `score` (gdouble)), best first.
 *
 * With inference-region=roi-list it classifies the crop of every
 * #GstVideoRegionOfInterestMeta instead (from ssdlitedetect or any other
 * element; object-class and min-roi-size choose which), through the same
 * pre-processing (no copy of the frame), and adds to each a parameter
 * structure "classification" with `label`, `label_id`, `confidence`,
 * `model` (the model file name; also as `model_name`, DL Streamer's name).  reclassify-interval N classifies an
 * object seen in the previous frame (same "tracking" `id` parameter, else
 * box overlap above 0.5) only every N frames and copies its last result in
 * between.  Messages then carry `objects`: "object" structures with
 * `roi_id`, `x`, `y`, `width`, `height` and `classes`.
 *
 * Without model-file it uses mobilenet_v2_1.0_224_quant.tflite from the
 * model search path.  A class labelled "background" at index 0 (ImageNet
 * models with 1001 classes) is never reported.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 -m v4l2src ! videoconvert ! mnv2classify post-messages=true ! fakesink
 * gst-launch-1.0 -m filesrc location=cat.jpg ! jpegdec ! imagefreeze num-buffers=1 ! mnv2classify post-messages=true ! fakesink
 * gst-launch-1.0 v4l2src ! videoconvert ! ssdlitedetect ! mnv2classify inference-region=roi-list object-class=cat,dog ! mnv2overlay ! videoconvert ! autovideosink
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "classifier.h"
#include "gstmnv2classify_priv.h"
#include "mnv2analytics.h"

GST_DEBUG_CATEGORY_STATIC (gst_mnv2_classify_debug);
#define GST_CAT_DEFAULT gst_mnv2_classify_debug

#define DEFAULT_TOP_K 5
#define DEFAULT_THRESHOLD 0.0f
#define DEFAULT_REGION GST_MNV2_INFERENCE_REGION_FULL_FRAME
#define DEFAULT_MIN_ROI_SIZE 16
#define DEFAULT_RECLASSIFY_INTERVAL 1

enum {
  PROP_0,
  PROP_TOP_K,
  PROP_THRESHOLD,
  PROP_INFERENCE_REGION,
  PROP_OBJECT_CLASS,
  PROP_MIN_ROI_SIZE,
  PROP_RECLASSIFY_INTERVAL,
};

G_DEFINE_TYPE (GstMnv2Classify, gst_mnv2_classify, GST_TYPE_MNV2_INFER);

#define GST_TYPE_MNV2_INFERENCE_REGION (gst_mnv2_inference_region_get_type ())
static GType
gst_mnv2_inference_region_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    { GST_MNV2_INFERENCE_REGION_FULL_FRAME, "Classify the whole frame",
        "full-frame" },
    { GST_MNV2_INFERENCE_REGION_ROI_LIST,
        "Classify the crop of every "
        "region-of-interest meta",
        "roi-list" },
    { 0, NULL, NULL },
  };
  if (g_once_init_enter (&type))
    g_once_init_leave (&type,
        g_enum_register_static ("GstMnv2InferenceRegion", values));
  return type;
}

static const gchar *const default_models[] = {
  "mobilenet_v2_1.0_224_quant.tflite", NULL
};

/* A score vector: one output shaped [1, N] (or [1,1,1,N]). */
static gboolean
gst_mnv2_classify_check_model (GstMnv2Infer *infer, mnv_model *model,
    gchar **reason)
{
  mnv_tensor_info out;
  int outer = 1;

  (void) infer;
  if (mnv_model_num_outputs (model) != 1) {
    *reason =
        g_strdup_printf ("it has %d outputs; a classifier has one "
                         "vector of class scores (is it a detection model?)",
            mnv_model_num_outputs (model));
    return FALSE;
  }
  mnv_model_output_info (model, 0, &out);
  for (int d = 0; d + 1 < out.rank; d++)
    outer *= out.dims[d];
  if (out.rank < 1 || outer != 1 || out.dims[out.rank - 1] < 2 ||
      (out.type != MNV_TYPE_FLOAT32 && out.type != MNV_TYPE_UINT8 &&
          out.type != MNV_TYPE_INT8)) {
    *reason = g_strdup_printf ("its output is not one vector of class "
                               "scores (type %s, rank %d)",
        mnv_type_name (out.type), out.rank);
    return FALSE;
  }
  return TRUE;
}

/* The best classes of the session's outputs (GArray of GstMnv2Class, best
 * first): a frame's or a crop's. */
GArray *
gst_mnv2_classify_decode_classes (GstMnv2Classify *self)
{
  GstMnv2Infer *infer = GST_MNV2_INFER (self);
  mnv_model *model = gst_mnv2_infer_get_model (infer);
  const mnv_labels *labels = gst_mnv2_infer_get_labels (infer);
  mnv_tensor_info out;
  guint top_k;
  gfloat threshold;

  GST_OBJECT_LOCK (self);
  top_k = self->top_k;
  threshold = self->threshold;
  GST_OBJECT_UNLOCK (self);

  mnv_model_output_info (model, 0, &out);
  int n = out.dims[out.rank - 1];
  /* Per call: it may run on the live worker while properties change. */
  float *scores = g_new (float, n);
  mnv_class_result *ranked = g_new (mnv_class_result, top_k + 1);
  n = mnv_classifier_scores (gst_mnv2_infer_get_session (infer), model, 0,
      scores, n);
  /* One extra, in case the background class is among the best. */
  int k = mnv_classifier_top_k (scores, n, (int) top_k + 1, labels, ranked);
  const char *first = mnv_labels_get (labels, 0);
  gboolean skip_background = first &&
      g_ascii_strcasecmp (first, "background") == 0;

  GArray *result = g_array_sized_new (FALSE, FALSE, sizeof (GstMnv2Class),
      top_k);
  for (int i = 0; i < k && result->len < top_k; i++) {
    if ((skip_background && ranked[i].index == 0) ||
        ranked[i].score < threshold)
      continue;
    GstMnv2Class c = { ranked[i].index,
      gst_mnv2_infer_label_quark (infer, ranked[i].index), ranked[i].score };
    g_array_append_val (result, c);
  }
  g_free (scores);
  g_free (ranked);
  return result;
}

static gpointer
gst_mnv2_classify_decode (GstMnv2Infer *infer, const GstMnv2Geometry *g)
{
  (void) g;
  return gst_mnv2_classify_decode_classes (GST_MNV2_CLASSIFY (infer));
}

static void
gst_mnv2_classify_free_payload (gpointer payload)
{
  g_array_unref (payload);
}

/* CLASSES as a list of "class" structures, for messages. */
void
gst_mnv2_classify_classes_value (GArray *classes, GValue *list)
{
  g_value_init (list, GST_TYPE_LIST);
  for (guint i = 0; classes && i < classes->len; i++) {
    const GstMnv2Class *c = &g_array_index (classes, GstMnv2Class, i);
    GValue v = G_VALUE_INIT;
    g_value_init (&v, GST_TYPE_STRUCTURE);
    g_value_take_boxed (&v,
        gst_structure_new ("class", "id", G_TYPE_INT, c->class_id, "label",
            G_TYPE_STRING, g_quark_to_string (c->label), "score", G_TYPE_DOUBLE,
            (gdouble) c->score, NULL));
    gst_value_list_append_and_take_value (list, &v);
  }
}

static void
gst_mnv2_classify_attach (GstMnv2Infer *infer, GstBuffer *buffer,
    const GstMnv2Result *result, gboolean fresh)
{
  GstMnv2Classify *self = GST_MNV2_CLASSIFY (infer);
  GArray *classes = result->payload;

  if (result->regions) {
    gst_mnv2_classify_attach_regions (self, buffer, result, fresh);
    return;
  }
  if (fresh && gst_mnv2_infer_get_post_messages (infer)) {
    GValue list = G_VALUE_INIT;
    gst_mnv2_classify_classes_value (classes, &list);
    GstStructure *s = gst_structure_new_empty ("mnv2classify");
    gst_structure_take_value (s, "classes", &list);
    gst_mnv2_infer_post_results (infer, buffer, result->pts, s);
  }
  GstMnv2ClassificationMeta *m =
      gst_buffer_add_mnv2_classification_meta (buffer,
          (const GstMnv2Class *) classes->data, classes->len);
  m->result_pts = result->pts;
#ifdef HAVE_GST_ANALYTICS
  gst_mnv2_analytics_add_classes (buffer, (const GstMnv2Class *) classes->data,
      classes->len, -1);
#endif
}

static void
gst_mnv2_classify_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec)
{
  GstMnv2Classify *self = GST_MNV2_CLASSIFY (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_TOP_K: self->top_k = g_value_get_uint (value); break;
    case PROP_THRESHOLD: self->threshold = g_value_get_float (value); break;
    case PROP_INFERENCE_REGION: self->region = g_value_get_enum (value); break;
    case PROP_OBJECT_CLASS: {
      const gchar *v = g_value_get_string (value);
      g_strfreev (self->object_classes);
      self->object_classes = NULL;
      if (v && *v) {
        self->object_classes = g_strsplit (v, ",", -1);
        for (gchar **c = self->object_classes; *c; c++)
          g_strstrip (*c);
      }
      break;
    }
    case PROP_MIN_ROI_SIZE:
      self->min_roi_size = g_value_get_uint (value);
      break;
    case PROP_RECLASSIFY_INTERVAL:
      self->reclassify_interval = g_value_get_uint (value);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_mnv2_classify_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstMnv2Classify *self = GST_MNV2_CLASSIFY (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_TOP_K: g_value_set_uint (value, self->top_k); break;
    case PROP_THRESHOLD: g_value_set_float (value, self->threshold); break;
    case PROP_INFERENCE_REGION: g_value_set_enum (value, self->region); break;
    case PROP_OBJECT_CLASS:
      g_value_take_string (value,
          self->object_classes ? g_strjoinv (",", self->object_classes) : NULL);
      break;
    case PROP_MIN_ROI_SIZE: g_value_set_uint (value, self->min_roi_size); break;
    case PROP_RECLASSIFY_INTERVAL:
      g_value_set_uint (value, self->reclassify_interval);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_mnv2_classify_finalize (GObject *object)
{
  GstMnv2Classify *self = GST_MNV2_CLASSIFY (object);
  g_array_unref (self->tracks);
  g_strfreev (self->object_classes);
  G_OBJECT_CLASS (gst_mnv2_classify_parent_class)->finalize (object);
}

static void
gst_mnv2_classify_class_init (GstMnv2ClassifyClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstMnv2InferClass *infer_class = GST_MNV2_INFER_CLASS (klass);

  GST_DEBUG_CATEGORY_INIT (gst_mnv2_classify_debug, "mnv2classify", 0,
      "MobileNetV2 classification");

  gobject_class->set_property = gst_mnv2_classify_set_property;
  gobject_class->get_property = gst_mnv2_classify_get_property;
  gobject_class->finalize = gst_mnv2_classify_finalize;

  g_object_class_install_property (gobject_class, PROP_TOP_K,
      g_param_spec_uint ("top-k", "Top K",
          "How many of the best classes to report per frame", 1, 1000,
          DEFAULT_TOP_K,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_THRESHOLD,
      g_param_spec_float ("threshold", "Threshold",
          "Minimum score of a reported class", -G_MAXFLOAT, G_MAXFLOAT,
          DEFAULT_THRESHOLD,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));

  g_object_class_install_property (gobject_class, PROP_INFERENCE_REGION,
      g_param_spec_enum ("inference-region", "Inference region",
          "full-frame: classify every frame; roi-list: classify the crop of "
          "every region-of-interest meta (from ssdlitedetect or any element) "
          "and add a 'classification' parameter to it",
          GST_TYPE_MNV2_INFERENCE_REGION, DEFAULT_REGION,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_OBJECT_CLASS,
      g_param_spec_string ("object-class", "Object classes",
          "roi-list: classify only ROIs with these labels (comma-separated, "
          "e.g. \"cat,dog\"); unset: all",
          NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_MIN_ROI_SIZE,
      g_param_spec_uint ("min-roi-size", "Minimum ROI size",
          "roi-list: skip ROIs narrower or lower than this many pixels", 1,
          G_MAXINT, DEFAULT_MIN_ROI_SIZE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_RECLASSIFY_INTERVAL,
      g_param_spec_uint ("reclassify-interval", "Reclassify interval",
          "roi-list: classify an object seen in the previous frame (same "
          "tracking id, else box overlap above 0.5) only every N frames, "
          "copying its last result in between (1: every frame)",
          1, 10000, DEFAULT_RECLASSIFY_INTERVAL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));

  gst_element_class_set_static_metadata (element_class,
      "MobileNetV2 classifier", "Filter/Analyzer/Video",
      "Classifies video frames with a MobileNetV2 .tflite model and attaches "
      "the top-k classes as metadata. Example: gst-launch-1.0 -m v4l2src ! "
      "videoconvert ! mnv2classify post-messages=true ! fakesink",
      "gst-mnv2 developers");

  infer_class->default_models = default_models;
  infer_class->check_model = gst_mnv2_classify_check_model;
  infer_class->decode = gst_mnv2_classify_decode;
  infer_class->free_payload = gst_mnv2_classify_free_payload;
  infer_class->attach = gst_mnv2_classify_attach;
  infer_class->collect_regions = gst_mnv2_classify_collect_regions;
  infer_class->reset = gst_mnv2_classify_reset;
  infer_class->uses_regions = gst_mnv2_classify_uses_regions;
  infer_class->handle_regions = gst_mnv2_classify_handle_regions;
  gst_type_mark_as_plugin_api (GST_TYPE_MNV2_INFERENCE_REGION, 0);
}

static void
gst_mnv2_classify_init (GstMnv2Classify *self)
{
  self->top_k = DEFAULT_TOP_K;
  self->threshold = DEFAULT_THRESHOLD;
  self->region = DEFAULT_REGION;
  self->min_roi_size = DEFAULT_MIN_ROI_SIZE;
  self->reclassify_interval = DEFAULT_RECLASSIFY_INTERVAL;
  self->tracks = g_array_new (FALSE, TRUE, sizeof (Track));
  g_array_set_clear_func (self->tracks, gst_mnv2_classify_clear_track);
}
