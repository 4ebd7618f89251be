/* Renders what mnv2overlay draws into ARGB GstVideoOverlayRectangles that
 * cover only the drawn pixels: four thin strips per box, one rectangle per
 * label, one for the classification banner; the segmentation mask as a
 * rectangle at class-map resolution that the blender scales. */
#ifndef MNV2_OVERLAY_RENDER_H
#define MNV2_OVERLAY_RENDER_H

#include <gst/video/video.h>
#include <pango/pango.h>

#include "mask_blend.h"

typedef struct {
  gint x, y, w, h; /* frame pixels */
  guint32 argb;    /* colour */
  gchar *text;     /* label text, or NULL */
} Mnv2OverlayBox;

/* Adds to *EDGES the outlines of the boxes (LINE_WIDTH pixels, four strips
 * each) and to *LABELS their label plates in FONT, for a FRAME_W x FRAME_H
 * frame; either may be NULL to skip it (compositions are created when
 * *EDGES / *LABELS is NULL).  A plate goes above its box, else inside its
 * top edge; when that would cover AVOID (the banner; may be NULL or empty)
 * it goes below AVOID instead. */
void mnv2_render_boxes (GstVideoOverlayComposition **edges,
    GstVideoOverlayComposition **labels, const Mnv2OverlayBox *boxes, guint n,
    gint line_width, const PangoFontDescription *font, gint frame_w,
    gint frame_h, const GstVideoRectangle *avoid);
/* The outline strips of box B as rectangles, calling FN for each (x, y,
 * w, h), clipped to the frame. */
typedef void (*Mnv2StripFunc) (gint x, gint y, gint w, gint h, guint32 argb,
    gpointer data);
void mnv2_box_strips (const Mnv2OverlayBox *b, gint line_width, gint frame_w,
    gint frame_h, Mnv2StripFunc fn, gpointer data);
/* The banner lines at the top left; *AREA receives the rectangle they
 * cover (empty when none). */
void mnv2_render_banner (GstVideoOverlayComposition **comp, gchar **lines,
    guint n_lines, const PangoFontDescription *font, gint frame_w, gint frame_h,
    GstVideoRectangle *area);

/* The class map MAP (W x H, STRIDE) covering frame rectangle RECT as one
 * ARGB rectangle of the map's resolution (classes 0 transparent), clipped
 * to the frame; NULL when nothing of it is inside the frame. */
GstVideoOverlayRectangle *mnv2_render_mask (const guint8 *map, guint w, guint h,
    guint stride, const GstVideoRectangle *rect, const Mnv2MaskPalette *pal,
    guint alpha, gint frame_w, gint frame_h);

#endif
