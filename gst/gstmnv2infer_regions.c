/* GstMnv2Infer: running the model on crops of a frame (mnv2classify on
 * detected objects), each brought to the model input as a whole frame
 * would be. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstmnv2infer_priv.h"

GST_DEBUG_CATEGORY_EXTERN (gst_mnv2_infer_debug);
#define GST_CAT_DEFAULT gst_mnv2_infer_debug

/* Where REGION of FRAME (clipped) goes through the resize mode; FALSE for
 * an empty region. */
gboolean
gst_mnv2_infer_plan_region (GstMnv2Infer *self, GstVideoFrame *frame,
    const GstVideoRectangle *region, mnv_rect *src, mnv_rect *dst)
{
  GstMnv2InferPrivate *priv = PRIV (self);
  const gint fw = GST_VIDEO_FRAME_WIDTH (frame);
  const gint fh = GST_VIDEO_FRAME_HEIGHT (frame);
  /* In 64 bits: x + w of any two ints fits. */
  const gint x0 = CLAMP (region->x, 0, fw), y0 = CLAMP (region->y, 0, fh);
  const gint x1 = (gint) CLAMP ((gint64) region->x + region->w, 0, fw);
  const gint y1 = (gint) CLAMP ((gint64) region->y + region->h, 0, fh);
  mnv_resize_mode mode;

  if (x1 <= x0 || y1 <= y0)
    return FALSE;
  GST_OBJECT_LOCK (self);
  mode = priv->resize_mode;
  GST_OBJECT_UNLOCK (self);
  /* Plan as for a frame of the region's size, then move into the frame. */
  mnv_image_plan (x1 - x0, y1 - y0, priv->input.dims[2], priv->input.dims[1],
      mode, src, dst);
  src->x += x0;
  src->y += y0;
  return TRUE;
}

gboolean
gst_mnv2_infer_region_outside (GstMnv2Infer *self, const GstVideoRectangle *r)
{
  GST_ELEMENT_ERROR (self, STREAM, FAILED,
      ("Region %dx%d at %d,%d has no "
       "pixels inside the frame",
          r->w, r->h, r->x, r->y),
      (NULL));
  return FALSE;
}

gboolean
gst_mnv2_infer_run_regions (GstMnv2Infer *self, GstVideoFrame *frame,
    const GstVideoRectangle *regions, guint n, GstMnv2RegionDone done,
    gpointer user_data)
{
  GstMnv2InferPrivate *priv = PRIV (self);
  mnv_normalization norm;
  mnv_image image;
  mnv_error err;
  GstMnv2PrepJob next;

  if (n == 0)
    return TRUE;
  gst_mnv2_infer_frame_image (self, frame, &image, &norm);
  /* With a one-thread session a second core is idle during inference: it
   * pre-processes the next crop meanwhile. */
  const gboolean overlap = n > 1 && mnv_session_threads (priv->session) == 1 &&
      g_get_num_processors () > 1;
  if (overlap && !priv->input_buffer2)
    priv->input_buffer2 = g_malloc (priv->input.bytes);
  if (overlap && !priv->prep)
    priv->prep = gst_mnv2_prep_new ();
  guint8 *bufs[2] = { priv->input_buffer,
    overlap ? priv->input_buffer2 : priv->input_buffer };
  mnv_rect src, dst;

  gint64 start = g_get_monotonic_time ();
  if (!gst_mnv2_infer_plan_region (self, frame, &regions[0], &src, &dst))
    return gst_mnv2_infer_region_outside (self, &regions[0]);
  if (mnv_image_to_input_prep (priv->image_prep, &image, &src, &dst,
          &priv->input, &norm, bufs[0], &err) != MNV_OK)
    return gst_mnv2_infer_preprocess_failed (self, &err) == GST_FLOW_OK;
  for (guint i = 0; i < n; i++) {
    const gboolean more = i + 1 < n;
    if (more &&
        !gst_mnv2_infer_plan_region (self, frame, &regions[i + 1], &next.src,
            &next.dst))
      return gst_mnv2_infer_region_outside (self, &regions[i + 1]);
    if (more && overlap) {
      next.image = &image;
      next.norm = &norm;
      next.input = &priv->input;
      next.out = bufs[(i + 1) % 2];
      gst_mnv2_prep_submit (priv->prep, &next);
    }
    GstFlowReturn ret = gst_mnv2_infer_run_prepared (self, bufs[i % 2], start);
    if (more && overlap)
      gst_mnv2_prep_wait (priv->prep);
    if (ret != GST_FLOW_OK)
      return FALSE;
    done (self, i, user_data);
    if (!more)
      break;
    start = g_get_monotonic_time ();
    if (!overlap)
      next.status = mnv_image_to_input_prep (priv->image_prep, &image,
          &next.src, &next.dst, &priv->input, &norm, bufs[(i + 1) % 2],
          &next.err);
    if (next.status != MNV_OK)
      return gst_mnv2_infer_preprocess_failed (self, &next.err) == GST_FLOW_OK;
  }
  return TRUE;
}
