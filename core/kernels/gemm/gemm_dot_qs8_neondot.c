/* int8 GEMM 4x8 with the ARMv8.2 dot-product instruction (SDOT): per K
 * quad, the row's four int8 values (broadcast) against two vectors of four
 * channels x four weights; the row sums for ROW_MULT with SDOT against
 * ones, in the first channel block of a row only (ROWSUM_READY).  Contract
 * and exactness: kernels.h (wrapping int32). */
#include <arm_neon.h>
#include <string.h>

#include "../kernels.h"
#include "../requant_neon.h"

#define NR 8

void
mnv_qs8_gemm_dot_4x8c4__neondot (MNV_KERNEL_ARGS_QS8_GEMM_DOT)
{
  int32x4_t acc[4][2], rs[4];
  const int8_t *ar[4];
  const int8x16_t ones = vdupq_n_s8 (1);
  for (int r = 0; r < 4; r++) {
    acc[r][0] = acc[r][1] = rs[r] = vdupq_n_s32 (0);
    ar[r] = a + (size_t) (r < mr ? r : 0) * a_stride;
  }
  for (int kq = 0; kq < kc / 4; kq++) {
    const int8x16_t w_lo = vld1q_s8 (w + (size_t) kq * NR * 4);
    const int8x16_t w_hi = vld1q_s8 (w + (size_t) kq * NR * 4 + 16);
    for (int r = 0; r < 4; r++) {
      int32_t quad;
      memcpy (&quad, ar[r] + 4 * kq, 4);
      const int8x16_t x = vreinterpretq_s8_s32 (vdupq_n_s32 (quad));
      acc[r][0] = vdotq_s32 (acc[r][0], w_lo, x);
      acc[r][1] = vdotq_s32 (acc[r][1], w_hi, x);
      if (!rowsum_ready)
        rs[r] = vdotq_s32 (rs[r], ones, x);
    }
  }
  const int32x4_t b_lo = vld1q_s32 (bias), b_hi = vld1q_s32 (bias + 4);
  const float32x4_t s_lo = vld1q_f32 (scale), s_hi = vld1q_f32 (scale + 4);
  const int32x4_t zp = vdupq_n_s32 (p->out_zp);
  const int8x8_t lo = vdup_n_s8 ((int8_t) p->out_min);
  const int8x8_t hi = vdup_n_s8 ((int8_t) p->out_max);
  for (int r = 0; r < mr; r++) {
    /* Every lane of rs[r] holds the sum of the row's quads (each lane saw
     * the same broadcast values). */
    if (!rowsum_ready)
      rowsum[r] = vgetq_lane_s32 (rs[r], 0);
    const int32x4_t row = vdupq_n_s32 (
        (int32_t) ((uint32_t) rowsum[r] * (uint32_t) p->row_mult));
    const int8x8_t q = mnv_requant8_neon (vaddq_s32 (vaddq_s32 (acc[r][0],
                                                         b_lo),
                                              row),
        vaddq_s32 (vaddq_s32 (acc[r][1], b_hi), row), s_lo, s_hi, zp, lo, hi);
    mnv_store8_neon (c + (size_t) r * c_stride, q, nc);
  }
}
