/* ARG_MAX over rows of at most 64 values: one masked load per row, a
 * max-reduction across the register, then the first lane equal to the
 * maximum (ties to the lowest index, as the reference).  Longer rows use
 * the reference loop. */
#include <immintrin.h>

#include "../kernels.h"

void
mnv_qs8_argmax_1x64__avx512 (size_t outer, int n, const int8_t *in, void *out,
    int out64)
{
  if (n > 64 || n < 1) {
    mnv_qs8_argmax_1x1__ref (outer, n, in, out, out64);
    return;
  }
  const __mmask64 m = n == 64 ? ~(__mmask64) 0 : (((__mmask64) 1 << n) - 1);
  const __m512i floor = _mm512_set1_epi8 (-128);
  for (size_t o = 0; o < outer; o++) {
    const __m512i v = _mm512_mask_loadu_epi8 (floor, m, in + o * (size_t) n);
    /* Maximum of the 64 bytes, broadcast to every lane. */
    __m512i x = _mm512_max_epi8 (v, _mm512_shuffle_i64x2 (v, v, 0x4e));
    x = _mm512_max_epi8 (x, _mm512_shuffle_i64x2 (x, x, 0xb1));
    x = _mm512_max_epi8 (x, _mm512_shuffle_epi32 (x, 0x4e));
    x = _mm512_max_epi8 (x, _mm512_shuffle_epi32 (x, 0xb1));
    x = _mm512_max_epi8 (x,
        _mm512_srli_epi32 (x, 16) | _mm512_slli_epi32 (x, 16));
    x = _mm512_max_epi8 (x,
        _mm512_srli_epi16 (x, 8) | _mm512_slli_epi16 (x, 8));
    const __mmask64 eq = _mm512_mask_cmpeq_epi8_mask (m, v, x);
    const int best = __builtin_ctzll ((unsigned long long) eq); /* eq != 0 */
    if (out64)
      ((int64_t *) out)[o] = best;
    else
      ((int32_t *) out)[o] = best;
  }
}
