/* What the two pre-processing paths share (private to core/): the exact
 * half-pixel bilinear taps, pixel layouts, the integer YUV conversion and
 * the writes of the model's input type (ref/README.md).  image_ref.c is
 * the per-pixel oracle; image.c the separable path that must give its
 * bytes. */
#ifndef MNV_IMAGE_UTIL_H
#define MNV_IMAGE_UTIL_H

#include <stdint.h>

#include "mnv_image.h"

/* Per-axis sampling of the exact half-pixel bilinear (ref/README.md):
 * output index o of n_out from n_in source samples, den = 2 * n_out. */
typedef struct {
  int i0, i1;
  int64_t f; /* weight of i1, out of den */
} axis_tap;

static inline void
plan_axis (axis_tap *taps, int n_out, int n_in, int src_offset)
{
  const int64_t den = 2 * (int64_t) n_out;
  for (int o = 0; o < n_out; o++) {
    int64_t num = (2 * (int64_t) o + 1) * n_in - n_out;
    if (num < 0)
      num = 0;
    if (num > (int64_t) (n_in - 1) * den)
      num = (int64_t) (n_in - 1) * den;
    int64_t i0 = num / den;
    taps[o].i0 = (int) i0 + src_offset;
    taps[o].i1 = (int) (i0 + 1 < n_in ? i0 + 1 : n_in - 1) + src_offset;
    taps[o].f = num - i0 * den;
  }
}

/* Byte offsets of R, G, B and the pixel size of packed formats. */
static inline int
packed_layout (mnv_pixel_format f, int *r, int *g, int *b, int *bpp)
{
  static const struct {
    signed char r, g, b, bpp;
  } tab[] = {
    [MNV_PIXEL_RGB] = { 0, 1, 2, 3 },
    [MNV_PIXEL_BGR] = { 2, 1, 0, 3 },
    [MNV_PIXEL_RGBX] = { 0, 1, 2, 4 },
    [MNV_PIXEL_BGRX] = { 2, 1, 0, 4 },
    [MNV_PIXEL_XRGB] = { 1, 2, 3, 4 },
    [MNV_PIXEL_XBGR] = { 3, 2, 1, 4 },
    [MNV_PIXEL_RGBA] = { 0, 1, 2, 4 },
    [MNV_PIXEL_BGRA] = { 2, 1, 0, 4 },
    [MNV_PIXEL_ARGB] = { 1, 2, 3, 4 },
    [MNV_PIXEL_ABGR] = { 3, 2, 1, 4 },
  };
  if (f > MNV_PIXEL_ABGR)
    return 0;
  *r = tab[f].r;
  *g = tab[f].g;
  *b = tab[f].b;
  *bpp = tab[f].bpp;
  return 1;
}

static inline uint8_t
clamp_u8 (int v)
{
  return (uint8_t) (v < 0 ? 0 : v > 255 ? 255 : v);
}

/* Integer YUV -> RGB (8-bit fixed point), per the frame's matrix/range. */
typedef struct {
  int y_off, y_mul, rv, gu, gv, bu;
} yuv_coeffs;

static inline yuv_coeffs
yuv_coefficients (mnv_yuv_matrix m, int full)
{
  yuv_coeffs c;
  if (full) {
    c.y_off = 0;
    c.y_mul = 256;
    if (m == MNV_YUV_BT709) {
      c.rv = 403;
      c.gu = 48;
      c.gv = 120;
      c.bu = 475;
    } else {
      c.rv = 359;
      c.gu = 88;
      c.gv = 183;
      c.bu = 454;
    }
  } else {
    c.y_off = 16;
    c.y_mul = 298;
    if (m == MNV_YUV_BT709) {
      c.rv = 459;
      c.gu = 55;
      c.gv = 136;
      c.bu = 541;
    } else {
      c.rv = 409;
      c.gu = 100;
      c.gv = 208;
      c.bu = 516;
    }
  }
  return c;
}

static inline void
yuv_pixel (const mnv_image *im, const yuv_coeffs *c, int x, int y, int rgb[3])
{
  int Y = im->planes[0][(size_t) y * im->strides[0] + x], U, V;
  if (im->format == MNV_PIXEL_NV12) {
    const uint8_t *uv = im->planes[1] + (size_t) (y / 2) * im->strides[1] +
        (size_t) (x / 2) * 2;
    U = uv[0];
    V = uv[1];
  } else {
    U = im->planes[1][(size_t) (y / 2) * im->strides[1] + x / 2];
    V = im->planes[2][(size_t) (y / 2) * im->strides[2] + x / 2];
  }
  int yy = (Y - c->y_off) * c->y_mul + 128, d = U - 128, e = V - 128;
  rgb[0] = clamp_u8 ((yy + c->rv * e) >> 8);
  rgb[1] = clamp_u8 ((yy - c->gu * d - c->gv * e) >> 8);
  rgb[2] = clamp_u8 ((yy + c->bu * d) >> 8);
}

/* The blend of ref/README.md, rounded half up. */
static inline int
blend (int64_t tl, int64_t tr, int64_t bl, int64_t br, int64_t fx, int64_t fy,
    int64_t denx, int64_t deny)
{
  int64_t top = tl * (denx - fx) + tr * fx;
  int64_t bot = bl * (denx - fx) + br * fx;
  int64_t n = top * (deny - fy) + bot * fy, d = denx * deny;
  return clamp_u8 ((int) ((2 * n + d) / (2 * d)));
}

typedef struct {
  mnv_type type;
  float std[3], mean_over_std[3];
} writer;

/* Writes channel C of a pixel at element I of the input. */
static inline void
put (const writer *w, void *out, size_t i, int c, int pixel)
{
  switch (w->type) {
    case MNV_TYPE_UINT8: ((uint8_t *) out)[i] = (uint8_t) pixel; break;
    case MNV_TYPE_INT8: ((int8_t *) out)[i] = (int8_t) (pixel - 128); break;
    default:
      ((float *) out)[i] = (float) pixel / w->std[c] - w->mean_over_std[c];
      break;
  }
}

/* Checks what both paths rely on: an RGB input tensor of a supported
 * type, rectangles inside the frame and the input, the planes there. */
mnv_status mnv_image_check (const mnv_image *im, const mnv_rect *src,
    const mnv_rect *dst, const mnv_tensor_info *info, mnv_error *err);

#endif
