/* Window taps of one output pixel for the SIMD depthwise kernels: a
 * pointer per tap into the input, NULL where the tap falls in the padding
 * (it contributes (zp - zp) = 0).  Offsets are computed once per call. */
#ifndef MNV_DWCONV_TAPS_H
#define MNV_DWCONV_TAPS_H

#include "../kernels.h"

#define MNV_DW_MAX_TAPS 64

/* OFF[t]: offset (in elements) of tap t from the window's top-left input
 * pixel. */
static inline void
mnv_dw_tap_offsets (const mnv_conv_geom *g, ptrdiff_t *off)
{
  for (int ky = 0; ky < g->k_h; ky++)
    for (int kx = 0; kx < g->k_w; kx++)
      off[ky * g->k_w + kx] = ((ptrdiff_t) ky * g->dil_h * g->in_w +
                                  (ptrdiff_t) kx * g->dil_w) *
          g->in_c;
}

/* Fills PTR[0..taps) for output pixel (OY, OX) of an input with ESIZE-byte
 * elements.  One bounds test covers windows entirely inside the image (most
 * pixels). */
static inline void
mnv_dw_taps_any (const mnv_conv_geom *g, const void *input, size_t esize,
    const ptrdiff_t *off, int oy, int ox, const void **ptr)
{
  const int iy0 = oy * g->stride_h - g->pad_top;
  const int ix0 = ox * g->stride_w - g->pad_left;
  const int taps = g->k_h * g->k_w;
  if (iy0 >= 0 && iy0 + (g->k_h - 1) * g->dil_h < g->in_h && ix0 >= 0 &&
      ix0 + (g->k_w - 1) * g->dil_w < g->in_w) {
    const char *base = (const char *) input +
        ((ptrdiff_t) iy0 * g->in_w + ix0) * g->in_c * (ptrdiff_t) esize;
    for (int t = 0; t < taps; t++)
      ptr[t] = base + off[t] * (ptrdiff_t) esize;
    return;
  }
  for (int ky = 0; ky < g->k_h; ky++) {
    const int iy = iy0 + ky * g->dil_h;
    for (int kx = 0; kx < g->k_w; kx++) {
      const int ix = ix0 + kx * g->dil_w;
      ptr[ky * g->k_w + kx] = iy < 0 || iy >= g->in_h || ix < 0 ||
              ix >= g->in_w ?
          NULL :
          (const char *) input +
              ((ptrdiff_t) iy * g->in_w + ix) * g->in_c * (ptrdiff_t) esize;
    }
  }
}

/* The output columns [*X0, *X1) of row OY whose windows lie entirely inside
 * the image (none when the row's window crosses the top or bottom). */
static inline void
mnv_dw_interior_cols (const mnv_conv_geom *g, int oy, int *x0, int *x1)
{
  const int iy0 = oy * g->stride_h - g->pad_top;
  *x0 = *x1 = 0;
  if (iy0 < 0 || iy0 + (g->k_h - 1) * g->dil_h >= g->in_h)
    return;
  /* ox * stride_w - pad_left >= 0 and
   * ox * stride_w - pad_left + (k_w - 1) * dil_w <= in_w - 1 */
  const int first = g->pad_left <= 0 ?
      0 :
      (g->pad_left + g->stride_w - 1) / g->stride_w;
  const int room = g->in_w - 1 - (g->k_w - 1) * g->dil_w + g->pad_left;
  if (room < 0)
    return;
  int last = room / g->stride_w + 1;
  if (last > g->out_w)
    last = g->out_w;
  if (first < last) {
    *x0 = first;
    *x1 = last;
  }
}

static inline void
mnv_dw_taps (const mnv_conv_geom *g, const int8_t *input, const ptrdiff_t *off,
    int oy, int ox, const int8_t **ptr)
{
  mnv_dw_taps_any (g, input, 1, off, oy, ox, (const void **) ptr);
}

#endif
