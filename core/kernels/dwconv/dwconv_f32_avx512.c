/* Float DEPTHWISE_CONV_2D, depth multiplier 1, with FMA; plain
 * [k_h][k_w][C] weights.  Every channel adds its taps in window order.
 * - Windows inside the image (most pixels): 8 (then 4) neighbouring output
 *   pixels at a time, 16 channels per step: each weight vector is loaded
 *   once for the 8 pixels, and the 8 accumulators are independent chains
 *   (one accumulator through a 3x3 window is 9 dependent FMAs).  On
 *   MobileNetV2's 112x112x32 layer the per-pixel form spent most of its
 *   time listing taps and waiting on one chain per 16 channels.
 * - Other pixels: the taps inside the image listed once, then 64 channels
 *   in four accumulators, then 16 at a time, the last step masked. */
#include <immintrin.h>

#include "../kernels.h"
#include "dwconv_taps.h"

static inline __mmask16
tail_mask (int left)
{
  return left >= 16 ? 0xffff : (__mmask16) ((1u << left) - 1);
}

static inline __m512
clamp (__m512 v, __m512 lo, __m512 hi)
{
  return _mm512_min_ps (_mm512_max_ps (v, lo), hi);
}

/* One output pixel, any window position. */
static void
pixel_any (const mnv_conv_geom *g, const float *input, const float *weights,
    const float *bias, float *out, const ptrdiff_t *off, int oy, int ox,
    __m512 lo, __m512 hi)
{
  const int C = g->out_c, taps = g->k_h * g->k_w;
  const float *tap[MNV_DW_MAX_TAPS], *wt[MNV_DW_MAX_TAPS];
  int n = 0;
  mnv_dw_taps_any (g, input, 4, off, oy, ox, (const void **) tap);
  for (int t = 0; t < taps; t++)
    if (tap[t]) {
      tap[n] = tap[t];
      wt[n++] = weights + (size_t) t * C;
    }
  int c = 0;
  for (; c + 64 <= C; c += 64) {
    __m512 a0, a1, a2, a3;
    if (bias) {
      a0 = _mm512_loadu_ps (bias + c);
      a1 = _mm512_loadu_ps (bias + c + 16);
      a2 = _mm512_loadu_ps (bias + c + 32);
      a3 = _mm512_loadu_ps (bias + c + 48);
    } else {
      a0 = a1 = a2 = a3 = _mm512_setzero_ps ();
    }
    for (int t = 0; t < n; t++) {
      const float *x = tap[t] + c, *w = wt[t] + c;
      a0 = _mm512_fmadd_ps (_mm512_loadu_ps (x), _mm512_loadu_ps (w), a0);
      a1 = _mm512_fmadd_ps (_mm512_loadu_ps (x + 16), _mm512_loadu_ps (w + 16),
          a1);
      a2 = _mm512_fmadd_ps (_mm512_loadu_ps (x + 32), _mm512_loadu_ps (w + 32),
          a2);
      a3 = _mm512_fmadd_ps (_mm512_loadu_ps (x + 48), _mm512_loadu_ps (w + 48),
          a3);
    }
    _mm512_storeu_ps (out + c, clamp (a0, lo, hi));
    _mm512_storeu_ps (out + c + 16, clamp (a1, lo, hi));
    _mm512_storeu_ps (out + c + 32, clamp (a2, lo, hi));
    _mm512_storeu_ps (out + c + 48, clamp (a3, lo, hi));
  }
  for (; c < C; c += 16) {
    const __mmask16 m = tail_mask (C - c);
    __m512 acc = bias ? _mm512_maskz_loadu_ps (m, bias + c) :
                        _mm512_setzero_ps ();
    for (int t = 0; t < n; t++)
      acc = _mm512_fmadd_ps (_mm512_maskz_loadu_ps (m, tap[t] + c),
          _mm512_maskz_loadu_ps (m, wt[t] + c), acc);
    _mm512_mask_storeu_ps (out + c, m, clamp (acc, lo, hi));
  }
}

#define TAP(i) \
  a##i = _mm512_fmadd_ps (_mm512_maskz_loadu_ps (m, x + step * (i)), w, a##i)
#define STORE(i) \
  _mm512_mask_storeu_ps (out + (size_t) C * (i) + c, m, clamp (a##i, lo, hi))

/* 8 output pixels whose windows are inside the image; X: the first one's
 * window top-left input element, STEP elements between windows. */
static void
pixels8 (const float *x0, ptrdiff_t step, const ptrdiff_t *off, int taps, int C,
    const float *weights, const float *bias, float *out, __m512 lo, __m512 hi)
{
  for (int c = 0; c < C; c += 16) {
    const __mmask16 m = tail_mask (C - c);
    const __m512 b = bias ? _mm512_maskz_loadu_ps (m, bias + c) :
                            _mm512_setzero_ps ();
    __m512 a0 = b, a1 = b, a2 = b, a3 = b, a4 = b, a5 = b, a6 = b, a7 = b;
    for (int t = 0; t < taps; t++) {
      const float *x = x0 + off[t] + c;
      const __m512 w = _mm512_maskz_loadu_ps (m, weights + (size_t) t * C + c);
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
}

/* The same for 4 pixels. */
static void
pixels4 (const float *x0, ptrdiff_t step, const ptrdiff_t *off, int taps, int C,
    const float *weights, const float *bias, float *out, __m512 lo, __m512 hi)
{
  for (int c = 0; c < C; c += 16) {
    const __mmask16 m = tail_mask (C - c);
    const __m512 b = bias ? _mm512_maskz_loadu_ps (m, bias + c) :
                            _mm512_setzero_ps ();
    __m512 a0 = b, a1 = b, a2 = b, a3 = b;
    for (int t = 0; t < taps; t++) {
      const float *x = x0 + off[t] + c;
      const __m512 w = _mm512_maskz_loadu_ps (m, weights + (size_t) t * C + c);
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
}

void
mnv_f32_dwconv_1x16__avx512 (MNV_KERNEL_ARGS_F32_CONV)
{
  const int C = g->out_c, taps = g->k_h * g->k_w;
  const __m512 lo = _mm512_set1_ps (p->out_min);
  const __m512 hi = _mm512_set1_ps (p->out_max);
  const ptrdiff_t step = (ptrdiff_t) g->stride_w * g->in_c;
  ptrdiff_t off[MNV_DW_MAX_TAPS];

  mnv_dw_tap_offsets (g, off);
  for (int oy = oy_begin; oy < oy_end; oy++) {
    float *row = output + (size_t) oy * g->out_w * C;
    int x0, x1, ox = 0;
    mnv_dw_interior_cols (g, oy, &x0, &x1);
    for (; ox < x0; ox++)
      pixel_any (g, input, weights, bias, row + (size_t) ox * C, off, oy, ox,
          lo, hi);
    if (x0 < x1) {
      const float *win = input +
          ((ptrdiff_t) (oy * g->stride_h - g->pad_top) * g->in_w +
              (ptrdiff_t) ox * g->stride_w - g->pad_left) *
              g->in_c;
      for (; ox + 8 <= x1; ox += 8, win += 8 * step)
        pixels8 (win, step, off, taps, C, weights, bias, row + (size_t) ox * C,
            lo, hi);
      for (; ox + 4 <= x1; ox += 4, win += 4 * step)
        pixels4 (win, step, off, taps, C, weights, bias, row + (size_t) ox * C,
            lo, hi);
    }
    for (; ox < g->out_w; ox++)
      pixel_any (g, input, weights, bias, row + (size_t) ox * C, off, oy, ox,
          lo, hi);
  }
}
