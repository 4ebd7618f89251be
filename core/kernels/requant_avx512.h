/* Requantization of sixteen int32 accumulators to int8 with AVX-512, with
 * the results of mnv_qs8_requantize (requant.h), shared by the int16 and
 * the dot GEMMs. */
#ifndef MNV_REQUANT_AVX512_H
#define MNV_REQUANT_AVX512_H

#include <immintrin.h>

/* Float conversion, one multiply, the clamp done in float against
 * [lo - zp, hi - zp] (FLO, FHI), round half to even (the default rounding
 * mode), + zero point.  Rounding is monotone and keeps integers, so
 * clamp(lrintf(v), lo - zp, hi - zp) = lrintf(clamp(v, lo - zp, hi - zp)),
 * and the +-2^30 clamp is implied.  A NaN gives FLO (max returns its second
 * operand), as mnv_qs8_requantize's conversion does on x86.  The result
 * then fits int8 as it is: a truncating narrow, no further clamp. */
static inline __m128i
mnv_requant16_avx512 (__m512i acc, __m512 s, __m512 flo, __m512 fhi, __m512i zp)
{
  __m512 f = _mm512_mul_ps (_mm512_cvtepi32_ps (acc), s);
  f = _mm512_min_ps (_mm512_max_ps (f, flo), fhi);
  return _mm512_cvtepi32_epi8 (_mm512_add_epi32 (_mm512_cvtps_epi32 (f), zp));
}

#endif
