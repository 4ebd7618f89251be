/* Image pre-processing: frame (packed RGB family, NV12, I420; any size and
 * stride) -> model input tensor, in one pass.  Colour conversion, resize and
 * quantization are fused; no full-frame copy is ever made.
 *
 * The resize is the exact integer half-pixel bilinear of the reference
 * inputs (../shared/ref/README.md): on RGB input, stretch mode reproduces
 * them byte for byte. */
#ifndef MNV_IMAGE_H
#define MNV_IMAGE_H

#include <stdint.h>

#include "mnv.h"

typedef enum {
  MNV_PIXEL_RGB,
  MNV_PIXEL_BGR,
  MNV_PIXEL_RGBX,
  MNV_PIXEL_BGRX,
  MNV_PIXEL_XRGB,
  MNV_PIXEL_XBGR,
  MNV_PIXEL_RGBA,
  MNV_PIXEL_BGRA,
  MNV_PIXEL_ARGB,
  MNV_PIXEL_ABGR,
  MNV_PIXEL_NV12,
  MNV_PIXEL_I420
} mnv_pixel_format;

typedef enum {
  MNV_RESIZE_STRETCH,    /* whole frame to whole input */
  MNV_RESIZE_LETTERBOX,  /* keep aspect, pad with black */
  MNV_RESIZE_CENTER_CROP /* keep aspect, crop the frame's centre */
} mnv_resize_mode;

typedef enum { MNV_YUV_BT601, MNV_YUV_BT709 } mnv_yuv_matrix;

typedef struct {
  mnv_pixel_format format;
  int width, height;
  const uint8_t *planes[3]; /* packed: planes[0]; NV12: Y, UV; I420 */
  int strides[3];           /* bytes per row of each plane */
  mnv_yuv_matrix matrix;    /* YUV formats */
  int full_range;           /* YUV: 0-255 instead of 16-235 */
} mnv_image;

typedef struct {
  int x, y, w, h;
} mnv_rect;

/* How pixel values become input values.  Quantized inputs take the pixel
 * itself (uint8) or pixel - 128 (int8), the convention of quantized
 * image models; float inputs take (pixel - mean) / std, computed as
 * pixel / std - mean / std (exactly x / 127.5f - 1.0f for the defaults). */
typedef struct {
  float mean[3], std[3]; /* per R, G, B */
} mnv_normalization;

/* Where the frame's SRC rectangle lands in the model input (DST) for MODE.
 * Stretch: whole to whole; letterbox: whole frame to a centred DST;
 * center-crop: a centred SRC to the whole input. */
void mnv_image_plan (int frame_w, int frame_h, int input_w, int input_h,
    mnv_resize_mode mode, mnv_rect *src, mnv_rect *dst);

/* Maps a box given in normalized model-input coordinates (0..1 of the
 * input's width/height) back to frame pixels through SRC/DST (as from
 * mnv_image_plan), clipped to the FRAME_W x FRAME_H frame.  BOX and OUT are
 * x_min, y_min, x_max, y_max. */
void mnv_image_map_box (const float box[4], int input_w, int input_h,
    const mnv_rect *src, const mnv_rect *dst, int frame_w, int frame_h,
    float out[4]);

/* Writes the model input (NHWC, 3 channels) described by INFO into OUT.
 * SRC/DST as from mnv_image_plan; input pixels outside DST are black. */
mnv_status mnv_image_to_input (const mnv_image *image, const mnv_rect *src,
    const mnv_rect *dst, const mnv_tensor_info *info,
    const mnv_normalization *norm, void *out, mnv_error *err);

/* A pre-processing plan kept across frames: the taps and weights of each
 * output row and column (which source samples, with which weights, at which
 * byte offsets) and the working rows, made for one geometry (pixel format,
 * frame width, SRC, DST, input size) and made again only when it
 * changes: on new caps, or a crop of another place or size.  One per thread
 * (it holds the working rows). */
typedef struct mnv_image_prep mnv_image_prep;

/* NULL when memory is short. */
mnv_image_prep *mnv_image_prep_new (void);
void mnv_image_prep_free (mnv_image_prep *prep);

/* mnv_image_to_input through PREP (the same bytes): the plan is reused when
 * the geometry is the one of the last call: format, input size, DST and
 * SRC's size (not where SRC is: a moving crop of one size keeps its plan;
 * for YUV, the columns are planned once for even and once for odd starts).
 * The frame's size, strides and plane pointers may change from frame to
 * frame.  PREP NULL: planned for this call only (mnv_image_to_input). */
mnv_status mnv_image_to_input_prep (mnv_image_prep *prep,
    const mnv_image *image, const mnv_rect *src, const mnv_rect *dst,
    const mnv_tensor_info *info, const mnv_normalization *norm, void *out,
    mnv_error *err);

/* mnv_image_to_input_prep straight into input INDEX of SESSION (no copy,
 * in the type the session keeps it, mnv_session_input_buffer), its output
 * rows in bands on the session's threads: the same bytes.  What an element
 * does with each frame before mnv_session_run. */
mnv_status mnv_session_set_input_image (mnv_session *session, int index,
    mnv_image_prep *prep, const mnv_image *image, const mnv_rect *src,
    const mnv_rect *dst, const mnv_normalization *norm, mnv_error *err);

/* How many times PREP planned columns (tests: once per geometry and, for
 * YUV, parity of the crop's start). */
int mnv_image_prep_plans (const mnv_image_prep *prep);

/* The same bytes computed pixel by pixel, as ref/README.md writes the
 * arithmetic: the oracle of the tests, and the "before" of
 * `mnv2 bench-image --reference`.  Several times slower. */
mnv_status mnv_image_to_input_ref (const mnv_image *image, const mnv_rect *src,
    const mnv_rect *dst, const mnv_tensor_info *info,
    const mnv_normalization *norm, void *out, mnv_error *err);

#endif
