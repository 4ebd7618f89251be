/* GstMnv2Result: a reference-counted inference result. */
#include "gstmnv2result.h"

static void
result_clear (gpointer data)
{
  GstMnv2Result *r = data;
  if (r->free_payload && r->payload)
    r->free_payload (r->payload);
  if (r->regions) {
    for (guint i = 0; i < r->regions->len; i++) {
      GstMnv2RegionResult *c = &g_array_index (r->regions, GstMnv2RegionResult,
          i);
      if (r->free_payload && c->payload)
        r->free_payload (c->payload);
    }
    g_array_unref (r->regions);
  }
}

GstMnv2Result *
gst_mnv2_result_new (GDestroyNotify free_payload)
{
  GstMnv2Result *r = g_atomic_rc_box_new0 (GstMnv2Result);
  r->pts = GST_CLOCK_TIME_NONE;
  r->running_time = GST_CLOCK_TIME_NONE;
  r->free_payload = free_payload;
  return r;
}

GstMnv2Result *
gst_mnv2_result_ref (GstMnv2Result *result)
{
  return g_atomic_rc_box_acquire (result);
}

void
gst_mnv2_result_unref (GstMnv2Result *result)
{
  g_atomic_rc_box_release_full (result, result_clear);
}

void
gst_mnv2_result_replace (GstMnv2Result **ptr, GstMnv2Result *result)
{
  GstMnv2Result *old = *ptr;
  *ptr = result ? gst_mnv2_result_ref (result) : NULL;
  if (old)
    gst_mnv2_result_unref (old);
}

gboolean
gst_mnv2_result_fits (const GstMnv2Result *result, gint width, gint height,
    gdouble *sx, gdouble *sy)
{
  const gint w = result->geometry.width, h = result->geometry.height;
  if (w <= 0 || h <= 0 || width <= 0 || height <= 0)
    return FALSE;
  /* Same shape: w/h == width/height, compared exactly in 64 bits. */
  if ((gint64) w * height != (gint64) h * width)
    return FALSE;
  *sx = (gdouble) width / w;
  *sy = (gdouble) height / h;
  return TRUE;
}
