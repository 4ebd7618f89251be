/* ARG_MAX over rows of at most 32 values: each row copied into a buffer
 * padded with the minimum (AVX2 has no byte-masked loads), max-reduced
 * across the register, then the first lane equal to the maximum.  Longer
 * rows use the reference loop. */
#include <immintrin.h>
#include <string.h>

#include "../kernels.h"

void
mnv_qs8_argmax_1x32__avx2 (size_t outer, int n, const int8_t *in, void *out,
    int out64)
{
  if (n > 32 || n < 1) {
    mnv_qs8_argmax_1x1__ref (outer, n, in, out, out64);
    return;
  }
  const unsigned valid = n == 32 ? 0xffffffffu : (1u << n) - 1;
  int8_t row[32];
  memset (row, -128, sizeof row);
  for (size_t o = 0; o < outer; o++) {
    memcpy (row, in + o * (size_t) n, (size_t) n);
    const __m256i v = _mm256_loadu_si256 ((const __m256i *) row);
    __m256i x = _mm256_max_epi8 (v, _mm256_permute2x128_si256 (v, v, 1));
    x = _mm256_max_epi8 (x, _mm256_shuffle_epi32 (x, 0x4e));
    x = _mm256_max_epi8 (x, _mm256_shuffle_epi32 (x, 0xb1));
    x = _mm256_max_epi8 (x,
        _mm256_or_si256 (_mm256_srli_epi32 (x, 16), _mm256_slli_epi32 (x, 16)));
    x = _mm256_max_epi8 (x,
        _mm256_or_si256 (_mm256_srli_epi16 (x, 8), _mm256_slli_epi16 (x, 8)));
    const unsigned eq = (unsigned) _mm256_movemask_epi8 (
                            _mm256_cmpeq_epi8 (v, x)) &
        valid;
    const int best = __builtin_ctz (eq); /* eq != 0 */
    if (out64)
      ((int64_t *) out)[o] = best;
    else
      ((int32_t *) out)[o] = best;
  }
}
