/* Float DEPTHWISE_CONV_2D, depth multiplier 1, with FMA; plain
 * [k_h][k_w][C] weights.  Per output pixel the taps inside the image are
 * listed once; then 64 channels at a time in four independent accumulators
 * (one accumulator through the 9 taps of a 3x3 window is a chain of
 * dependent FMAs: 4 of them in flight hide its latency; 2x faster on
 * MobileNetV2's layers), then 16 at a time, the last step masked.  Every
 * channel adds its taps in window order. */
#include <immintrin.h>

#include "../kernels.h"
#include "dwconv_taps.h"

void
mnv_f32_dwconv_ukernel__avx512 (MNV_KERNEL_ARGS_F32_CONV)
{
  const int C = g->out_c, taps = g->k_h * g->k_w;
  const __m512 lo = _mm512_set1_ps (p->out_min);
  const __m512 hi = _mm512_set1_ps (p->out_max);
  const float *tap[MNV_DW_MAX_TAPS], *wt[MNV_DW_MAX_TAPS];
  ptrdiff_t off[MNV_DW_MAX_TAPS];

  mnv_dw_tap_offsets (g, off);
  for (int oy = oy_begin; oy < oy_end; oy++)
    for (int ox = 0; ox < g->out_w; ox++) {
      float *out = output + ((size_t) oy * g->out_w + ox) * C;
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
          a1 = _mm512_fmadd_ps (_mm512_loadu_ps (x + 16),
              _mm512_loadu_ps (w + 16), a1);
          a2 = _mm512_fmadd_ps (_mm512_loadu_ps (x + 32),
              _mm512_loadu_ps (w + 32), a2);
          a3 = _mm512_fmadd_ps (_mm512_loadu_ps (x + 48),
              _mm512_loadu_ps (w + 48), a3);
        }
        _mm512_storeu_ps (out + c, _mm512_min_ps (_mm512_max_ps (a0, lo), hi));
        _mm512_storeu_ps (out + c + 16,
            _mm512_min_ps (_mm512_max_ps (a1, lo), hi));
        _mm512_storeu_ps (out + c + 32,
            _mm512_min_ps (_mm512_max_ps (a2, lo), hi));
        _mm512_storeu_ps (out + c + 48,
            _mm512_min_ps (_mm512_max_ps (a3, lo), hi));
      }
      for (; c < C; c += 16) {
        const __mmask16 m = C - c >= 16 ? 0xffff :
            (__mmask16) ((1u << (C - c)) - 1);
        __m512 acc = bias ? _mm512_maskz_loadu_ps (m, bias + c) :
            _mm512_setzero_ps ();
        for (int t = 0; t < n; t++)
          acc = _mm512_fmadd_ps (_mm512_maskz_loadu_ps (m, tap[t] + c),
              _mm512_maskz_loadu_ps (m, wt[t] + c), acc);
        _mm512_mask_storeu_ps (out + c, m,
            _mm512_min_ps (_mm512_max_ps (acc, lo), hi));
      }
    }
}
