#include "mask_blend.h"

#include <string.h>

/* The PASCAL VOC colour of class ID (the standard bit-interleaved map, the
 * one DeepLab's demos draw with): bits of the id spread over the high bits
 * of R, G, B in turn. */
static void
pascal_voc_colour (guint id, guint8 rgb[3])
{
  rgb[0] = rgb[1] = rgb[2] = 0;
  for (gint shift = 7; shift >= 0 && id; shift--, id >>= 3) {
    rgb[0] |= (guint8) ((id & 1) << shift);
    rgb[1] |= (guint8) (((id >> 1) & 1) << shift);
    rgb[2] |= (guint8) (((id >> 2) & 1) << shift);
  }
}

static void
to_yuv (const Mnv2MaskPalette *pal, const guint8 rgb[3], guint8 yuv[3])
{
  const gdouble kr = pal->kr, kb = pal->kb, kg = 1.0 - kr - kb;
  const gboolean full = pal->full_range;
  const gdouble r = rgb[0] / 255.0, g = rgb[1] / 255.0, b = rgb[2] / 255.0;
  const gdouble y = kr * r + kg * g + kb * b;
  const gdouble u = (b - y) / (2.0 * (1.0 - kb));
  const gdouble v = (r - y) / (2.0 * (1.0 - kr));
  const gdouble ys = full ? 255.0 : 219.0, yo = full ? 0.0 : 16.0;
  const gdouble cs = full ? 255.0 : 224.0;
  yuv[0] = (guint8) CLAMP (yo + y * ys + 0.5, 0, 255);
  yuv[1] = (guint8) CLAMP (128.0 + u * cs + 0.5, 0, 255);
  yuv[2] = (guint8) CLAMP (128.0 + v * cs + 0.5, 0, 255);
}

void
mnv2_mask_palette_init (Mnv2MaskPalette *pal, const GstVideoInfo *info)
{
  pal->kr = 0.299; /* BT.601 unless the caps say */
  pal->kb = 0.114;
  gst_video_color_matrix_get_Kr_Kb (info->colorimetry.matrix, &pal->kr,
      &pal->kb);
  pal->full_range = info->colorimetry.range == GST_VIDEO_COLOR_RANGE_0_255;
  for (guint c = 0; c < 256; c++) {
    pascal_voc_colour (c, pal->rgb[c]);
    to_yuv (pal, pal->rgb[c], pal->yuv[c]);
  }
}

gboolean
mnv2_mask_blend_supports (GstVideoFormat f)
{
  switch (f) {
    case GST_VIDEO_FORMAT_NV12:
    case GST_VIDEO_FORMAT_NV21:
    case GST_VIDEO_FORMAT_I420:
    case GST_VIDEO_FORMAT_YV12:
    case GST_VIDEO_FORMAT_RGBx:
    case GST_VIDEO_FORMAT_BGRx:
    case GST_VIDEO_FORMAT_xRGB:
    case GST_VIDEO_FORMAT_xBGR:
    case GST_VIDEO_FORMAT_RGBA:
    case GST_VIDEO_FORMAT_BGRA:
    case GST_VIDEO_FORMAT_ARGB:
    case GST_VIDEO_FORMAT_ABGR:
    case GST_VIDEO_FORMAT_RGB:
    case GST_VIDEO_FORMAT_BGR: return TRUE;
    default: return FALSE;
  }
}

static inline guint8
mix (guint8 from, guint8 to, guint a)
{
  return (guint8) ((from * (256 - a) + to * a + 128) >> 8);
}

/* Class-map column of each frame column at subsampling 1 << SHIFT (-1:
 * outside the map), and the same for a row. */
static void
column_table (gint *cols, gint n, guint shift, const GstVideoRectangle *r,
    guint w)
{
  for (gint x = 0; x < n; x++) {
    /* 64 bits: the meta's rectangle may hold any ints. */
    const gint64 fx = ((gint64) x << shift) - r->x;
    cols[x] = fx < 0 || fx >= r->w ? -1 : (gint) (fx * w / r->w);
  }
}

static inline gint
map_row (gint y, guint shift, const GstVideoRectangle *r, guint h)
{
  const gint64 fy = ((gint64) y << shift) - r->y;
  return fy < 0 || fy >= r->h ? -1 : (gint) (fy * h / r->h);
}

