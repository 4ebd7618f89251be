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

static gboolean
supported (GstVideoFormat f)
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

void
mnv2_blend_plan_init (Mnv2BlendPlan *plan, const GstVideoInfo *info)
{
  const GstVideoFormatInfo *fi = info->finfo;
  mnv2_blend_plan_clear (plan);
  plan->supported = supported (GST_VIDEO_INFO_FORMAT (info));
  plan->yuv = GST_VIDEO_FORMAT_INFO_IS_YUV (fi);
  if (!plan->supported)
    return;
  Mnv2BlendPlane *pl = plan->planes;
  if (!plan->yuv) {
    /* One plane of R, G, B (and padding) bytes. */
    *pl = (Mnv2BlendPlane){ 0, 0, 0, GST_VIDEO_INFO_WIDTH (info),
      GST_VIDEO_INFO_HEIGHT (info), GST_VIDEO_INFO_COMP_PSTRIDE (info, 0), 3,
      { GST_VIDEO_FORMAT_INFO_POFFSET (fi, 0),
          GST_VIDEO_FORMAT_INFO_POFFSET (fi, 1),
          GST_VIDEO_FORMAT_INFO_POFFSET (fi, 2) },
      { 0, 1, 2 } };
    plan->n_planes = 1;
  } else {
    const guint xs = GST_VIDEO_FORMAT_INFO_W_SUB (fi, 1);
    const guint ys = GST_VIDEO_FORMAT_INFO_H_SUB (fi, 1);
    const gint cw = GST_VIDEO_INFO_COMP_WIDTH (info, 1);
    const gint ch = GST_VIDEO_INFO_COMP_HEIGHT (info, 1);
    pl[0] = (Mnv2BlendPlane){ 0, 0, 0, GST_VIDEO_INFO_WIDTH (info),
      GST_VIDEO_INFO_HEIGHT (info), 1, 1, { 0 }, { 0 } };
    if (GST_VIDEO_FORMAT_INFO_N_PLANES (fi) == 2) {
      /* NV12 / NV21: interleaved chroma; component offsets say U vs V. */
      pl[1] = (Mnv2BlendPlane){ 1, xs, ys, cw, ch, 2, 2,
        { GST_VIDEO_FORMAT_INFO_POFFSET (fi, 1),
            GST_VIDEO_FORMAT_INFO_POFFSET (fi, 2) },
        { 1, 2 } };
      plan->n_planes = 2;
    } else {
      for (gint comp = 1; comp <= 2; comp++)
        pl[comp] = (Mnv2BlendPlane){ GST_VIDEO_INFO_COMP_PLANE (info, comp), xs,
          ys, cw, ch, 1, 1, { 0 }, { comp } };
      plan->n_planes = 3;
    }
  }
  plan->cols = g_new (gint, MAX (pl[0].width, 1));
}

void
mnv2_blend_plan_clear (Mnv2BlendPlan *plan)
{
  g_free (plan->cols);
  memset (plan, 0, sizeof *plan);
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

/* One plane of PL's layout, its components taking their palette columns
 * of TABLE where the class map says. */
static void
blend_plane (guint8 *data, gint stride, const Mnv2BlendPlane *pl,
    const guint8 (*table)[3], const guint8 *map, guint w, guint h,
    guint map_stride, const GstVideoRectangle *rect, guint alpha, gint *cols)
{
  column_table (cols, pl->width, pl->xshift, rect, w);
  /* The map covers one run of columns: loop over that run only. */
  gint xa = 0, xb = pl->width;
  while (xa < pl->width && cols[xa] < 0)
    xa++;
  while (xb > xa && cols[xb - 1] < 0)
    xb--;
  for (gint y = 0; y < pl->height; y++) {
    const gint my = map_row (y, pl->yshift, rect, h);
    if (my < 0)
      continue;
    const guint8 *mrow = map + (gsize) my * map_stride;
    guint8 *row = data + (gsize) y * stride;
    for (gint x = xa; x < xb; x++) {
      const guint8 c = mrow[cols[x]];
      if (!c)
        continue;
      guint8 *p = row + x * pl->pixel_stride;
      for (gint k = 0; k < pl->n; k++)
        p[pl->offsets[k]] = mix (p[pl->offsets[k]], table[c][pl->pal_idx[k]],
            alpha);
    }
  }
}

void
mnv2_mask_blend (GstVideoFrame *frame, Mnv2BlendPlan *plan, const guint8 *map,
    guint w, guint h, guint stride, const GstVideoRectangle *rect,
    const Mnv2MaskPalette *pal, guint alpha)
{
  if (!plan->supported || !w || !h || rect->w <= 0 || rect->h <= 0 ||
      alpha == 0)
    return;
  const guint8 (*table)[3] = plan->yuv ? pal->yuv : pal->rgb;
  for (guint i = 0; i < plan->n_planes; i++) {
    const Mnv2BlendPlane *pl = &plan->planes[i];
    blend_plane (GST_VIDEO_FRAME_PLANE_DATA (frame, pl->plane),
        GST_VIDEO_FRAME_PLANE_STRIDE (frame, pl->plane), pl, table, map, w, h,
        stride, rect, alpha, plan->cols);
  }
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
mnv2_frame_fill (GstVideoFrame *frame, const Mnv2BlendPlan *plan, gint x,
    gint y, gint w, gint h, guint32 argb, const Mnv2MaskPalette *pal)
{
  guint8 c[3] = { (argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff };
  const guint alpha = (argb >> 24) + ((argb >> 24) >> 7); /* 0..256 */
  if (w <= 0 || h <= 0 || !plan->supported)
    return;
  if (plan->yuv)
    to_yuv (pal, c, c);
  for (guint i = 0; i < plan->n_planes; i++) {
    const Mnv2BlendPlane *pl = &plan->planes[i];
    guint8 values[3];
    for (gint k = 0; k < pl->n; k++)
      values[k] = c[pl->pal_idx[k]];
    /* Every sample the rectangle touches. */
    fill_plane (GST_VIDEO_FRAME_PLANE_DATA (frame, pl->plane),
        GST_VIDEO_FRAME_PLANE_STRIDE (frame, pl->plane), x >> pl->xshift,
        y >> pl->yshift, ((x + w - 1) >> pl->xshift) + 1,
        ((y + h - 1) >> pl->yshift) + 1, pl->pixel_stride, pl->offsets, values,
        pl->n, alpha);
  }
}
