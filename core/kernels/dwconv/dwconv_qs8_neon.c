/* DEPTHWISE_CONV_2D for NEON, depth multiplier 1, any window, stride,
 * dilation and padding, 8 channels per step: the 8-channel layout of
 * dwconv_pack.h, whose tap pairs VLD2 splits into one vector per tap;
 * widening multiply-accumulates give exact int32 sums.  Channels past the
 * last full block use the plain weights, as the x86 kernels do. */
#include <arm_neon.h>

#include "../kernels.h"
#include "../requant.h"
#include "../requant_neon.h"
#include "dwconv_pack.h"
#include "dwconv_taps.h"

#define B 8

void
mnv_qs8_dwconv_1x8__neon (MNV_KERNEL_ARGS_QS8_CONV)
{
  const int taps = g->k_h * g->k_w, C = g->out_c, blocks = C / B;
  const size_t block_bytes = mnv_dw_block_bytes (B, taps);
  const int16_t *plain = (const int16_t *) ((const uint8_t *) weights +
      mnv_dw_plain_offset (B, taps, C));
  const int16x8_t vzp = vdupq_n_s16 ((int16_t) p->in_zp);
  const int32x4_t ozp = vdupq_n_s32 (p->out_zp);
  const int8x8_t omin = vdup_n_s8 ((int8_t) p->out_min);
  const int8x8_t omax = vdup_n_s8 ((int8_t) p->out_max);
  const int8_t *tap[MNV_DW_MAX_TAPS + 1];
  ptrdiff_t off[MNV_DW_MAX_TAPS];

  mnv_dw_tap_offsets (g, off);
  tap[taps] = NULL; /* the partner of an odd last tap */
  for (int oy = oy_begin; oy < oy_end; oy++) {
    for (int ox = 0; ox < g->out_w; ox++) {
      mnv_dw_taps (g, input, off, oy, ox, tap);
      int8_t *out = output + ((size_t) oy * g->out_w + ox) * C;

      for (int b = 0; b < blocks; b++) {
        const uint8_t *blk = (const uint8_t *) weights + b * block_bytes;
        const int16_t *wv = (const int16_t *) (blk + B * 8);
        int32x4_t acc_lo = vld1q_s32 ((const int32_t *) blk);
        int32x4_t acc_hi = vld1q_s32 ((const int32_t *) blk + 4);
        for (int pr = 0; pr < (taps + 1) / 2; pr++) {
          const int16x8x2_t wk = vld2q_s16 (wv + pr * 2 * B);
          for (int h = 0; h < 2; h++) {
            const int8_t *t = tap[2 * pr + h];
            if (!t)
              continue; /* padding: (x - zp) = 0 */
            const int16x8_t x = vsubq_s16 (vmovl_s8 (vld1_s8 (t + b * B)), vzp);
            acc_lo = vmlal_s16 (acc_lo, vget_low_s16 (x),
                vget_low_s16 (wk.val[h]));
            acc_hi = vmlal_s16 (acc_hi, vget_high_s16 (x),
                vget_high_s16 (wk.val[h]));
          }
        }
        const float32x4_t s_lo = vld1q_f32 ((const float *) (blk + B * 4));
        const float32x4_t s_hi = vld1q_f32 ((const float *) (blk + B * 4) + 4);
        vst1_s8 (out + b * B,
            mnv_requant8_neon (acc_lo, acc_hi, s_lo, s_hi, ozp, omin, omax));
      }

      for (int c = blocks * B; c < C; c++) {
        int32_t sum = 0;
        for (int t = 0; t < taps; t++)
          if (tap[t])
            sum += (tap[t][c] - p->in_zp) * plain[(size_t) t * C + c];
        int32_t acc = (int32_t) ((uint32_t) (bias ? bias[c] : 0) +
            (uint32_t) sum);
        out[c] = mnv_qs8_requantize (acc, p->scale[c], p->out_zp, p->out_min,
            p->out_max);
      }
    }
  }
}
