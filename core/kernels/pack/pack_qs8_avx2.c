#include <immintrin.h>

#include "../kernels.h"

void
mnv_qs8_pack_1x1__avx2 (size_t n, const int8_t *in, int32_t zp, int16_t *out)
{
  const __m256i vzp = _mm256_set1_epi16 ((short) zp);
  for (; n >= 16; n -= 16, in += 16, out += 16) {
    __m256i x = _mm256_cvtepi8_epi16 (_mm_loadu_si128 ((const __m128i *) in));
    _mm256_storeu_si256 ((__m256i *) out, _mm256_sub_epi16 (x, vzp));
  }
  for (size_t i = 0; i < n; i++)
    out[i] = (int16_t) (in[i] - zp);
}
