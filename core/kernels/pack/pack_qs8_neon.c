/* Row packing for the GEMMs with NEON: x - zero point, widened to int16. */
#include <arm_neon.h>

#include "../kernels.h"

void
mnv_qs8_pack_1x1__neon (size_t n, const int8_t *in, int32_t zp, int16_t *out)
{
  const int16x8_t vzp = vdupq_n_s16 ((int16_t) zp);
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const int8x16_t x = vld1q_s8 (in + i);
    vst1q_s16 (out + i, vsubq_s16 (vmovl_s8 (vget_low_s8 (x)), vzp));
    vst1q_s16 (out + i + 8, vsubq_s16 (vmovl_s8 (vget_high_s8 (x)), vzp));
  }
  for (; i < n; i++)
    out[i] = (int16_t) (in[i] - zp);
}
