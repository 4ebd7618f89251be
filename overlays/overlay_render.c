#include "overlay_render.h"
#include "overlay_text.h"

#include <pango/pangocairo.h>

/* An ARGB (premultiplied, native-endian like Cairo's ARGB32) buffer with
 * its video meta, as overlay rectangles want it; NULL when it cannot be
 * allocated (the caller draws nothing). */
static GstBuffer *
argb_buffer (gint w, gint h)
{
  if (w <= 0 || h <= 0 || w > 32768 || h > 32768)
    return NULL;
  GstBuffer *buf = gst_buffer_new_allocate (NULL, (gsize) w * h * 4, NULL);
  if (!buf)
    return NULL;
  gst_buffer_add_video_meta (buf, GST_VIDEO_FRAME_FLAG_NONE,
      GST_VIDEO_OVERLAY_COMPOSITION_FORMAT_RGB, w, h);
  return buf;
}

static void
add_rectangle (GstVideoOverlayComposition **comp, GstBuffer *buf, gint x,
    gint y, gint w, gint h)
{
  GstVideoOverlayRectangle *r = gst_video_overlay_rectangle_new_raw (buf, x, y,
      (guint) w, (guint) h, GST_VIDEO_OVERLAY_FORMAT_FLAG_PREMULTIPLIED_ALPHA);
  gst_buffer_unref (buf);
  if (*comp)
    gst_video_overlay_composition_add_rectangle (*comp, r);
  else
    *comp = gst_video_overlay_composition_new (r);
  gst_video_overlay_rectangle_unref (r);
}

static guint32
premultiply (guint32 argb)
{
  const guint a = argb >> 24;
  const guint r = ((argb >> 16) & 0xff) * a / 255;
  const guint g = ((argb >> 8) & 0xff) * a / 255;
  const guint b = (argb & 0xff) * a / 255;
  return (a << 24) | (r << 16) | (g << 8) | b;
}

/* A solid rectangle clipped to the frame. */
static void
add_solid (GstVideoOverlayComposition **comp, gint x, gint y, gint w, gint h,
    guint32 argb, gint fw, gint fh)
{
  gint x0 = MAX (x, 0), y0 = MAX (y, 0);
  gint x1 = MIN (x + w, fw), y1 = MIN (y + h, fh);
  if (x1 <= x0 || y1 <= y0)
    return;
  GstBuffer *buf = argb_buffer (x1 - x0, y1 - y0);
  GstMapInfo map;
  if (!buf || !gst_buffer_map (buf, &map, GST_MAP_WRITE)) {
    gst_clear_buffer (&buf);
    return;
  }
  guint32 *px = (guint32 *) map.data, v = premultiply (argb);
  for (gsize i = 0; i < map.size / 4; i++)
    px[i] = v;
  gst_buffer_unmap (buf, &map);
  add_rectangle (comp, buf, x0, y0, x1 - x0, y1 - y0);
}

/* TEXT in FONT on a BG-coloured plate: returns the buffer and its size,
 * or NULL.  TEXT may be anything (mnv2_overlay_text_prepare). */
static GstBuffer *
render_text (const gchar *raw, const PangoFontDescription *font, guint32 bg,
    gint *out_w, gint *out_h)
{
  gchar *text = mnv2_overlay_text_prepare (raw);
  /* Measure on a scratch surface, then draw on one of the right size. */
  cairo_surface_t *scratch = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1,
      1);
  cairo_t *cr = cairo_create (scratch);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  g_free (text);
  PangoRectangle ink, logical;
  pango_layout_get_pixel_extents (layout, &ink, &logical);
  cairo_destroy (cr);
  cairo_surface_destroy (scratch);

  const gint pad = MAX (2, logical.height / 8);
  const gint w = logical.width + 2 * pad, h = logical.height + pad;
  GstBuffer *buf = argb_buffer (w, h);
  GstMapInfo map;
  if (!buf || !gst_buffer_map (buf, &map, GST_MAP_WRITE)) {
    gst_clear_buffer (&buf);
    g_object_unref (layout);
    return NULL;
  }
  cairo_surface_t *s = cairo_image_surface_create_for_data (map.data,
      CAIRO_FORMAT_ARGB32, w, h, w * 4);
  cr = cairo_create (s);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_rgba (cr, ((bg >> 16) & 0xff) / 255.0,
      ((bg >> 8) & 0xff) / 255.0, (bg & 0xff) / 255.0, (bg >> 24) / 255.0);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  /* Dark text on light plates, white on dark ones. */
  const guint luma = (((bg >> 16) & 0xff) * 299 + ((bg >> 8) & 0xff) * 587 +
                         (bg & 0xff) * 114) /
      1000;
  const gdouble ink_v = luma > 140 && (bg >> 24) > 128 ? 0.0 : 1.0;
  cairo_set_source_rgb (cr, ink_v, ink_v, ink_v);
  cairo_move_to (cr, pad - logical.x, pad / 2 - logical.y);
  pango_layout_set_font_description (layout, font);
  pango_cairo_update_layout (cr, layout);
  pango_cairo_show_layout (cr, layout);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  cairo_surface_destroy (s);
  gst_buffer_unmap (buf, &map);
  g_object_unref (layout);
  *out_w = w;
  *out_h = h;
  return buf;
}

