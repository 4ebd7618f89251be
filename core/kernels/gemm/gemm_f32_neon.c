/* Float GEMM 4x8 for NEON on the packed layout of kernels.h ([kc][8]
 * floats per block), with fused multiply-adds (float models are checked
 * within a tolerance, not bit for bit). */
#include <arm_neon.h>

#include "../kernels.h"

#define NR 8

void
mnv_f32_gemm_4x8__neon (MNV_KERNEL_ARGS_F32_GEMM)
{
  float32x4_t acc[4][2];
  const float *ar[4];
  const float32x4_t b_lo = vld1q_f32 (bias), b_hi = vld1q_f32 (bias + 4);
  for (int r = 0; r < 4; r++) {
    acc[r][0] = b_lo;
    acc[r][1] = b_hi;
    ar[r] = a + (size_t) (r < mr ? r : 0) * a_stride;
  }
  for (int k = 0; k < kc; k++) {
    const float32x4_t w_lo = vld1q_f32 (w + (size_t) k * NR);
    const float32x4_t w_hi = vld1q_f32 (w + (size_t) k * NR + 4);
    for (int r = 0; r < 4; r++) {
      acc[r][0] = vfmaq_n_f32 (acc[r][0], w_lo, ar[r][k]);
      acc[r][1] = vfmaq_n_f32 (acc[r][1], w_hi, ar[r][k]);
    }
  }
  const float32x4_t lo = vdupq_n_f32 (p->out_min);
  const float32x4_t hi = vdupq_n_f32 (p->out_max);
  for (int r = 0; r < mr; r++) {
    float tmp[8];
    float *out = c + (size_t) r * c_stride;
    float *dst = nc == NR ? out : tmp;
    /* max first: NaN becomes the lower bound, as mnv_f32_clamp does. */
    vst1q_f32 (dst, vminq_f32 (vmaxnmq_f32 (acc[r][0], lo), hi));
    vst1q_f32 (dst + 4, vminq_f32 (vmaxnmq_f32 (acc[r][1], lo), hi));
    if (nc != NR)
      for (int j = 0; j < nc; j++)
        out[j] = tmp[j];
  }
}
