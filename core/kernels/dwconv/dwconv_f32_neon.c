/* Float DEPTHWISE_CONV_2D for NEON, depth multiplier 1, 8 channels per step
 * with fused multiply-adds over the window's taps; plain [k_h][k_w][C]
 * weights. */
#include <arm_neon.h>

#include "../kernels.h"
#include "../requant.h"
#include "dwconv_taps.h"

void
mnv_f32_dwconv_1x8__neon (MNV_KERNEL_ARGS_F32_CONV)
{
  const int C = g->out_c, taps = g->k_h * g->k_w;
  const float32x4_t lo = vdupq_n_f32 (p->out_min);
  const float32x4_t hi = vdupq_n_f32 (p->out_max);
  const float *tap[MNV_DW_MAX_TAPS];
  ptrdiff_t off[MNV_DW_MAX_TAPS];

  mnv_dw_tap_offsets (g, off);
  for (int oy = oy_begin; oy < oy_end; oy++)
    for (int ox = 0; ox < g->out_w; ox++) {
      float *out = output + ((size_t) oy * g->out_w + ox) * C;
      mnv_dw_taps_any (g, input, 4, off, oy, ox, (const void **) tap);
      int c = 0;
      for (; c + 8 <= C; c += 8) {
        float32x4_t a0 = bias ? vld1q_f32 (bias + c) : vdupq_n_f32 (0.0f);
        float32x4_t a1 = bias ? vld1q_f32 (bias + c + 4) : vdupq_n_f32 (0.0f);
        for (int t = 0; t < taps; t++)
          if (tap[t]) {
            const float *wt = weights + (size_t) t * C + c;
            a0 = vfmaq_f32 (a0, vld1q_f32 (tap[t] + c), vld1q_f32 (wt));
            a1 = vfmaq_f32 (a1, vld1q_f32 (tap[t] + c + 4), vld1q_f32 (wt + 4));
          }
        vst1q_f32 (out + c, vminq_f32 (vmaxnmq_f32 (a0, lo), hi));
        vst1q_f32 (out + c + 4, vminq_f32 (vmaxnmq_f32 (a1, lo), hi));
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