/* One plane of 8-bit samples, PIXEL_STRIDE bytes apart, subsampled by
 * 1 << XSHIFT, 1 << YSHIFT, with components at OFFSETS (N of them) taking
 * palette columns PAL_IDX of TABLE. */
static void
blend_plane (guint8 *data, gint stride, gint width, gint height, guint xshift,
    guint yshift, gint pixel_stride, const gint *offsets, const gint *pal_idx,
    gint n, const guint8 (*table)[3], const guint8 *map, guint w, guint h,
    guint map_stride, const GstVideoRectangle *rect, guint alpha, gint *cols)
{
  column_table (cols, width, xshift, rect, w);
  /* The map covers one run of columns: loop over that run only. */
  gint xa = 0, xb = width;
  while (xa < width && cols[xa] < 0)
    xa++;
  while (xb > xa && cols[xb - 1] < 0)
    xb--;
  for (gint y = 0; y < height; y++) {
    const gint my = map_row (y, yshift, rect, h);
    if (my < 0)
      continue;
    const guint8 *mrow = map + (gsize) my * map_stride;
    guint8 *row = data + (gsize) y * stride;
    for (gint x = xa; x < xb; x++) {
      const guint8 c = mrow[cols[x]];
      if (!c)
        continue;
      guint8 *p = row + x * pixel_stride;
      for (gint k = 0; k < n; k++)
        p[offsets[k]] = mix (p[offsets[k]], table[c][pal_idx[k]], alpha);
    }
  }
}

/* MAP (W x H, STRIDE) over RECT blended into FRAME with TABLE's colours
 * (RGB or the frame's YUV). */
static void
blend_table (GstVideoFrame *frame, const guint8 *map, guint w, guint h,
    guint stride, const GstVideoRectangle *rect, const guint8 (*table)[3],
    guint alpha)
{
  const GstVideoInfo *info = &frame->info;
  const GstVideoFormatInfo *fi = info->finfo;
  const gint fw = GST_VIDEO_INFO_WIDTH (info);
  const gint fh = GST_VIDEO_INFO_HEIGHT (info);
  if (!w || !h || rect->w <= 0 || rect->h <= 0 || alpha == 0)
    return;
  gint *cols = g_new (gint, fw);

  if (GST_VIDEO_FORMAT_INFO_IS_YUV (fi)) {
    const gint y_off[1] = { 0 }, y_idx[1] = { 0 };
    blend_plane (GST_VIDEO_FRAME_PLANE_DATA (frame, 0),
        GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0), fw, fh, 0, 0, 1, y_off, y_idx,
        1, table, map, w, h, stride, rect, alpha, cols);
    const gint cw = GST_VIDEO_FRAME_COMP_WIDTH (frame, 1);
    const gint ch = GST_VIDEO_FRAME_COMP_HEIGHT (frame, 1);
    const guint xs = GST_VIDEO_FORMAT_INFO_W_SUB (fi, 1);
    const guint ys = GST_VIDEO_FORMAT_INFO_H_SUB (fi, 1);
    if (GST_VIDEO_FORMAT_INFO_N_PLANES (fi) == 2) {
      /* NV12 / NV21: interleaved chroma; component offsets say U vs V. */
      const gint off[2] = { GST_VIDEO_FORMAT_INFO_POFFSET (fi, 1),
        GST_VIDEO_FORMAT_INFO_POFFSET (fi, 2) },
                 idx[2] = { 1, 2 };
      blend_plane (GST_VIDEO_FRAME_PLANE_DATA (frame, 1),
          GST_VIDEO_FRAME_PLANE_STRIDE (frame, 1), cw, ch, xs, ys, 2, off, idx,
          2, table, map, w, h, stride, rect, alpha, cols);
    } else {
      for (gint comp = 1; comp <= 2; comp++) {
        const gint off[1] = { 0 }, idx[1] = { comp };
        const gint plane = GST_VIDEO_FRAME_COMP_PLANE (frame, comp);
        blend_plane (GST_VIDEO_FRAME_PLANE_DATA (frame, plane),
            GST_VIDEO_FRAME_PLANE_STRIDE (frame, plane), cw, ch, xs, ys, 1, off,
            idx, 1, table, map, w, h, stride, rect, alpha, cols);
      }
    }
  } else {
    const gint off[3] = { GST_VIDEO_FORMAT_INFO_POFFSET (fi, 0),
      GST_VIDEO_FORMAT_INFO_POFFSET (fi, 1),
      GST_VIDEO_FORMAT_INFO_POFFSET (fi, 2) },
               idx[3] = { 0, 1, 2 };
    blend_plane (GST_VIDEO_FRAME_PLANE_DATA (frame, 0),
        GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0), fw, fh, 0, 0,
        GST_VIDEO_FRAME_COMP_PSTRIDE (frame, 0), off, idx, 3, table, map, w, h,
        stride, rect, alpha, cols);
  }
  g_free (cols);
}

