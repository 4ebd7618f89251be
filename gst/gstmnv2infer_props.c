/* The properties of the inference base element (gstmnv2infer.c): their
 * specs, defaults, getters and setters, the enum types they use, and the
 * stats structure. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstmnv2infer_priv.h"

#define DEFAULT_THREADS 1
#define DEFAULT_INFERENCE_INTERVAL 1
#define DEFAULT_POST_MESSAGES FALSE
#define DEFAULT_RESIZE_MODE MNV_RESIZE_STRETCH
#define DEFAULT_INPUT_MEAN MNV2_DEFAULT_INPUT_MEAN
#define DEFAULT_INPUT_STD MNV2_DEFAULT_INPUT_STD
#define DEFAULT_INFERENCE_MODE GST_MNV2_INFERENCE_MODE_SYNC
#define DEFAULT_MAX_RESULT_AGE 0

enum {
  PROP_0,
  PROP_MODEL_FILE,
  PROP_LABELS_FILE,
  PROP_THREADS,
  PROP_INFERENCE_INTERVAL,
  PROP_POST_MESSAGES,
  PROP_RESIZE_MODE,
  PROP_INPUT_MEAN,
  PROP_INPUT_STD,
  PROP_MAX_MEMORY,
  PROP_INFERENCE_MODE,
  PROP_MAX_RESULT_AGE,
  PROP_STATS,
};

GType
gst_mnv2_inference_mode_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    { GST_MNV2_INFERENCE_MODE_SYNC,
        "Analyse on the streaming thread: a "
        "frame's results are on that frame (files, offline)",
        "sync" },
    { GST_MNV2_INFERENCE_MODE_LIVE,
        "Analyse on a worker thread: frames never "
        "wait for the model and carry the latest results (cameras)",
        "live" },
    { 0, NULL, NULL },
  };
  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstMnv2InferenceMode", values);
    g_once_init_leave (&type, t);
  }
  return type;
}

GType
gst_mnv2_resize_mode_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    { MNV_RESIZE_STRETCH, "Scale the whole frame to the model input",
        "stretch" },
    { MNV_RESIZE_LETTERBOX, "Keep the aspect ratio, pad with black",
        "letterbox" },
    { MNV_RESIZE_CENTER_CROP, "Keep the aspect ratio, use the frame's centre",
        "center-crop" },
    { 0, NULL, NULL },
  };
  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstMnv2ResizeMode", values);
    g_once_init_leave (&type, t);
  }
  return type;
}

void
gst_mnv2_infer_init_properties (GstMnv2InferPrivate *priv)
{
  priv->threads = DEFAULT_THREADS;
  priv->inference_interval = DEFAULT_INFERENCE_INTERVAL;
  priv->post_messages = DEFAULT_POST_MESSAGES;
  priv->resize_mode = DEFAULT_RESIZE_MODE;
  priv->input_mean = DEFAULT_INPUT_MEAN;
  priv->input_std = DEFAULT_INPUT_STD;
  priv->earliest_time = GST_CLOCK_TIME_NONE;
  priv->latency = GST_CLOCK_TIME_NONE;
  priv->mode = DEFAULT_INFERENCE_MODE;
  priv->max_result_age = DEFAULT_MAX_RESULT_AGE;
  priv->stat_age_ms = -1.0;
}

/* The stats property; called with the object lock held. */
static GstStructure *
make_stats (GstMnv2Infer *self)
{
  GstMnv2InferPrivate *priv = PRIV (self);
  guint64 analysed = priv->stat_analysed, skipped = priv->stat_skipped;
  gdouble mean = analysed ? priv->stat_total_ms / analysed : 0.0;
  if (priv->live) {
    GstMnv2LiveStats ls;
    gst_mnv2_live_get_stats (priv->live, &ls);
    analysed = ls.analysed;
    skipped += ls.skipped;
    mean = ls.mean_ms;
  }
  return gst_structure_new ("mnv2-stats", "frames", G_TYPE_UINT64,
      priv->stat_frames, "analysed", G_TYPE_UINT64, analysed, "skipped",
      G_TYPE_UINT64, skipped, "mean-inference-ms", G_TYPE_DOUBLE, mean,
      "result-age-ms", G_TYPE_DOUBLE, priv->stat_age_ms, NULL);
}

void
gst_mnv2_infer_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec)
{
  GstMnv2Infer *self = GST_MNV2_INFER (object);
  GstMnv2InferPrivate *priv = PRIV (self);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_MODEL_FILE:
      g_free (priv->model_file);
      priv->model_file = g_value_dup_string (value);
      break;
    case PROP_LABELS_FILE:
      g_free (priv->labels_file);
      priv->labels_file = g_value_dup_string (value);
      break;
    case PROP_THREADS: priv->threads = g_value_get_int (value); break;
    case PROP_INFERENCE_INTERVAL:
      priv->inference_interval = g_value_get_uint (value);
      break;
    case PROP_POST_MESSAGES:
      priv->post_messages = g_value_get_boolean (value);
      break;
    case PROP_RESIZE_MODE: priv->resize_mode = g_value_get_enum (value); break;
    case PROP_INPUT_MEAN:
      priv->input_mean = g_value_get_double (value);
      priv->mean_set = TRUE;
      break;
    case PROP_INPUT_STD:
      priv->input_std = g_value_get_double (value);
      priv->std_set = TRUE;
      break;
    case PROP_MAX_MEMORY: priv->max_memory = g_value_get_uint64 (value); break;
    case PROP_INFERENCE_MODE: priv->mode = g_value_get_enum (value); break;
    case PROP_MAX_RESULT_AGE:
      priv->max_result_age = g_value_get_uint (value);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); break;
  }
  GST_OBJECT_UNLOCK (self);
}

