/* Float DEPTHWISE_CONV_2D, depth multiplier 1, 8 channels per step with
 * FMA over the window's taps; plain [k_h][k_w][C] weights.  Every channel
 * adds its taps in window order.  Windows inside the image run 8 (then 4)
 * neighbouring output pixels at a time: each weight vector loaded once for
 * all of them, independent accumulator chains (the scheme of the AVX-512
 * kernel); other pixels list their taps inside the image. */
#include <immintrin.h>

#include "../kernels.h"
#include "../requant.h"
#include "dwconv_taps.h"

static inline __m256
clamp (__m256 v, __m256 lo, __m256 hi)
{
  return _mm256_min_ps (_mm256_max_ps (v, lo), hi);
}

/* Channels [C8, C) of one pixel whose taps are TAP[0..taps) (NULL:
 * padding), one at a time. */
static inline void
tail_channels (int c8, int C, int taps, const float *const *tap,
    const float *weights, const float *bias, float *out,
    const mnv_f32_minmax_params *p)
{
  for (int c = c8; c < C; c++) {
    float acc = bias ? bias[c] : 0.0f;
    for (int t = 0; t < taps; t++)
      if (tap[t])
        acc += tap[t][c] * weights[(size_t) t * C + c];
    out[c] = mnv_f32_clamp (acc, p->out_min, p->out_max);
  }
}

#define TAP(i) \
  a##i = _mm256_fmadd_ps (_mm256_loadu_ps (x + step * (i)), w, a##i)
#define STORE(i) \
  _mm256_storeu_ps (out + (size_t) C * (i) + c, clamp (a##i, lo, hi))

/* The channel tail of NP interior pixels starting at window X0. */
static void
interior_tail (int np, const float *x0, ptrdiff_t step, const ptrdiff_t *off,
    int taps, int C, const float *weights, const float *bias, float *out,
    const mnv_f32_minmax_params *p)
{
  const float *tap[MNV_DW_MAX_TAPS];
  for (int i = 0; i < np; i++) {
    for (int t = 0; t < taps; t++)
      tap[t] = x0 + i * step + off[t];
    tail_channels (C / 8 * 8, C, taps, tap, weights, bias, out + (size_t) i * C,
        p);
  }
}

/* 8 output pixels whose windows are inside the image; X0: the first one's
 * window top-left input element, STEP elements between windows. */
static void
pixels8 (const float *x0, ptrdiff_t step, const ptrdiff_t *off, int taps, int C,
    const float *weights, const float *bias, float *out,
    const mnv_f32_minmax_params *p)
{
  const __m256 lo = _mm256_set1_ps (p->out_min);
  const __m256 hi = _mm256_set1_ps (p->out_max);
  int c = 0;
  for (; c + 8 <= C; c += 8) {
    const __m256 b = bias ? _mm256_loadu_ps (bias + c) : _mm256_setzero_ps ();
    __m256 a0 = b, a1 = b, a2 = b, a3 = b, a4 = b, a5 = b, a6 = b, a7 = b;
    for (int t = 0; t < taps; t++) {
      const float *x = x0 + off[t] + c;
      const __m256 w = _mm256_loadu_ps (weights + (size_t) t * C + c);
      TAP (0);
      TAP (1);
      TAP (2);
      TAP (3);
      TAP (4);
      TAP (5);
      TAP (6);
      TAP (7);
    }
    STORE (0);
    STORE (1);
    STORE (2);
    STORE (3);
    STORE (4);
    STORE (5);
    STORE (6);
    STORE (7);
  }
  if (c < C)
    interior_tail (8, x0, step, off, taps, C, weights, bias, out, p);
}

/* The same for 4 pixels. */
static void
pixels4 (const float *x0, ptrdiff_t step, const ptrdiff_t *off, int taps, int C,
    const float *weights, const float *bias, float *out,
    const mnv_f32_minmax_params *p)
{
  const __m256 lo = _mm256_set1_ps (p->out_min);
  const __m256 hi = _mm256_set1_ps (p->out_max);
  int c = 0;
  for (; c + 8 <= C; c += 8) {
    const __m256 b = bias ? _mm256_loadu_ps (bias + c) : _mm256_setzero_ps ();
    __m256 a0 = b, a1 = b, a2 = b, a3 = b;
    for (int t = 0; t < taps; t++) {
      const float *x = x0 + off[t] + c;
      const __m256 w = _mm256_loadu_ps (weights + (size_t) t * C + c);
      TAP (0);
      TAP (1);
      TAP (2);
      TAP (3);
    }
    STORE (0);
    STORE (1);
    STORE (2);
    STORE (3);
  }
  if (c < C)
    interior_tail (4, x0, step, off, taps, C, weights, bias, out, p);
}

/* One output pixel, any window position. */
static void
pixel_any (const mnv_conv_geom *g, const float *input, const float *weights,
    const float *bias, float *out, const ptrdiff_t *off, int oy, int ox,
    const mnv_f32_minmax_params *p)
{
  const int C = g->out_c, taps = g->k_h * g->k_w;
  const __m256 lo = _mm256_set1_ps (p->out_min);
  const __m256 hi = _mm256_set1_ps (p->out_max);
  const float *tap[MNV_DW_MAX_TAPS];
  mnv_dw_taps_any (g, input, 4, off, oy, ox, (const void **) tap);
  int c = 0;
  for (; c + 8 <= C; c += 8) {
    __m256 acc = bias ? _mm256_loadu_ps (bias + c) : _mm256_setzero_ps ();
    for (int t = 0; t < taps; t++)
      if (tap[t])
        acc = _mm256_fmadd_ps (_mm256_loadu_ps (tap[t] + c),
            _mm256_loadu_ps (weights + (size_t) t * C + c), acc);
    _mm256_storeu_ps (out + c, clamp (acc, lo, hi));
  }
  tail_channels (c, C, taps, tap, weights, bias, out, p);
}

void
mnv_f32_dwconv_1x8__avx2 (MNV_KERNEL_ARGS_F32_CONV)
{
  const int C = g->out_c, taps = g->k_h * g->k_w;
  const ptrdiff_t step = (ptrdiff_t) g->stride_w * g->in_c;
  ptrdiff_t off[MNV_DW_MAX_TAPS];

  mnv_dw_tap_offsets (g, off);
  for (int oy = oy_begin; oy < oy_end; oy++) {
    float *row = output + (size_t) oy * g->out_w * C;
    int x0, x1, ox = 0;
    mnv_dw_interior_cols (g, oy, &x0, &x1);
    for (; ox < x0; ox++)
      pixel_any (g, input, weights, bias, row + (size_t) ox * C, off, oy, ox,
          p);
    if (x0 < x1) {
      const float *win = input +
          ((ptrdiff_t) (oy * g->stride_h - g->pad_top) * g->in_w +
              (ptrdiff_t) ox * g->stride_w - g->pad_left) *
              g->in_c;
      for (; ox + 8 <= x1; ox += 8, win += 8 * step)
        pixels8 (win, step, off, taps, C, weights, bias, row + (size_t) ox * C,
            p);
      for (; ox + 4 <= x1; ox += 4, win += 4 * step)
        pixels4 (win, step, off, taps, C, weights, bias, row + (size_t) ox * C,
            p);
    }
    for (; ox < g->out_w; ox++)
      pixel_any (g, input, weights, bias, row + (size_t) ox * C, off, oy, ox,
          p);
  }
}
