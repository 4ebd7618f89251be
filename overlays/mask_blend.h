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

/* One plane's part in blending: its samples (subsampled by 1 << XSHIFT,
 * 1 << YSHIFT), PIXEL_STRIDE bytes apart, N components at OFFSETS taking
 * palette columns PAL_IDX (R, G, B or Y, U, V). */
typedef struct {
  gint plane;
  guint xshift, yshift;
  gint width, height;
  gint pixel_stride;
  gint n;
  gint offsets[3];
  gint pal_idx[3];
} Mnv2BlendPlane;

/* How frames of one format are blended: made once per caps (set_info),
 * used on every frame. */
typedef struct {
  gboolean supported; /* else render an ARGB rectangle, GStreamer blends */
  gboolean yuv;
  guint n_planes;
  Mnv2BlendPlane planes[3];
  gint *cols; /* a class-map column per sample of the widest plane */
} Mnv2BlendPlan;

/* The plan of INFO's format (supported: NV12, NV21, I420, YV12 and 8-bit
 * RGB formats). */
void mnv2_blend_plan_init (Mnv2BlendPlan *plan, const GstVideoInfo *info);
void mnv2_blend_plan_clear (Mnv2BlendPlan *plan);

/* Blends MAP (W x H bytes, STRIDE apart) covering frame rectangle RECT into
 * FRAME (of PLAN's format, supported) with opacity ALPHA (0..256). */
void mnv2_mask_blend (GstVideoFrame *frame, Mnv2BlendPlan *plan,
    const guint8 *map, guint w, guint h, guint stride,
    const GstVideoRectangle *rect, const Mnv2MaskPalette *pal, guint alpha);

/* Fills frame rectangle X, Y, W, H (inside the frame) with colour ARGB
 * (alpha blended), converted with PAL's matrix, touching only the samples
 * of the rectangle: box outlines without an overlay rectangle.  Same
 * formats as mnv2_mask_blend. */
void mnv2_frame_fill (GstVideoFrame *frame, const Mnv2BlendPlan *plan, gint x,
    gint y, gint w, gint h, guint32 argb, const Mnv2MaskPalette *pal);

#endif