void
mnv2_mask_blend (GstVideoFrame *frame, const guint8 *map, guint w, guint h,
    guint stride, const GstVideoRectangle *rect, const Mnv2MaskPalette *pal,
    guint alpha)
{
  blend_table (frame, map, w, h, stride, rect,
      GST_VIDEO_FORMAT_INFO_IS_YUV (frame->info.finfo) ? pal->yuv : pal->rgb,
      alpha);
}

/* Blends VALUES (N components at OFFSETS, PIXEL_STRIDE bytes apart) into
 * the samples [x0, x1) x [y0, y1) of one plane. */
static void
fill_plane (guint8 *data, gint stride, gint x0, gint y0, gint x1, gint y1,
    gint pixel_stride, const gint *offsets, const guint8 *values, gint n,
    guint alpha)
{
  for (gint y = y0; y < y1; y++) {
    guint8 *p = data + (gsize) y * stride + (gsize) x0 * pixel_stride;
    for (gint x = x0; x < x1; x++, p += pixel_stride)
      for (gint k = 0; k < n; k++)
        p[offsets[k]] = mix (p[offsets[k]], values[k], alpha);
  }
}

void
mnv2_frame_fill (GstVideoFrame *frame, gint x, gint y, gint w, gint h,
    guint32 argb, const Mnv2MaskPalette *pal)
{
  const GstVideoFormatInfo *fi = frame->info.finfo;
  guint8 c[3] = { (argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff };
  const guint alpha = (argb >> 24) + ((argb >> 24) >> 7); /* 0..256 */
  if (w <= 0 || h <= 0)
    return;
  if (!GST_VIDEO_FORMAT_INFO_IS_YUV (fi)) {
    const gint off[3] = { GST_VIDEO_FORMAT_INFO_POFFSET (fi, 0),
      GST_VIDEO_FORMAT_INFO_POFFSET (fi, 1),
      GST_VIDEO_FORMAT_INFO_POFFSET (fi, 2) };
    fill_plane (GST_VIDEO_FRAME_PLANE_DATA (frame, 0),
        GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0), x, y, x + w, y + h,
        GST_VIDEO_FRAME_COMP_PSTRIDE (frame, 0), off, c, 3, alpha);
    return;
  }
  to_yuv (pal, c, c);
  const gint zero[1] = { 0 };
  fill_plane (GST_VIDEO_FRAME_PLANE_DATA (frame, 0),
      GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0), x, y, x + w, y + h, 1, zero, c,
      1, alpha);
  /* Chroma: every sample the rectangle touches. */
  const gint xs = GST_VIDEO_FORMAT_INFO_W_SUB (fi, 1);
  const gint ys = GST_VIDEO_FORMAT_INFO_H_SUB (fi, 1);
  const gint cx0 = x >> xs, cx1 = ((x + w - 1) >> xs) + 1;
  const gint cy0 = y >> ys, cy1 = ((y + h - 1) >> ys) + 1;
  if (GST_VIDEO_FORMAT_INFO_N_PLANES (fi) == 2) {
    const gint off[2] = { GST_VIDEO_FORMAT_INFO_POFFSET (fi, 1),
      GST_VIDEO_FORMAT_INFO_POFFSET (fi, 2) };
    fill_plane (GST_VIDEO_FRAME_PLANE_DATA (frame, 1),
        GST_VIDEO_FRAME_PLANE_STRIDE (frame, 1), cx0, cy0, cx1, cy1, 2, off,
        c + 1, 2, alpha);
  } else {
    for (gint comp = 1; comp <= 2; comp++) {
      const gint plane = GST_VIDEO_FRAME_COMP_PLANE (frame, comp);
      fill_plane (GST_VIDEO_FRAME_PLANE_DATA (frame, plane),
          GST_VIDEO_FRAME_PLANE_STRIDE (frame, plane), cx0, cy0, cx1, cy1, 1,
          zero, c + comp, 1, alpha);
    }
  }
}
