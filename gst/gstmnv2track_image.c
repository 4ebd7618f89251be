#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include "gstmnv2track_image.h"

GST_DEBUG_CATEGORY_EXTERN (gst_mnv2_track_debug);
#define GST_CAT_DEFAULT gst_mnv2_track_debug

void
mnv2_track_image_clear (Mnv2TrackImage *img)
{
  g_clear_pointer (&img->prev, g_free);
  img->have_prev = FALSE;
  img->comp = -1;
}

void
mnv2_track_image_reset (Mnv2TrackImage *img)
{
  img->have_prev = FALSE;
}

void
mnv2_track_image_set_info (Mnv2TrackImage *img, const GstVideoInfo *info)
{
  const GstVideoFormatInfo *f = info->finfo;
  mnv2_track_image_clear (img);
  /* Luma for YUV and grey, green (most of luma) for RGB; 8-bit samples a
   * byte apart or more, not tiled, no palette. */
  const gint c = GST_VIDEO_FORMAT_INFO_IS_RGB (f) ? 1 : 0;
  if (GST_VIDEO_FORMAT_INFO_FORMAT (f) == GST_VIDEO_FORMAT_UNKNOWN ||
      GST_VIDEO_FORMAT_INFO_FORMAT (f) == GST_VIDEO_FORMAT_ENCODED ||
      GST_VIDEO_FORMAT_INFO_IS_TILED (f) ||
      GST_VIDEO_FORMAT_INFO_HAS_PALETTE (f) ||
      GST_VIDEO_FORMAT_INFO_DEPTH (f, c) != 8 ||
      GST_VIDEO_FORMAT_INFO_BITS (f) != 8 ||
      GST_VIDEO_FORMAT_INFO_PSTRIDE (f, c) < 1 ||
      GST_VIDEO_INFO_WIDTH (info) < 4 || GST_VIDEO_INFO_HEIGHT (info) < 4) {
    GST_INFO ("format %s: no 8-bit luma or green plane, short-term tracking "
              "predicts without the image",
        gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (info)));
    return;
  }
  img->info = *info;
  img->comp = c;
  img->width = GST_VIDEO_INFO_COMP_WIDTH (info, c);
  img->height = GST_VIDEO_INFO_COMP_HEIGHT (info, c);
}

gboolean
mnv2_track_image_begin (Mnv2TrackImage *img, GstBuffer *buf, GstObject *element)
{
  img->mapped = FALSE;
  if (img->comp < 0)
    return FALSE;
  if (!img->prev) /* on first use: the mode can be chosen while playing */
    img->prev = g_malloc ((gsize) img->width * img->height);
  /* No reference taken: the buffer stays writable for the ROI metas. */
  if (!gst_video_frame_map (&img->frame, &img->info, buf,
          GST_MAP_READ | GST_VIDEO_FRAME_MAP_FLAG_NO_REF)) {
    if (!img->warned)
      GST_WARNING_OBJECT (element,
          "cannot read the frames' pixels "
          "(memory not mappable?): short-term "
          "tracking predicts without the image");
    img->warned = TRUE;
    return FALSE;
  }
  const gint c = img->comp;
  img->cur = (mnv_plane){ GST_VIDEO_FRAME_COMP_DATA (&img->frame, c),
    img->width, img->height, GST_VIDEO_FRAME_COMP_PSTRIDE (&img->frame, c),
    GST_VIDEO_FRAME_COMP_STRIDE (&img->frame, c) };
  img->mapped = TRUE;
  return TRUE;
}

gboolean
mnv2_track_image_ready (const Mnv2TrackImage *img)
{
  return img->mapped && img->have_prev;
}

int
mnv2_track_image_motion (void *user, const float box[4], float guess_dx,
    float guess_dy, float *dx, float *dy)
{
  Mnv2TrackImage *img = user;
  if (!mnv2_track_image_ready (img) || !isfinite (guess_dx) ||
      !isfinite (guess_dy) || fabsf (guess_dx) > img->width ||
      fabsf (guess_dy) > img->height)
    return 0;
  const mnv_plane prev = { img->prev, img->width, img->height, 1, img->width };
  /* The window grows with the object: larger objects move more pixels. */
  const float size = MAX (box[2] - box[0], box[3] - box[1]);
  const int radius = (int) CLAMP (size / 10.0f, 8.0f, 16.0f);
  int ix, iy;
  if (!mnv_motion_estimate (&prev, &img->cur, box, (int) lrintf (guess_dx),
          (int) lrintf (guess_dy), radius, &ix, &iy))
    return 0;
  *dx = (float) ix;
  *dy = (float) iy;
  return 1;
}

void
mnv2_track_image_end (Mnv2TrackImage *img, gboolean keep)
{
  if (!img->mapped)
    return;
  const mnv_plane *p = &img->cur;
  for (gint y = 0; y < img->height && keep; y++) {
    const guint8 *src = p->data + (gsize) y * p->row_stride;
    guint8 *dst = img->prev + (gsize) y * img->width;
    if (p->pixel_stride == 1) {
      memcpy (dst, src, (gsize) img->width);
    } else {
      for (gint x = 0; x < img->width; x++)
        dst[x] = src[(gsize) x * p->pixel_stride];
    }
  }
  img->have_prev = keep;
  gst_video_frame_unmap (&img->frame);
  img->mapped = FALSE;
}
