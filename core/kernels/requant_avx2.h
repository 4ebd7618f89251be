/* AVX2 requantization of 16 int32 accumulators to int8, the same float32
 * steps as mnv_qs8_requantize (vector multiply, clamp to +-2^30, convert
 * with round-to-nearest-even, add zero point, saturate, clamp). */
#ifndef MNV_REQUANT_AVX2_H
#define MNV_REQUANT_AVX2_H

#include <immintrin.h>

/* LO holds the accumulators that land in output bytes 0-3 and 8-11, HI
 * those of bytes 4-7 and 12-15 (the order _mm256_packs_epi32 interleaves),
 * with their scales in the same order. */
static inline __m128i
mnv_requant16_avx2 (__m256i lo, __m256i hi, __m256 s_lo, __m256 s_hi,
    __m256i zp, __m128i out_min, __m128i out_max)
{
  const __m256 lim = _mm256_set1_ps (1073741824.0f);
  const __m256 nlim = _mm256_set1_ps (-1073741824.0f);
  __m256 f0 = _mm256_mul_ps (_mm256_cvtepi32_ps (lo), s_lo);
  __m256 f1 = _mm256_mul_ps (_mm256_cvtepi32_ps (hi), s_hi);
  f0 = _mm256_min_ps (_mm256_max_ps (f0, nlim), lim);
  f1 = _mm256_min_ps (_mm256_max_ps (f1, nlim), lim);
  __m256i i0 = _mm256_add_epi32 (_mm256_cvtps_epi32 (f0), zp);
  __m256i i1 = _mm256_add_epi32 (_mm256_cvtps_epi32 (f1), zp);
  __m256i p16 = _mm256_packs_epi32 (i0, i1);
  __m128i p8 = _mm_packs_epi16 (_mm256_castsi256_si128 (p16),
      _mm256_extracti128_si256 (p16, 1));
  return _mm_min_epi8 (_mm_max_epi8 (p8, out_min), out_max);
}

#endif
