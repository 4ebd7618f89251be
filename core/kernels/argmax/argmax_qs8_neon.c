/* ARG_MAX over rows for NEON: the row's maximum 16 values at a time
 * (SMAXV), then the first index holding it. */
#include <arm_neon.h>

#include "../kernels.h"

void
mnv_qs8_argmax_1x16__neon (size_t outer, int n, const int8_t *in, void *out,
    int out64)
{
  for (size_t o = 0; o < outer; o++) {
    const int8_t *v = in + o * (size_t) n;
    int8_t best = v[0];
    int i = 0;
    if (n >= 16) {
      int8x16_t m = vld1q_s8 (v);
      for (i = 16; i + 16 <= n; i += 16)
        m = vmaxq_s8 (m, vld1q_s8 (v + i));
      best = vmaxvq_s8 (m);
    }
    for (; i < n; i++)
      best = v[i] > best ? v[i] : best;
    int at = 0;
    while (v[at] != best)
      at++;
    if (out64)
      ((int64_t *) out)[o] = at;
    else
      ((int32_t *) out)[o] = at;
  }
}
