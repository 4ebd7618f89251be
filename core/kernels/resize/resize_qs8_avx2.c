/* Quantized bilinear resize, 8 channels per step in int32 lanes; the last
 * channels one by one. */
#include <immintrin.h>

#include "../kernels.h"

static inline __m256i
load8 (const int8_t *p)
{
  return _mm256_cvtepi8_epi32 (_mm_loadl_epi64 ((const __m128i *) p));
}

void
mnv_qs8_resize_1x8__avx2 (size_t c, const int8_t *tl, const int8_t *tr,
    const int8_t *bl, const int8_t *br, int32_t ax, int32_t ay, int8_t *out)
{
  const __m256i vax = _mm256_set1_epi32 (ax), vay = _mm256_set1_epi32 (ay);
  const __m256i round = _mm256_set1_epi32 (1 << 21);
  size_t i = 0;
  for (; i + 8 <= c; i += 8) {
    const __m256i a = load8 (tl + i), b = load8 (tr + i);
    const __m256i d = load8 (bl + i), e = load8 (br + i);
    const __m256i top = _mm256_add_epi32 (_mm256_slli_epi32 (a, 11),
        _mm256_mullo_epi32 (_mm256_sub_epi32 (b, a), vax));
    const __m256i bot = _mm256_add_epi32 (_mm256_slli_epi32 (d, 11),
        _mm256_mullo_epi32 (_mm256_sub_epi32 (e, d), vax));
    const __m256i acc = _mm256_add_epi32 (_mm256_slli_epi32 (top, 11),
        _mm256_mullo_epi32 (_mm256_sub_epi32 (bot, top), vay));
    const __m256i r = _mm256_srai_epi32 (_mm256_add_epi32 (acc, round), 22);
    /* In range by construction: pack without changing values. */
    const __m128i p16 = _mm_packs_epi32 (_mm256_castsi256_si128 (r),
        _mm256_extracti128_si256 (r, 1));
    _mm_storel_epi64 ((__m128i *) (out + i), _mm_packs_epi16 (p16, p16));
  }
  if (i < c)
    mnv_qs8_resize_1x1__ref (c - i, tl + i, tr + i, bl + i, br + i, ax, ay,
        out + i);
}
