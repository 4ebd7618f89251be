/* GstMnv2Infer: the model, its labels and its session, from READY on
 * (errors name the file and say what is wrong). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstmnv2infer_priv.h"
#include "gstmnv2modelcache.h"
#include "model_path.h"

GST_DEBUG_CATEGORY_EXTERN (gst_mnv2_infer_debug);
#define GST_CAT_DEFAULT gst_mnv2_infer_debug

void
gst_mnv2_infer_release_model (GstMnv2Infer *self)
{
  GstMnv2InferPrivate *priv = PRIV (self);
  mnv_session_destroy (priv->session);
  priv->session = NULL;
  gst_mnv2_model_cache_release (priv->model);
  priv->model = NULL;
  mnv_labels_clear (&priv->labels);
  g_free (priv->input_buffer);
  priv->input_buffer = NULL;
  g_clear_pointer (&priv->image_prep, mnv_image_prep_free);
  g_clear_pointer (&priv->prep, gst_mnv2_prep_free);
  g_clear_pointer (&priv->input_buffer2, g_free);
  g_clear_pointer (&priv->model_path, g_free);
}

/* The model file to use: the property, else the first default found on
 * the model search path.  NULL after posting an error. */
static gchar *
resolve_model_path (GstMnv2Infer *self, const gchar *model_file)
{
  GstMnv2InferClass *klass = GST_MNV2_INFER_GET_CLASS (self);
  gchar searched[2048] = "";
  GString *names;

  if (model_file && *model_file)
    return g_strdup (model_file);
  for (const gchar *const *n = klass->default_models; n && *n; n++) {
    char *found = mnv_model_find (*n, MNV2_DATADIR, searched, sizeof searched);
    if (found) {
      gchar *path = g_strdup (found);
      free (found);
      GST_INFO_OBJECT (self, "using default model %s", path);
      return path;
    }
  }
  names = g_string_new (NULL);
  for (const gchar *const *n = klass->default_models; n && *n; n++)
    g_string_append_printf (names, "%s%s", names->len ? ", " : "", *n);
  GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
      ("No model-file set, and no default model (%s) was found on the model "
       "search path (%s). Download the models with models/fetch-models.sh, "
       "or set model-file, or MNV2_MODEL_PATH to a folder holding the "
       "model.",
          names->str, searched),
      (NULL));
  g_string_free (names, TRUE);
  return NULL;
}

/* MODEL.tflite without embedded labels: MODEL_labels.txt beside it, if
 * there (models/fetch-models.sh writes one for MediaPipe's SSDLite). */
static void
load_sidecar_labels (GstMnv2Infer *self, const gchar *model_path)
{
  mnv_error err;
  gchar *base = g_str_has_suffix (model_path, ".tflite") ?
      g_strndup (model_path, strlen (model_path) - 7) :
      g_strdup (model_path);
  gchar *sidecar = g_strconcat (base, "_labels.txt", NULL);
  if (g_file_test (sidecar, G_FILE_TEST_IS_REGULAR)) {
    if (mnv_labels_load (sidecar, &PRIV (self)->labels, &err) == MNV_OK)
      GST_INFO_OBJECT (self, "labels from %s", sidecar);
    else
      GST_WARNING_OBJECT (self, "ignoring %s: %s", sidecar, err.message);
  }
  g_free (sidecar);
  g_free (base);
}

/* The model at PATH from the cache, within MAX_MEMORY (0: no cap). */
static gboolean
acquire_model (GstMnv2Infer *self, const gchar *path, guint64 max_memory)
{
  GstMnv2InferPrivate *priv = PRIV (self);
  mnv_error err;
  /* max-memory bounds the loader too (a hostile file cannot make it
   * allocate more before the check below). */
  priv->model = gst_mnv2_model_cache_acquire (path,
      (gsize) MIN (max_memory, G_MAXSIZE), &err);
  if (!priv->model) {
    if (err.status == MNV_ERR_LIMIT && max_memory)
      GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
          ("Model '%s' needs more than max-memory %" G_GUINT64_FORMAT
           " bytes: %s",
              path, max_memory, err.message),
          (NULL));
    else if (err.status == MNV_ERR_IO)
      GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
          ("Could not open the model: %s", err.message), (NULL));
    else
      GST_ELEMENT_ERROR (self, RESOURCE, READ,
          ("Could not load the model: %s", err.message), (NULL));
    return FALSE;
  }
  /* The cap applies before the session allocates its arena (the model may
   * already be loaded, within another element's limit, and shared). */
  const guint64 need = (guint64) mnv_model_memory_bytes (priv->model) +
      mnv_model_arena_bytes (priv->model);
  if (max_memory && need > max_memory) {
    GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
        ("Model '%s' needs %" G_GUINT64_FORMAT " bytes (file and packed "
         "weights %zu + activations %zu), more than max-memory "
         "%" G_GUINT64_FORMAT,
            path, need, mnv_model_memory_bytes (priv->model),
            mnv_model_arena_bytes (priv->model), max_memory),
        (NULL));
    return FALSE;
  }
  return TRUE;
}

