/* qs8 GEMM 4x8 for NEON on the packed int16 layout of kernels.h ([kc/2][8]
 * [2] weights): each pair of K steps is split into its two halves with
 * VLD2 and multiplied with widening multiply-accumulates (exact int32
 * sums); requantization as requant.h. */
#include <arm_neon.h>

#include "../kernels.h"
#include "../requant_neon.h"

#define NR 8

void
mnv_qs8_gemm_4x8c2__neon (MNV_KERNEL_ARGS_QS8_GEMM)
{
  int32x4_t acc[4][2];
  const int16_t *ar[4];
  for (int r = 0; r < 4; r++) {
    acc[r][0] = acc[r][1] = vdupq_n_s32 (0);
    ar[r] = a + (size_t) (r < mr ? r : 0) * a_stride;
  }
  for (int kp = 0; kp < kc / 2; kp++) {
    const int16x8x2_t wk = vld2q_s16 (w + (size_t) kp * NR * 2);
    const int16x4_t w0l = vget_low_s16 (wk.val[0]);
    const int16x4_t w0h = vget_high_s16 (wk.val[0]);
    const int16x4_t w1l = vget_low_s16 (wk.val[1]);
    const int16x4_t w1h = vget_high_s16 (wk.val[1]);
    for (int r = 0; r < 4; r++) {
      const int16_t x0 = ar[r][2 * kp], x1 = ar[r][2 * kp + 1];
      acc[r][0] = vmlal_n_s16 (acc[r][0], w0l, x0);
      acc[r][1] = vmlal_n_s16 (acc[r][1], w0h, x0);
      acc[r][0] = vmlal_n_s16 (acc[r][0], w1l, x1);
      acc[r][1] = vmlal_n_s16 (acc[r][1], w1h, x1);
    }
  }
  const int32x4_t b_lo = vld1q_s32 (bias), b_hi = vld1q_s32 (bias + 4);
  const float32x4_t s_lo = vld1q_f32 (scale), s_hi = vld1q_f32 (scale + 4);
  const int32x4_t zp = vdupq_n_s32 (p->out_zp);
  const int8x8_t lo = vdup_n_s8 ((int8_t) p->out_min);
  const int8x8_t hi = vdup_n_s8 ((int8_t) p->out_max);
  for (int r = 0; r < mr; r++) {
    const int8x8_t q = mnv_requant8_neon (vaddq_s32 (acc[r][0], b_lo),
        vaddq_s32 (acc[r][1], b_hi), s_lo, s_hi, zp, lo, hi);
    mnv_store8_neon (c + (size_t) r * c_stride, q, nc);
  }
}
