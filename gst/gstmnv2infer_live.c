/* GstMnv2Infer, inference-mode=live: the streaming thread makes the job,
 * the worker (gstmnv2live.c) runs it, every frame carries the newest
 * result. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstmnv2infer_priv.h"

GST_DEBUG_CATEGORY_EXTERN (gst_mnv2_infer_debug);
#define GST_CAT_DEFAULT gst_mnv2_infer_debug

/* The worker's side of inference-mode=live: runs the job's inputs and
 * decodes them into a result. */
GstMnv2Result *
gst_mnv2_infer_live_run (gpointer owner, GstMnv2LiveJob *job)
{
  GstMnv2Infer *self = owner;
  GstMnv2InferClass *klass = GST_MNV2_INFER_GET_CLASS (self);
  GstMnv2InferPrivate *priv = PRIV (self);
  const gsize bytes = priv->input.bytes;
  const guint n = job->by_regions ? job->regions->len : 1;
  GstMnv2Result *r = gst_mnv2_result_new (klass->free_payload);
  mnv_error err;

  r->pts = job->pts;
  r->running_time = job->running_time;
  r->geometry = job->geometry;
  if (job->by_regions)
    r->regions = g_array_copy (job->regions);
  for (guint i = 0; i < n; i++) {
    if (mnv_session_set_input (priv->session, 0, job->inputs + i * bytes, bytes,
            &err) != MNV_OK ||
        mnv_session_run (priv->session, &err) != MNV_OK) {
      GST_ELEMENT_ERROR (self, STREAM, FAILED,
          ("Inference failed: %s", err.message),
          ("on the inference-mode=live worker thread"));
      gst_mnv2_result_unref (r);
      return NULL;
    }
    gpointer payload = klass->decode (self, &job->geometry);
    if (!payload) {
      GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
          ("Could not store "
           "the results of an inference (out of memory)"),
          ("on the inference-mode=live worker thread"));
      gst_mnv2_result_unref (r);
      return NULL;
    }
    if (r->regions)
      g_array_index (r->regions, GstMnv2RegionResult, i).payload = payload;
    else
      r->payload = payload;
  }
  return r;
}

/* inference-mode=live, a frame chosen for analysis: its model input (or
 * its crops') made here, run by the worker. */
static GstFlowReturn
live_submit (GstMnv2Infer *self, GstVideoFrame *frame, gboolean regions)
{
  GstMnv2InferClass *klass = GST_MNV2_INFER_GET_CLASS (self);
  GstMnv2InferPrivate *priv = PRIV (self);
  const gsize bytes = priv->input.bytes;
  GArray *crops = NULL;
  mnv_normalization norm;
  mnv_image image;
  mnv_error err;
  guint n = 1;

  if (regions) {
    crops = g_array_new (FALSE, TRUE, sizeof (GstMnv2RegionResult));
    klass->collect_regions (self, frame->buffer, GST_VIDEO_FRAME_WIDTH (frame),
        GST_VIDEO_FRAME_HEIGHT (frame), crops);
    /* None: an empty result, in its turn after the jobs before it. */
    n = crops->len;
  }
  /* Three jobs circulate (filled, waiting, running): max-memory bounds
   * them with the model. */
  GST_OBJECT_LOCK (self);
  const guint64 max_memory = priv->max_memory;
  GST_OBJECT_UNLOCK (self);
  const guint64 need = (guint64) mnv_model_memory_bytes (priv->model) +
      mnv_session_memory_bytes (priv->session) + 3 * (guint64) n * bytes;
  if (max_memory && need > max_memory) {
    GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
        ("inference-mode=live "
         "needs %" G_GUINT64_FORMAT " bytes for %u crops of this frame "
         "(three model inputs each, with the model and its session), "
         "more than max-memory %" G_GUINT64_FORMAT,
            need, n, max_memory),
        (NULL));
    g_clear_pointer (&crops, g_array_unref);
    return GST_FLOW_ERROR;
  }
  GstMnv2LiveJob *job = gst_mnv2_live_job_to_fill (priv->live,
      (gsize) n * bytes);
  if (!job) {
    GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
        ("Could not allocate "
         "%" G_GSIZE_FORMAT " bytes for the model inputs of %u crops",
            (gsize) n * bytes, n),
        (NULL));
    if (crops)
      g_array_unref (crops);
    return GST_FLOW_ERROR;
  }
  job->pts = GST_BUFFER_PTS (frame->buffer);
  job->running_time = gst_mnv2_infer_running_time (self, frame->buffer);
  job->geometry = gst_mnv2_infer_current_geometry (self);
  job->by_regions = crops != NULL;
  gst_mnv2_infer_frame_image (self, frame, &image, &norm);
  for (guint i = 0; i < (crops ? crops->len : 1); i++) {
    mnv_rect src = priv->frame_rect, dst = priv->input_rect;
    if (crops) {
      GstMnv2RegionResult *c = &g_array_index (crops, GstMnv2RegionResult, i);
      if (!gst_mnv2_infer_plan_region (self, frame, &c->box, &src, &dst)) {
        g_array_unref (crops);
        return gst_mnv2_infer_region_outside (self, &c->box) ? GST_FLOW_OK :
                                                               GST_FLOW_ERROR;
      }
    }
    if (mnv_image_to_input_prep (priv->image_prep, &image, &src, &dst,
            &priv->input, &norm, job->inputs + i * bytes, &err) != MNV_OK) {
      if (crops)
        g_array_unref (crops);
      return gst_mnv2_infer_preprocess_failed (self, &err);
    }
  }
  if (crops) {
    g_array_append_vals (job->regions, crops->data, crops->len);
    g_array_unref (crops);
  }
  gst_mnv2_live_submit (priv->live);
  return GST_FLOW_OK;
}

GstFlowReturn
gst_mnv2_infer_transform_live (GstMnv2Infer *self, GstVideoFrame *frame,
    gboolean due, gboolean regions)
{
  GstMnv2InferPrivate *priv = PRIV (self);
  GstMnv2Result *result;
  gboolean fresh;

  if (gst_mnv2_live_failed (priv->live))
    return GST_FLOW_ERROR; /* the worker posted the error */
  if (due) {
    GstFlowReturn ret = live_submit (self, frame, regions);
    if (ret != GST_FLOW_OK)
      return ret;
    priv->run_next = FALSE;
  }
  result = gst_mnv2_live_take_result (priv->live, &fresh);
  gst_mnv2_infer_attach_result (self, frame->buffer, result, fresh);
  if (result)
    gst_mnv2_result_unref (result);
  return GST_FLOW_OK;
}
