/* Blends a segmentation class map straight into a video frame with a
 * palette: no full-frame ARGB layer.  Luma (or RGB) is blended at full
 * resolution, chroma at the format's subsampled resolution, each sample
 * taking the class at its position.  Class 0 (background) is left as is. */
#ifndef MNV2_MASK_BLEND_H
#define MNV2_MASK_BLEND_H

#include <gst/video/video.h>

typedef struct {
  guint8 rgb[256][3];
  guint8 yuv[256][3]; /* in the frame's matrix and range */
  gdouble kr, kb;     /* the frame's matrix */
  gboolean full_range;
} Mnv2MaskPalette;

/* The palette of CLASS ids in RGB and in INFO's YUV colorimetry. */
void mnv2_mask_palette_init (Mnv2MaskPalette *pal, const GstVideoInfo *info);

/* Whether mnv2_mask_blend handles FORMAT (else render the mask as an ARGB
 * rectangle and use GStreamer's blending). */
gboolean mnv2_mask_blend_supports (GstVideoFormat format);

/* Blends MAP (W x H bytes, STRIDE apart) covering frame rectangle RECT into
 * FRAME with opacity ALPHA (0..256). */
void mnv2_mask_blend (GstVideoFrame *frame, const guint8 *map, guint w, guint h,
    guint stride, const GstVideoRectangle *rect, const Mnv2MaskPalette *pal,
    guint alpha);

/* Fills frame rectangle X, Y, W, H (inside the frame) with colour ARGB
 * (alpha blended), converted with PAL's matrix, touching only the samples
 * of the rectangle: box outlines without an overlay rectangle.  Same
 * formats as mnv2_mask_blend. */
void mnv2_frame_fill (GstVideoFrame *frame, gint x, gint y, gint w, gint h,
    guint32 argb, const Mnv2MaskPalette *pal);

#endif
