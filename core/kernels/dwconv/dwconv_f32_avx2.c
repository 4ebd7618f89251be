/* Float DEPTHWISE_CONV_2D, depth multiplier 1, 8 channels per step with
 * FMA over the window's taps; plain [k_h][k_w][C] weights. */
#include <immintrin.h>

#include "../kernels.h"
#include "../requant.h"

void
mnv_f32_dwconv_ukernel__avx2 (MNV_KERNEL_ARGS_F32_CONV)
{
  const int C = g->out_c;
  const __m256 lo = _mm256_set1_ps (p->out_min);
  const __m256 hi = _mm256_set1_ps (p->out_max);

  for (int oy = oy_begin; oy < oy_end; oy++)
    for (int ox = 0; ox < g->out_w; ox++) {
      float *out = output + ((size_t) oy * g->out_w + ox) * C;
      int c = 0;
      for (; c + 8 <= C; c += 8) {
        __m256 acc = bias ? _mm256_loadu_ps (bias + c) : _mm256_setzero_ps ();
        for (int ky = 0; ky < g->k_h; ky++) {
          int iy = oy * g->stride_h - g->pad_top + ky * g->dil_h;
          if (iy < 0 || iy >= g->in_h)
            continue;
          for (int kx = 0; kx < g->k_w; kx++) {
            int ix = ox * g->stride_w - g->pad_left + kx * g->dil_w;
            if (ix < 0 || ix >= g->in_w)
              continue;
            acc = _mm256_fmadd_ps (_mm256_loadu_ps (input +
                    ((size_t) iy * g->in_w + ix) * g->in_c + c),
                _mm256_loadu_ps (weights + ((size_t) ky * g->k_w + kx) * C +
                    c), acc);
          }
        }
        _mm256_storeu_ps (out + c, _mm256_min_ps (_mm256_max_ps (acc, lo),
                hi));
      }
      for (; c < C; c++) {
        float acc = bias ? bias[c] : 0.0f;
        for (int ky = 0; ky < g->k_h; ky++) {
          int iy = oy * g->stride_h - g->pad_top + ky * g->dil_h;
          if (iy < 0 || iy >= g->in_h)
            continue;
          for (int kx = 0; kx < g->k_w; kx++) {
            int ix = ox * g->stride_w - g->pad_left + kx * g->dil_w;
            if (ix < 0 || ix >= g->in_w)
              continue;
            acc += input[((size_t) iy * g->in_w + ix) * g->in_c + c] *
                weights[((size_t) ky * g->k_w + kx) * C + c];
          }
        }
        out[c] = mnv_f32_clamp (acc, p->out_min, p->out_max);
      }
    }
}
