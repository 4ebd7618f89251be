/* Requantization of sixteen int32 accumulators to int8 with AVX-512, as
 * mnv_qs8_requantize (requant.h) computes it: float conversion, one
 * multiply, clamp to +-2^30, round half to even (the default rounding
 * mode), + zero point, saturate (vpmovsdb), clamp. */
#ifndef MNV_REQUANT_AVX512_H
#define MNV_REQUANT_AVX512_H

#include <immintrin.h>

static inline __m128i
mnv_requant16_avx512 (__m512i acc, __m512 s, __m512i zp, __m128i lo,
    __m128i hi)
{
  const __m512 lim = _mm512_set1_ps (1073741824.0f);
  const __m512 nlim = _mm512_set1_ps (-1073741824.0f);
  __m512 f = _mm512_mul_ps (_mm512_cvtepi32_ps (acc), s);
  f = _mm512_min_ps (_mm512_max_ps (f, nlim), lim);
  __m512i i = _mm512_add_epi32 (_mm512_cvtps_epi32 (f), zp);
  return _mm_min_epi8 (_mm_max_epi8 (_mm512_cvtsepi32_epi8 (i), lo), hi);
}

/* The same with the clamp done in float against [lo - zp, hi - zp]
 * (FLO, FHI): rounding is monotone and keeps integers, so
 * clamp(lrintf(v), lo - zp, hi - zp) = lrintf(clamp(v, lo - zp, hi - zp)),
 * and the +-2^30 clamp is implied.  A NaN gives FLO (max returns its second
 * operand), as mnv_qs8_requantize's conversion does on x86.  The result
 * then fits int8 as it is: a truncating narrow, no further clamp. */
static inline __m128i
mnv_requant16_f_avx512 (__m512i acc, __m512 s, __m512 flo, __m512 fhi,
    __m512i zp)
{
  __m512 f = _mm512_mul_ps (_mm512_cvtepi32_ps (acc), s);
  f = _mm512_min_ps (_mm512_max_ps (f, flo), fhi);
  return _mm512_cvtepi32_epi8 (_mm512_add_epi32 (_mm512_cvtps_epi32 (f), zp));
}

#endif
