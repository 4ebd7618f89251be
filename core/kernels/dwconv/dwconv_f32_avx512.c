/* Float DEPTHWISE_CONV_2D, depth multiplier 1, 16 channels per step with
 * FMA; the last partial step is masked.  Plain [k_h][k_w][C] weights. */
#include <immintrin.h>

#include "../kernels.h"
#include "dwconv_taps.h"

void
mnv_f32_dwconv_ukernel__avx512 (MNV_KERNEL_ARGS_F32_CONV)
{
  const int C = g->out_c, taps = g->k_h * g->k_w;
  const __m512 lo = _mm512_set1_ps (p->out_min);
  const __m512 hi = _mm512_set1_ps (p->out_max);
  const float *tap[MNV_DW_MAX_TAPS];
  ptrdiff_t off[MNV_DW_MAX_TAPS];

  mnv_dw_tap_offsets (g, off);
  for (int oy = oy_begin; oy < oy_end; oy++)
    for (int ox = 0; ox < g->out_w; ox++) {
      float *out = output + ((size_t) oy * g->out_w + ox) * C;
      mnv_dw_taps_any (g, input, 4, off, oy, ox, (const void **) tap);
      for (int c = 0; c < C; c += 16) {
        const __mmask16 m = C - c >= 16 ? 0xffff :
            (__mmask16) ((1u << (C - c)) - 1);
        __m512 acc = bias ? _mm512_maskz_loadu_ps (m, bias + c) :
            _mm512_setzero_ps ();
        for (int t = 0; t < taps; t++)
          if (tap[t])
            acc = _mm512_fmadd_ps (_mm512_maskz_loadu_ps (m, tap[t] + c),
                _mm512_maskz_loadu_ps (m, weights + (size_t) t * C + c), acc);
        _mm512_mask_storeu_ps (out + c, m,
            _mm512_min_ps (_mm512_max_ps (acc, lo), hi));
      }
    }
}
