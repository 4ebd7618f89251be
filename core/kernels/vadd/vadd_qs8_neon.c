/* Quantized ADD for NEON, 8 elements per step: the reference's int64
 * arithmetic (bias + a * a_mult + b * b_mult, arithmetic shift) in int64x2
 * lanes; saturating narrowing keeps what the final clamp decides. */
#include <arm_neon.h>

#include "../kernels.h"
#include "../requant.h"

static inline int32x4_t
add4 (int32x4_t a, int32x4_t b, const mnv_qs8_add_params *p, int64x2_t shift)
{
  const int64x2_t bias = vdupq_n_s64 (p->bias);
  int64x2_t lo = vmlal_n_s32 (vmlal_n_s32 (bias, vget_low_s32 (a), p->a_mult),
      vget_low_s32 (b), p->b_mult);
  int64x2_t hi = vmlal_n_s32 (vmlal_n_s32 (bias, vget_high_s32 (a), p->a_mult),
      vget_high_s32 (b), p->b_mult);
  lo = vshlq_s64 (lo, shift); /* negative count: arithmetic right shift */
  hi = vshlq_s64 (hi, shift);
  return vqaddq_s32 (vcombine_s32 (vqmovn_s64 (lo), vqmovn_s64 (hi)),
      vdupq_n_s32 (p->out_zp));
}

void
mnv_qs8_vadd_1x1__neon (size_t n, const int8_t *a, const int8_t *b, int8_t *out,
    const mnv_qs8_add_params *p)
{
  const int64x2_t shift = vdupq_n_s64 (-(int64_t) p->shift);
  const int8x8_t lo = vdup_n_s8 ((int8_t) p->out_min);
  const int8x8_t hi = vdup_n_s8 ((int8_t) p->out_max);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const int16x8_t a16 = vmovl_s8 (vld1_s8 (a + i));
    const int16x8_t b16 = vmovl_s8 (vld1_s8 (b + i));
    const int32x4_t r0 = add4 (vmovl_s16 (vget_low_s16 (a16)),
        vmovl_s16 (vget_low_s16 (b16)), p, shift);
    const int32x4_t r1 = add4 (vmovl_s16 (vget_high_s16 (a16)),
        vmovl_s16 (vget_high_s16 (b16)), p, shift);
    const int8x8_t q = vqmovn_s16 (
        vcombine_s16 (vqmovn_s32 (r0), vqmovn_s32 (r1)));
    vst1_s8 (out + i, vmin_s8 (vmax_s8 (q, lo), hi));
  }
  if (i < n)
    mnv_qs8_vadd_1x1__ref (n - i, a + i, b + i, out + i, p);
}
