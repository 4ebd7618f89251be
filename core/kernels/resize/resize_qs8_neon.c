/* Quantized bilinear resize for NEON, 8 channels per step in int32 lanes
 * (the reference's integer formula, ARITHMETIC.md); the last channels one
 * by one. */
#include <arm_neon.h>

#include "../kernels.h"

static inline int32x4_t
lerp (int32x4_t a, int32x4_t b, int32x4_t w)
{
  return vmlaq_s32 (vshlq_n_s32 (a, 11), vsubq_s32 (b, a), w);
}

void
mnv_qs8_resize_1x8__neon (size_t c, const int8_t *tl, const int8_t *tr,
    const int8_t *bl, const int8_t *br, int32_t ax, int32_t ay, int8_t *out)
{
  const int32x4_t vax = vdupq_n_s32 (ax), vay = vdupq_n_s32 (ay);
  size_t i = 0;
  for (; i + 8 <= c; i += 8) {
    const int16x8_t a = vmovl_s8 (vld1_s8 (tl + i));
    const int16x8_t b = vmovl_s8 (vld1_s8 (tr + i));
    const int16x8_t d = vmovl_s8 (vld1_s8 (bl + i));
    const int16x8_t e = vmovl_s8 (vld1_s8 (br + i));
    int32x4_t r[2];
    for (int h = 0; h < 2; h++) {
      const int32x4_t a32 = vmovl_s16 (
          h ? vget_high_s16 (a) : vget_low_s16 (a));
      const int32x4_t b32 = vmovl_s16 (
          h ? vget_high_s16 (b) : vget_low_s16 (b));
      const int32x4_t d32 = vmovl_s16 (
          h ? vget_high_s16 (d) : vget_low_s16 (d));
      const int32x4_t e32 = vmovl_s16 (
          h ? vget_high_s16 (e) : vget_low_s16 (e));
      const int32x4_t top = lerp (a32, b32, vax);
      const int32x4_t bot = lerp (d32, e32, vax);
      const int32x4_t acc = lerp (top, bot, vay);
      /* (acc + 2^21) >> 22, arithmetic */
      r[h] = vshrq_n_s32 (vaddq_s32 (acc, vdupq_n_s32 (1 << 21)), 22);
    }
    /* In range by construction: narrowing keeps the values. */
    vst1_s8 (out + i,
        vqmovn_s16 (vcombine_s16 (vqmovn_s32 (r[0]), vqmovn_s32 (r[1]))));
  }
  if (i < c)
    mnv_qs8_resize_1x1__ref (c - i, tl + i, tr + i, bl + i, br + i, ax, ay,
        out + i);
}
