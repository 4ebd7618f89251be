/* CONV_2D as GEMM: filling the rows of A (im2col), one output pixel per
 * row, for the int16 GEMM, the int8 dot-product GEMM and float32. */
#include <string.h>

#include "conv_priv.h"

static void
conv_fill_a_f32 (const void *ctx, const mnv_gemm *gm, int m0, int m1, void *out)
{
  const fill_ctx *f = ctx;
  const mnv_conv_geom *g = f->g;
  const float *input = f->input;
  /* A window row of a narrow input (RGB) is a few contiguous floats: copied
   * inline (a memcpy call per 3 floats made the 224x224 stem convolution's
   * im2col cost four times its GEMM). */
  const int span = g->in_c * g->k_w;
  const int narrow = g->dil_w == 1 && span <= 32;

  for (int m = m0; m < m1; m++) {
    float *d = (float *) out + (size_t) (m - m0) * gm->kpad;
    const int oy = m / g->out_w, ox = m % g->out_w;
    const int iy0 = oy * g->stride_h - g->pad_top;
    const int ix0 = ox * g->stride_w - g->pad_left;
    if (narrow && ix0 >= 0 && ix0 + g->k_w <= g->in_w) {
      for (int ky = 0; ky < g->k_h; ky++, d += span) {
        const int iy = iy0 + ky * g->dil_h;
        if (iy < 0 || iy >= g->in_h) {
          for (int i = 0; i < span; i++)
            d[i] = 0.0f;
        } else {
          const float *src = input + ((size_t) iy * g->in_w + ix0) * g->in_c;
          for (int i = 0; i < span; i++)
            d[i] = src[i];
        }
      }
      continue;
    }
    for (int ky = 0; ky < g->k_h; ky++) {
      const int iy = iy0 + ky * g->dil_h;
      for (int kx = 0; kx < g->k_w; kx++, d += g->in_c) {
        const int ix = ix0 + kx * g->dil_w;
        if (iy < 0 || iy >= g->in_h || ix < 0 || ix >= g->in_w)
          memset (d, 0, (size_t) g->in_c * 4);
        else
          memcpy (d, input + ((size_t) iy * g->in_w + ix) * g->in_c,
              (size_t) g->in_c * 4);
      }
    }
  }
}

/* Whether output pixel M's window lies inside the image. */
static inline int
window_inside (const mnv_conv_geom *g, int m)
{
  const int iy = (m / g->out_w) * g->stride_h - g->pad_top;
  const int ix = (m % g->out_w) * g->stride_w - g->pad_left;
  return iy >= 0 && iy + (g->k_h - 1) * g->dil_h < g->in_h && ix >= 0 &&
      ix + (g->k_w - 1) * g->dil_w < g->in_w;
}

/* The input of window row KY of output pixel M (inside the image). */
static inline const int8_t *
row_start (const mnv_conv_geom *g, const int8_t *input, int m, int ky)
{
  const int iy = (m / g->out_w) * g->stride_h - g->pad_top + ky * g->dil_h;
  const int ix = (m % g->out_w) * g->stride_w - g->pad_left;
  return input + ((size_t) iy * g->in_w + ix) * g->in_c;
}