void
mnv2_box_strips (const Mnv2OverlayBox *b, gint lw, gint fw, gint fh,
    Mnv2StripFunc fn, gpointer data)
{
  const gint r[4][4] = {
    { b->x, b->y, b->w, lw },
    { b->x, b->y + b->h - lw, b->w, lw },
    { b->x, b->y + lw, lw, b->h - 2 * lw },
    { b->x + b->w - lw, b->y + lw, lw, b->h - 2 * lw },
  };
  for (int i = 0; i < 4; i++) {
    const gint x0 = MAX (r[i][0], 0), y0 = MAX (r[i][1], 0);
    const gint x1 = MIN (r[i][0] + r[i][2], fw);
    const gint y1 = MIN (r[i][1] + r[i][3], fh);
    if (x1 > x0 && y1 > y0)
      fn (x0, y0, x1 - x0, y1 - y0, b->argb, data);
  }
}

static void
add_strip (gint x, gint y, gint w, gint h, guint32 argb, gpointer comp)
{
  add_solid (comp, x, y, w, h, argb, G_MAXINT, G_MAXINT);
}

void
mnv2_render_boxes (GstVideoOverlayComposition **edges,
    GstVideoOverlayComposition **labels, const Mnv2OverlayBox *boxes, guint n,
    gint lw, const PangoFontDescription *font, gint fw, gint fh,
    const GstVideoRectangle *avoid)
{
  for (guint i = 0; i < n; i++) {
    const Mnv2OverlayBox *b = &boxes[i];
    if (edges && lw > 0)
      mnv2_box_strips (b, lw, fw, fh, add_strip, edges);
    if (labels && b->text && *b->text) {
      gint tw, th;
      GstBuffer *buf = render_text (b->text, font, b->argb, &tw, &th);
      if (!buf)
        continue;
      if (tw > fw || th > fh) {
        gst_buffer_unref (buf);
        continue;
      }
      /* Above the box, else inside its top edge; kept in the frame; below
       * the banner when it would cover it. */
      gint x = CLAMP (b->x, 0, fw - tw);
      gint y = b->y - th >= 0 ? b->y - th : MAX (b->y, 0);
      y = MIN (y, fh - th);
      if (avoid && avoid->w > 0 && avoid->h > 0 && x < avoid->x + avoid->w &&
          avoid->x < x + tw && y < avoid->y + avoid->h && avoid->y < y + th)
        y = MIN (avoid->y + avoid->h, fh - th);
      add_rectangle (labels, buf, x, y, tw, th);
    }
  }
}

void
mnv2_render_banner (GstVideoOverlayComposition **comp, gchar **lines,
    guint n_lines, const PangoFontDescription *font, gint fw, gint fh,
    GstVideoRectangle *area)
{
  const gint margin = MAX (2, fh / 100);
  gint y = margin;
  *area = (GstVideoRectangle){ margin, margin, 0, 0 };
  for (guint i = 0; i < n_lines; i++) {
    gint tw, th;
    GstBuffer *buf = render_text (lines[i], font, 0xa0000000, &tw, &th);
    if (!buf)
      break;
    if (margin + tw > fw || y + th > fh) {
      gst_buffer_unref (buf);
      break;
    }
    add_rectangle (comp, buf, margin, y, tw, th);
    y += th;
    area->w = MAX (area->w, tw);
    area->h = y - margin;
  }
}

GstVideoOverlayRectangle *
mnv2_render_mask (const guint8 *map, guint w, guint h, guint stride,
    const GstVideoRectangle *rect, const Mnv2MaskPalette *pal, guint alpha,
    gint fw, gint fh)
{
  /* The visible part of RECT and the class-map samples it covers (in 64
   * bits: the meta's rectangle may hold any ints). */
  const gint vx0 = MAX (rect->x, 0), vy0 = MAX (rect->y, 0);
  const gint vx1 = (gint) MIN ((gint64) rect->x + rect->w, fw);
  const gint vy1 = (gint) MIN ((gint64) rect->y + rect->h, fh);
  if (vx1 <= vx0 || vy1 <= vy0 || !w || !h || rect->w <= 0 || rect->h <= 0)
    return NULL;
  const gint mx0 = (gint) (((gint64) vx0 - rect->x) * w / rect->w);
  const gint my0 = (gint) (((gint64) vy0 - rect->y) * h / rect->h);
  const gint mx1 = MAX (mx0 + 1,
      (gint) ((((gint64) vx1 - rect->x) * w + rect->w - 1) / rect->w));
  const gint my1 = MAX (my0 + 1,
      (gint) ((((gint64) vy1 - rect->y) * h + rect->h - 1) / rect->h));
  const gint mw = MIN (mx1, (gint) w) - mx0, mh = MIN (my1, (gint) h) - my0;

  GstBuffer *buf = argb_buffer (mw, mh);
  GstMapInfo m;
  if (!buf || !gst_buffer_map (buf, &m, GST_MAP_WRITE)) {
    gst_clear_buffer (&buf);
    return NULL;
  }
  guint32 *px = (guint32 *) m.data;
  const guint a = MIN (alpha, 255);
  guint32 colour[256];
  for (guint c = 0; c < 256; c++)
    colour[c] = c == 0 ?
        0 :
        premultiply ((a << 24) | ((guint32) pal->rgb[c][0] << 16) |
            ((guint32) pal->rgb[c][1] << 8) | pal->rgb[c][2]);
  for (gint y = 0; y < mh; y++)
    for (gint x = 0; x < mw; x++)
      px[(gsize) y * mw + x] =
          colour[map[(gsize) (my0 + y) * stride + mx0 + x]];
  gst_buffer_unmap (buf, &m);
  GstVideoOverlayRectangle *r = gst_video_overlay_rectangle_new_raw (buf, vx0,
      vy0, (guint) (vx1 - vx0), (guint) (vy1 - vy0),
      GST_VIDEO_OVERLAY_FORMAT_FLAG_PREMULTIPLIED_ALPHA);
  gst_buffer_unref (buf);
  return r;
}
