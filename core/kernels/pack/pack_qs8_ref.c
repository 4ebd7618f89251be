/* Row packing for the GEMMs: x - zero point, widened to int16. */
#include "../kernels.h"

void
mnv_qs8_pack_1x1__ref (size_t n, const int8_t *in, int32_t zp, int16_t *out)
{
  for (size_t i = 0; i < n; i++)
    out[i] = (int16_t) (in[i] - zp);
}