static void
conv_fill_a (const void *ctx, const mnv_gemm *gm, int m0, int m1, void *out)
{
  const fill_ctx *f = ctx;
  const int8_t *input = f->input;
  int16_t *dst = out;
  const mnv_conv_geom *g = f->g;
  const int pointwise = mnv_conv_geom_is_pointwise (g);
  /* Narrow inputs (RGB): a window row is one short contiguous span; convert
   * it with one 16-wide pack (the scratch has slack for the overshoot, and
   * the read must stay inside the tensor). */
  const int span = g->in_c * g->k_w;
  const int short_span = g->dil_w == 1 && span <= 16 && g->in_c < 16;
  const int8_t *end = input + (size_t) g->in_h * g->in_w * g->in_c;

  for (int m = m0; m < m1; m++) {
    int16_t *row = dst + (size_t) (m - m0) * gm->kpad;
    if (pointwise) {
      gm->pack ((size_t) g->in_c, input + (size_t) m * g->in_c, f->zp, row);
    } else if (short_span && window_inside (g, m) &&
        row_start (g, input, m, g->k_h - 1) + 16 <= end) {
      int16_t *d = row;
      for (int ky = 0; ky < g->k_h; ky++, d += span)
        gm->pack (16, row_start (g, input, m, ky), f->zp, d);
    } else {
      const int oy = m / g->out_w, ox = m % g->out_w;
      int16_t *d = row;
      for (int ky = 0; ky < g->k_h; ky++) {
        const int iy = oy * g->stride_h - g->pad_top + ky * g->dil_h;
        for (int kx = 0; kx < g->k_w; kx++, d += g->in_c) {
          const int ix = ox * g->stride_w - g->pad_left + kx * g->dil_w;
          if (iy < 0 || iy >= g->in_h || ix < 0 || ix >= g->in_w) {
            memset (d, 0, (size_t) g->in_c * 2);
          } else {
            const int8_t *src = input + ((size_t) iy * g->in_w + ix) * g->in_c;
            if (g->in_c < 16) {
              /* Narrow inputs (RGB): a kernel call per pixel costs more
               * than the few values it converts. */
              for (int c = 0; c < g->in_c; c++)
                d[c] = (int16_t) (src[c] - f->zp);
            } else {
              gm->pack ((size_t) g->in_c, src, f->zp, d);
            }
          }
        }
      }
    }
    if (gm->kpad > gm->k)
      row[gm->k] = 0;
  }
}

/* Rows of A for the int8 dot-product GEMM: the window's stored int8
 * inputs as they are (the kernel corrects for the zero point), padding
 * the zero point itself, the columns past K zero (see
 * mnv_gemm_prepare_dot). */
static void
conv_fill_a_dot (const void *ctx, const mnv_gemm *gm, int m0, int m1, void *out)
{
  const fill_ctx *f = ctx;
  const int8_t *input = f->input;
  const mnv_conv_geom *g = f->g;
  const int span = g->in_c * g->k_w;
  const ptrdiff_t row_step = (ptrdiff_t) g->dil_h * g->in_w * g->in_c;
  /* A window row of a narrow input (RGB: 9 bytes for 3x3) is copied as one
   * 16-byte move, rows in order so each overshoot is overwritten by the
   * next row (the scratch has slack past the last); the read must stay
   * inside the tensor.  Per-row memcpy calls and divisions had made this
   * fill cost most of the 224x224 stem convolution. */
  const int short_span = g->dil_w == 1 && span <= 16;
  const int8_t *end = input + (size_t) g->in_h * g->in_w * g->in_c;
  int oy = m0 / g->out_w, ox = m0 % g->out_w;

  for (int m = m0; m < m1; m++) {
    int8_t *row = (int8_t *) out + (size_t) (m - m0) * gm->kpad;
    int8_t *d = row;
    const int iy0 = oy * g->stride_h - g->pad_top;
    const int ix0 = ox * g->stride_w - g->pad_left;
    const int8_t *src = input + ((ptrdiff_t) iy0 * g->in_w + ix0) * g->in_c;
    if (short_span && iy0 >= 0 && iy0 + (g->k_h - 1) * g->dil_h < g->in_h &&
        ix0 >= 0 && ix0 + g->k_w <= g->in_w &&
        src + (g->k_h - 1) * row_step + 16 <= end) {
      for (int ky = 0; ky < g->k_h; ky++, d += span, src += row_step)
        memcpy (d, src, 16);
    } else {
      for (int ky = 0; ky < g->k_h; ky++) {
        const int iy = iy0 + ky * g->dil_h;
        for (int kx = 0; kx < g->k_w; kx++, d += g->in_c) {
          const int ix = ix0 + kx * g->dil_w;
          if (iy < 0 || iy >= g->in_h || ix < 0 || ix >= g->in_w)
            memset (d, (int8_t) f->zp, (size_t) g->in_c);
          else
            memcpy (d, input + ((size_t) iy * g->in_w + ix) * g->in_c,
                (size_t) g->in_c);
        }
      }
    }
    for (int k = gm->k; k < gm->kpad; k++)
      row[k] = 0;
    if (++ox == g->out_w) {
      ox = 0;
      oy++;
    }
  }
}

mnv_gemm_fill_a
mnv_conv_fill_for (const conv_params *p)
{
  return !p->quantized ? conv_fill_a_f32 :
      p->gemm.dot      ? conv_fill_a_dot :
                         conv_fill_a;
}