/* Whether the model takes one RGB image, and the element accepts it. */
static gboolean
check_input (GstMnv2Infer *self, const gchar *path)
{
  GstMnv2InferClass *klass = GST_MNV2_INFER_GET_CLASS (self);
  GstMnv2InferPrivate *priv = PRIV (self);
  gchar *reason = NULL;
  if (mnv_model_num_inputs (priv->model) != 1 ||
      mnv_model_input_info (priv->model, 0, &priv->input) != MNV_OK ||
      priv->input.rank != 4 || priv->input.dims[0] != 1 ||
      priv->input.dims[3] != 3 ||
      (priv->input.type != MNV_TYPE_UINT8 &&
          priv->input.type != MNV_TYPE_INT8 &&
          priv->input.type != MNV_TYPE_FLOAT32)) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        ("Model '%s' does not take one RGB image ([1,H,W,3] of uint8, int8 "
         "or float32) as input",
            path),
        (NULL));
    return FALSE;
  }
  if (klass->check_model && !klass->check_model (self, priv->model, &reason)) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        ("Model '%s' cannot be used by %s: %s", path, GST_ELEMENT_NAME (self),
            reason),
        (NULL));
    g_free (reason);
    return FALSE;
  }

  return TRUE;
}

/* labels-file, else the model's own labels, else MODEL_labels.txt. */
static gboolean
load_labels (GstMnv2Infer *self, const gchar *path, const gchar *labels_file)
{
  GstMnv2InferPrivate *priv = PRIV (self);
  mnv_error err;
  if (labels_file && *labels_file) {
    if (mnv_labels_load (labels_file, &priv->labels, &err) != MNV_OK) {
      GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ,
          ("Could not read the labels: %s", err.message), (NULL));
      return FALSE;
    }
  } else {
    mnv_labels_from_model (priv->model, &priv->labels);
    if (priv->labels.count == 0)
      load_sidecar_labels (self, path);
  }

  return TRUE;
}

/* The session, its memory within MAX_MEMORY, and the input buffer and
 * normalisation. */
static gboolean
create_session (GstMnv2Infer *self, const gchar *path,
    const mnv_session_options *opts, guint64 max_memory)
{
  GstMnv2InferPrivate *priv = PRIV (self);
  mnv_error err;
  if (mnv_session_create (priv->model, opts, &priv->session, &err)) {
    GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
        ("Could not set up inference for '%s': %s", path, err.message), (NULL));
    return FALSE;
  }
  /* The session as made (its threads' scratch, their plan's arena). */
  const guint64 total = (guint64) mnv_model_memory_bytes (priv->model) +
      mnv_session_memory_bytes (priv->session);
  if (max_memory && total > max_memory) {
    GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
        ("Model '%s' with its session on %d thread(s) needs %" G_GUINT64_FORMAT
         " bytes (model %zu + session %zu), more than "
         "max-memory %" G_GUINT64_FORMAT,
            path, mnv_session_threads (priv->session), total,
            mnv_model_memory_bytes (priv->model),
            mnv_session_memory_bytes (priv->session), max_memory),
        (NULL));
    return FALSE;
  }
  priv->input_buffer = g_malloc (priv->input.bytes);
  /* NULL when memory is short: then planned on every frame. */
  priv->image_prep = mnv_image_prep_new ();
  if (mnv_model_input_normalization (priv->model, priv->meta_mean,
          priv->meta_std) != MNV_OK) {
    for (int c = 0; c < 3; c++) {
      priv->meta_mean[c] = MNV2_DEFAULT_INPUT_MEAN;
      priv->meta_std[c] = MNV2_DEFAULT_INPUT_STD;
    }
  }
  return TRUE;
}

gboolean
gst_mnv2_infer_load_model (GstMnv2Infer *self)
{
  GstMnv2InferPrivate *priv = PRIV (self);
  mnv_session_options opts = { 0 };
  gchar *model_file, *labels_file, *path;

  GST_OBJECT_LOCK (self);
  model_file = g_strdup (priv->model_file);
  labels_file = g_strdup (priv->labels_file);
  opts.threads = priv->threads;
  const guint64 max_memory = priv->max_memory;
  GST_OBJECT_UNLOCK (self);

  path = resolve_model_path (self, model_file);
  g_free (model_file);
  if (!path || !acquire_model (self, path, max_memory) ||
      !check_input (self, path) || !load_labels (self, path, labels_file) ||
      !create_session (self, path, &opts, max_memory)) {
    gst_mnv2_infer_release_model (self);
    g_free (path);
    g_free (labels_file);
    return FALSE;
  }
  GST_INFO_OBJECT (self, "loaded %s: input %dx%d %s, %zu labels, kernels %s",
      path, priv->input.dims[2], priv->input.dims[1],
      mnv_type_name (priv->input.type), priv->labels.count, mnv_isa_name ());
  priv->model_path = path;
  g_free (labels_file);
  return TRUE;
}
