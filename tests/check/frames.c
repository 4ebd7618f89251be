#include <string.h>

#include "frames.h"

static void
rgb_to_yuv (const guint8 *p, gint *y, gint *u, gint *v)
{
  *y = (66 * p[0] + 129 * p[1] + 25 * p[2] + 128) / 256 + 16;
  *u = (-38 * p[0] - 74 * p[1] + 112 * p[2] + 128) / 256 + 128;
  *v = (112 * p[0] - 94 * p[1] - 18 * p[2] + 128) / 256 + 128;
}

GstBuffer *
test_frame_from_rgb (const guint8 *rgb, gint w, gint h, GstVideoFormat format,
    GstVideoInfo *info)
{
  GstVideoFrame frame;
  GstBuffer *buf;

  gst_video_info_set_format (info, format, w, h);
  buf = gst_buffer_new_and_alloc (GST_VIDEO_INFO_SIZE (info));
  gst_buffer_memset (buf, 0, 0x33, GST_VIDEO_INFO_SIZE (info));
  g_assert (gst_video_frame_map (&frame, info, buf, GST_MAP_WRITE));

  if (GST_VIDEO_INFO_IS_RGB (info)) {
    const GstVideoFormatInfo *f = info->finfo;
    guint8 *d = GST_VIDEO_FRAME_PLANE_DATA (&frame, 0);
    gint stride = GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);
    gint ps = GST_VIDEO_FRAME_COMP_PSTRIDE (&frame, 0);
    for (gint yy = 0; yy < h; yy++)
      for (gint x = 0; x < w; x++) {
        guint8 *px = d + yy * stride + x * ps;
        const guint8 *s = rgb + ((gsize) yy * w + x) * 3;
        px[f->poffset[0]] = s[0];
        px[f->poffset[1]] = s[1];
        px[f->poffset[2]] = s[2];
        if (GST_VIDEO_FORMAT_INFO_HAS_ALPHA (f))
          px[f->poffset[3]] = 255;
      }
  } else {
    guint8 *yp = GST_VIDEO_FRAME_PLANE_DATA (&frame, 0);
    gint ys = GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);
    for (gint yy = 0; yy < h; yy++)
      for (gint x = 0; x < w; x++) {
        gint Y, U, V;
        rgb_to_yuv (rgb + ((gsize) yy * w + x) * 3, &Y, &U, &V);
        yp[yy * ys + x] = (guint8) Y;
      }
    for (gint cy = 0; cy < (h + 1) / 2; cy++)
      for (gint cx = 0; cx < (w + 1) / 2; cx++) {
        gint su = 0, sv = 0, n = 0;
        for (gint k = 0; k < 4; k++) {
          gint x = 2 * cx + k % 2, yy = 2 * cy + k / 2, Y, U, V;
          if (x >= w || yy >= h)
            continue;
          rgb_to_yuv (rgb + ((gsize) yy * w + x) * 3, &Y, &U, &V);
          su += U;
          sv += V;
          n++;
        }
        if (format == GST_VIDEO_FORMAT_NV12) {
          guint8 *uv = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 1) +
              cy * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 1) + 2 * cx;
          uv[0] = (guint8) (su / n);
          uv[1] = (guint8) (sv / n);
        } else {
          ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame,
              1))[cy * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 1) + cx] =
              (guint8) (su / n);
          ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame,
              2))[cy * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 2) + cx] =
              (guint8) (sv / n);
        }
      }
  }
  gst_video_frame_unmap (&frame);
  return buf;
}

gchar *
test_frame_caps (const GstVideoInfo *info)
{
  GstCaps *caps = gst_video_info_to_caps (info);
  gchar *s = gst_caps_to_string (caps);
  gst_caps_unref (caps);
  return s;
}
