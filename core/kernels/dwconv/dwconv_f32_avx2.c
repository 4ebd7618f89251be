/* Float DEPTHWISE_CONV_2D, depth multiplier 1, 8 channels per step with
 * FMA over the window's taps; plain [k_h][k_w][C] weights. */
#include <immintrin.h>

#include "../kernels.h"
#include "../requant.h"
#include "dwconv_taps.h"

void
mnv_f32_dwconv_ukernel__avx2 (MNV_KERNEL_ARGS_F32_CONV)
{
  const int C = g->out_c, taps = g->k_h * g->k_w;
  const __m256 lo = _mm256_set1_ps (p->out_min);
  const __m256 hi = _mm256_set1_ps (p->out_max);
  const float *tap[MNV_DW_MAX_TAPS];
  ptrdiff_t off[MNV_DW_MAX_TAPS];

  mnv_dw_tap_offsets (g, off);
  for (int oy = oy_begin; oy < oy_end; oy++)
    for (int ox = 0; ox < g->out_w; ox++) {
      float *out = output + ((size_t) oy * g->out_w + ox) * C;
      mnv_dw_taps_any (g, input, 4, off, oy, ox, (const void **) tap);
      int c = 0;
      for (; c + 8 <= C; c += 8) {
        __m256 acc = bias ? _mm256_loadu_ps (bias + c) : _mm256_setzero_ps ();
        for (int t = 0; t < taps; t++)
          if (tap[t])
            acc = _mm256_fmadd_ps (_mm256_loadu_ps (tap[t] + c),
                _mm256_loadu_ps (weights + (size_t) t * C + c), acc);
        _mm256_storeu_ps (out + c, _mm256_min_ps (_mm256_max_ps (acc, lo),
                hi));
      }
      for (; c < C; c++) {
        float acc = bias ? bias[c] : 0.0f;
        for (int t = 0; t < taps; t++)
          if (tap[t])
            acc += tap[t][c] * weights[(size_t) t * C + c];
        out[c] = mnv_f32_clamp (acc, p->out_min, p->out_max);
      }
    }
}
