/* ARG_MAX over rows: the first index of the maximum. */
#include "../kernels.h"

void
mnv_qs8_argmax_1x1__ref (size_t outer, int n, const int8_t *in, void *out,
    int out64)
{
  for (size_t o = 0; o < outer; o++) {
    const int8_t *v = in + o * (size_t) n;
    int best = 0;
    for (int i = 1; i < n; i++)
      if (v[i] > v[best])
        best = i;
    if (out64)
      ((int64_t *) out)[o] = best;
    else
      ((int32_t *) out)[o] = best;
  }
}
