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
 * Without model-file it uses mobilenet_v2_1.0_224_quant.tflite from the
 * model search path.  A class labelled "background" at index 0 (ImageNet
 * models with 1001 classes) is never reported.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 -m v4l2src ! videoconvert ! mnv2classify post-messages=true ! fakesink
 * gst-launch-1.0 -m filesrc location=cat.jpg ! jpegdec ! imagefreeze num-buffers=1 ! mnv2classify post-messages=true ! fakesink
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "classifier.h"
#include "gstmnv2classify.h"
#include "mnv2/mnv2meta.h"

GST_DEBUG_CATEGORY_STATIC (gst_mnv2_classify_debug);
#define GST_CAT_DEFAULT gst_mnv2_classify_debug

#define DEFAULT_TOP_K 5
#define DEFAULT_THRESHOLD 0.0f

enum
{
  PROP_0,
  PROP_TOP_K,
  PROP_THRESHOLD,
};

struct _GstMnv2Classify
{
  GstMnv2Infer parent;

  /* properties */
  guint top_k;
  gfloat threshold;

  /* state */
  gboolean have_result;
  GArray *result;               /* GstMnv2Class, best first */
  float *scores;
  mnv_class_result *ranked;
};

G_DEFINE_TYPE (GstMnv2Classify, gst_mnv2_classify, GST_TYPE_MNV2_INFER);

static const gchar *const default_models[] = {
  "mobilenet_v2_1.0_224_quant.tflite", NULL
};

/* A score vector: one output shaped [1, N] (or [1,1,1,N]). */
static gboolean
gst_mnv2_classify_check_model (GstMnv2Infer * infer, mnv_model * model,
    gchar ** reason)
{
  mnv_tensor_info out;
  int outer = 1;

  (void) infer;
  if (mnv_model_num_outputs (model) != 1) {
    *reason = g_strdup_printf ("it has %d outputs; a classifier has one "
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
        "scores (type %s, rank %d)", mnv_type_name (out.type), out.rank);
    return FALSE;
  }
  return TRUE;
}

static void
update_result (GstMnv2Classify * self)
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
  self->scores = g_renew (float, self->scores, n);
  self->ranked = g_renew (mnv_class_result, self->ranked, top_k + 1);
  n = mnv_classifier_scores (gst_mnv2_infer_get_session (infer), model, 0,
      self->scores, n);
  /* One extra, in case the background class is among the best. */
  int k = mnv_classifier_top_k (self->scores, n, (int) top_k + 1, labels,
      self->ranked);
  const char *first = mnv_labels_get (labels, 0);
  gboolean skip_background = first && g_ascii_strcasecmp (first,
      "background") == 0;

  g_array_set_size (self->result, 0);
  for (int i = 0; i < k && self->result->len < top_k; i++) {
    if ((skip_background && self->ranked[i].index == 0) ||
        self->ranked[i].score < threshold)
      continue;
    GstMnv2Class c = { self->ranked[i].index,
      gst_mnv2_infer_label_quark (infer, self->ranked[i].index),
      self->ranked[i].score
    };
    g_array_append_val (self->result, c);
  }
  self->have_result = TRUE;
}

static void
post_result (GstMnv2Classify * self, GstBuffer * buffer)
{
  GValue list = G_VALUE_INIT;
  g_value_init (&list, GST_TYPE_LIST);
  for (guint i = 0; i < self->result->len; i++) {
    const GstMnv2Class *c = &g_array_index (self->result, GstMnv2Class, i);
    GValue v = G_VALUE_INIT;
    g_value_init (&v, GST_TYPE_STRUCTURE);
    g_value_take_boxed (&v, gst_structure_new ("class",
            "id", G_TYPE_INT, c->class_id,
            "label", G_TYPE_STRING, g_quark_to_string (c->label),
            "score", G_TYPE_DOUBLE, (gdouble) c->score, NULL));
    gst_value_list_append_and_take_value (&list, &v);
  }
  GstStructure *s = gst_structure_new_empty ("mnv2classify");
  gst_structure_take_value (s, "classes", &list);
  gst_mnv2_infer_post_results (GST_MNV2_INFER (self), buffer, s);
}

static void
gst_mnv2_classify_handle_frame (GstMnv2Infer * infer, GstBuffer * buffer,
    gboolean fresh)
{
  GstMnv2Classify *self = GST_MNV2_CLASSIFY (infer);

  if (fresh) {
    update_result (self);
    if (gst_mnv2_infer_get_post_messages (infer))
      post_result (self, buffer);
  }
  if (self->have_result)
    gst_buffer_add_mnv2_classification_meta (buffer,
        (const GstMnv2Class *) self->result->data, self->result->len);
}

static void
gst_mnv2_classify_reset (GstMnv2Infer * infer)
{
  GstMnv2Classify *self = GST_MNV2_CLASSIFY (infer);
  self->have_result = FALSE;
  g_array_set_size (self->result, 0);
}

static void
gst_mnv2_classify_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstMnv2Classify *self = GST_MNV2_CLASSIFY (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_TOP_K:
      self->top_k = g_value_get_uint (value);
      break;
    case PROP_THRESHOLD:
      self->threshold = g_value_get_float (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_mnv2_classify_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstMnv2Classify *self = GST_MNV2_CLASSIFY (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_TOP_K:
      g_value_set_uint (value, self->top_k);
      break;
    case PROP_THRESHOLD:
      g_value_set_float (value, self->threshold);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_mnv2_classify_finalize (GObject * object)
{
  GstMnv2Classify *self = GST_MNV2_CLASSIFY (object);
  g_array_unref (self->result);
  g_free (self->scores);
  g_free (self->ranked);
  G_OBJECT_CLASS (gst_mnv2_classify_parent_class)->finalize (object);
}

static void
gst_mnv2_classify_class_init (GstMnv2ClassifyClass * klass)
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
          DEFAULT_TOP_K, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_THRESHOLD,
      g_param_spec_float ("threshold", "Threshold",
          "Minimum score of a reported class", -G_MAXFLOAT, G_MAXFLOAT,
          DEFAULT_THRESHOLD, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  gst_element_class_set_static_metadata (element_class,
      "MobileNetV2 classifier", "Filter/Analyzer/Video",
      "Classifies video frames with a MobileNetV2 .tflite model and attaches "
      "the top-k classes as metadata. Example: gst-launch-1.0 -m v4l2src ! "
      "videoconvert ! mnv2classify post-messages=true ! fakesink",
      "gst-mnv2 developers");

  infer_class->default_models = default_models;
  infer_class->check_model = gst_mnv2_classify_check_model;
  infer_class->handle_frame = gst_mnv2_classify_handle_frame;
  infer_class->reset = gst_mnv2_classify_reset;
}

static void
gst_mnv2_classify_init (GstMnv2Classify * self)
{
  self->top_k = DEFAULT_TOP_K;
  self->threshold = DEFAULT_THRESHOLD;
  self->result = g_array_new (FALSE, TRUE, sizeof (GstMnv2Class));
}
