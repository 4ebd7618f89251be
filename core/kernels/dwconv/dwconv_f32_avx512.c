/* Float DEPTHWISE_CONV_2D, depth multiplier 1, 16 channels per step with
 * FMA; the last partial step is masked.  Plain [k_h][k_w][C] weights. */
#include <immintrin.h>

#include "../kernels.h"

void
mnv_f32_dwconv_ukernel__avx512 (MNV_KERNEL_ARGS_F32_CONV)
{
  const int C = g->out_c;
  const __m512 lo = _mm512_set1_ps (p->out_min);
  const __m512 hi = _mm512_set1_ps (p->out_max);

  for (int oy = oy_begin; oy < oy_end; oy++)
    for (int ox = 0; ox < g->out_w; ox++) {
      float *out = output + ((size_t) oy * g->out_w + ox) * C;
      for (int c = 0; c < C; c += 16) {
        const __mmask16 m = C - c >= 16 ? 0xffff :
            (__mmask16) ((1u << (C - c)) - 1);
        __m512 acc = bias ? _mm512_maskz_loadu_ps (m, bias + c) :
            _mm512_setzero_ps ();
        for (int ky = 0; ky < g->k_h; ky++) {
          int iy = oy * g->stride_h - g->pad_top + ky * g->dil_h;
          if (iy < 0 || iy >= g->in_h)
            continue;
          for (int kx = 0; kx < g->k_w; kx++) {
            int ix = ox * g->stride_w - g->pad_left + kx * g->dil_w;
            if (ix < 0 || ix >= g->in_w)
              continue;
            acc = _mm512_fmadd_ps (_mm512_maskz_loadu_ps (m, input +
                    ((size_t) iy * g->in_w + ix) * g->in_c + c),
                _mm512_maskz_loadu_ps (m, weights +
                    ((size_t) ky * g->k_w + kx) * C + c), acc);
          }
        }
        _mm512_mask_storeu_ps (out + c, m,
            _mm512_min_ps (_mm512_max_ps (acc, lo), hi));
      }
    }
}