void
gst_mnv2_infer_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstMnv2Infer *self = GST_MNV2_INFER (object);
  GstMnv2InferPrivate *priv = PRIV (self);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_MODEL_FILE: g_value_set_string (value, priv->model_file); break;
    case PROP_LABELS_FILE: g_value_set_string (value, priv->labels_file); break;
    case PROP_THREADS: g_value_set_int (value, priv->threads); break;
    case PROP_INFERENCE_INTERVAL:
      g_value_set_uint (value, priv->inference_interval);
      break;
    case PROP_POST_MESSAGES:
      g_value_set_boolean (value, priv->post_messages);
      break;
    case PROP_RESIZE_MODE: g_value_set_enum (value, priv->resize_mode); break;
    case PROP_INPUT_MEAN: g_value_set_double (value, priv->input_mean); break;
    case PROP_INPUT_STD: g_value_set_double (value, priv->input_std); break;
    case PROP_MAX_MEMORY: g_value_set_uint64 (value, priv->max_memory); break;
    case PROP_INFERENCE_MODE: g_value_set_enum (value, priv->mode); break;
    case PROP_MAX_RESULT_AGE:
      g_value_set_uint (value, priv->max_result_age);
      break;
    case PROP_STATS: g_value_take_boxed (value, make_stats (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); break;
  }
  GST_OBJECT_UNLOCK (self);
}

void
gst_mnv2_infer_install_properties (GObjectClass *gobject_class)
{
  g_object_class_install_property (gobject_class, PROP_MODEL_FILE,
      g_param_spec_string ("model-file", "Model file",
          "The .tflite model to run; unset: the element's default model "
          "found on the model search path ($MNV2_MODEL_PATH, "
          "$XDG_DATA_HOME/gst-mnv2/models, <datadir>/gst-mnv2/models)",
          NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_LABELS_FILE,
      g_param_spec_string ("labels-file", "Labels file",
          "Text file with one label per line (line i = class i); unset: the "
          "labels embedded in the model, else MODEL_labels.txt beside the "
          "model file, else class numbers",
          NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_THREADS,
      g_param_spec_int ("threads", "Threads",
          "Threads for inference and its pre-processing (0: one per core)", 0,
          64, DEFAULT_THREADS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_INFERENCE_INTERVAL,
      g_param_spec_uint ("inference-interval", "Inference interval",
          "Run the model on every Nth frame; frames in between carry the "
          "last result",
          1, G_MAXUINT, DEFAULT_INFERENCE_INTERVAL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_POST_MESSAGES,
      g_param_spec_boolean ("post-messages", "Post messages",
          "Post an element message on the bus with the results of every "
          "inference",
          DEFAULT_POST_MESSAGES,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_RESIZE_MODE,
      g_param_spec_enum ("resize-mode", "Resize mode",
          "How the frame is fitted to the model input",
          GST_TYPE_MNV2_RESIZE_MODE, DEFAULT_RESIZE_MODE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_INPUT_MEAN,
      g_param_spec_double ("input-mean", "Input mean",
          "Float-input models: the input is (pixel - input-mean) / input-std; "
          "unset: the model's metadata, else 127.5",
          -1e6, 1e6, DEFAULT_INPUT_MEAN,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_INPUT_STD,
      g_param_spec_double ("input-std", "Input standard deviation",
          "Float-input models: the input is (pixel - input-mean) / input-std; "
          "unset: the model's metadata, else 127.5",
          1e-6, 1e6, DEFAULT_INPUT_STD,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));

  g_object_class_install_property (gobject_class, PROP_MAX_MEMORY,
      g_param_spec_uint64 ("max-memory", "Maximum memory",
          "Refuse (going to READY) a model that needs more bytes than this: "
          "its file, all that loading it allocates (packed weights "
          "included) and its session (activation arena, each thread's "
          "scratch, output copies); the loader stops as soon as it passes "
          "the limit (0: no cap beyond the core's 1 GiB per model)",
          0, G_MAXUINT64, 0,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));

  g_object_class_install_property (gobject_class, PROP_INFERENCE_MODE,
      g_param_spec_enum ("inference-mode", "Inference mode",
          "sync: the model runs on the streaming thread and a frame's "
          "results are on that frame (recording files, offline analysis); "
          "live: the streaming thread never runs the model: frames chosen "
          "by inference-interval are pre-processed and handed to a worker "
          "thread (the newest replaces one still waiting), and every frame "
          "carries the latest results (cameras, previews, streaming)",
          GST_TYPE_MNV2_INFERENCE_MODE, DEFAULT_INFERENCE_MODE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_MAX_RESULT_AGE,
      g_param_spec_uint ("max-result-age", "Maximum result age",
          "Frames carry a result only while it is at most this many ms "
          "(running time) older than they are (0: no limit)",
          0, G_MAXUINT, DEFAULT_MAX_RESULT_AGE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "frames (passed), analysed (inferences run to a result), skipped "
          "(frames due for analysis that were not: late by QoS, or replaced "
          "while the live worker was busy), mean-inference-ms (per analysed "
          "frame, all its crops), result-age-ms (how much older than the "
          "last frame its result was; -1: it carried none)",
          GST_TYPE_STRUCTURE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}
