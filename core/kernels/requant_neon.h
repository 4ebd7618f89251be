/* Requantization of eight int32 accumulators to int8 with NEON, exactly
 * as mnv_qs8_requantize (requant.h): (float) acc (round to nearest), one
 * float32 multiply (no fused multiply-add), clamp to +-2^30, round half to
 * even (FCVTNS, what lrintf does in the default mode), + zero point, clamp
 * to [lo, hi]. */
#ifndef MNV_REQUANT_NEON_H
#define MNV_REQUANT_NEON_H

#include <arm_neon.h>
#include <stdint.h>

static inline int32x4_t
mnv_requant4_neon (int32x4_t acc, float32x4_t scale, int32x4_t zp)
{
  const float32x4_t lim = vdupq_n_f32 (1073741824.0f);
  float32x4_t v = vmulq_f32 (vcvtq_f32_s32 (acc), scale);
  v = vminq_f32 (vmaxq_f32 (v, vnegq_f32 (lim)), lim);
  return vaddq_s32 (vcvtnq_s32_f32 (v), zp);
}

static inline int8x8_t
mnv_requant8_neon (int32x4_t acc_lo, int32x4_t acc_hi, float32x4_t s_lo,
    float32x4_t s_hi, int32x4_t zp, int8x8_t lo, int8x8_t hi)
{
  const int16x8_t q = vcombine_s16 (vqmovn_s32 (
                                        mnv_requant4_neon (acc_lo, s_lo, zp)),
      vqmovn_s32 (mnv_requant4_neon (acc_hi, s_hi, zp)));
  /* Saturating narrowing keeps the order; the clamp does the rest. */
  return vmin_s8 (vmax_s8 (vqmovn_s16 (q), lo), hi);
}

/* Stores the first NC (<= 8) bytes of Q at OUT. */
static inline void
mnv_store8_neon (int8_t *out, int8x8_t q, int nc)
{
  if (nc == 8) {
    vst1_s8 (out, q);
  } else {
    int8_t tmp[8];
    vst1_s8 (tmp, q);
    for (int j = 0; j < nc; j++)
      out[j] = tmp[j];
  }
}

#endif
