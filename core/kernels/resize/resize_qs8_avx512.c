/* Quantized bilinear resize, 16 channels per step in int32 lanes (the
 * formula's products reach 2^29), the last step masked. */
#include <immintrin.h>

#include "../kernels.h"

void
mnv_qs8_resize_1x16__avx512 (size_t c, const int8_t *tl, const int8_t *tr,
    const int8_t *bl, const int8_t *br, int32_t ax, int32_t ay, int8_t *out)
{
  const __m512i vax = _mm512_set1_epi32 (ax), vay = _mm512_set1_epi32 (ay);
  const __m512i round = _mm512_set1_epi32 (1 << 21);
  for (size_t i = 0; i < c; i += 16) {
    const __mmask16 m = c - i >= 16 ? 0xffff :
                                      (__mmask16) ((1u << (c - i)) - 1);
    const __m512i a = _mm512_cvtepi8_epi32 (_mm_maskz_loadu_epi8 (m, tl + i));
    const __m512i b = _mm512_cvtepi8_epi32 (_mm_maskz_loadu_epi8 (m, tr + i));
    const __m512i d = _mm512_cvtepi8_epi32 (_mm_maskz_loadu_epi8 (m, bl + i));
    const __m512i e = _mm512_cvtepi8_epi32 (_mm_maskz_loadu_epi8 (m, br + i));
    const __m512i top = _mm512_add_epi32 (_mm512_slli_epi32 (a, 11),
        _mm512_mullo_epi32 (_mm512_sub_epi32 (b, a), vax));
    const __m512i bot = _mm512_add_epi32 (_mm512_slli_epi32 (d, 11),
        _mm512_mullo_epi32 (_mm512_sub_epi32 (e, d), vax));
    const __m512i acc = _mm512_add_epi32 (_mm512_slli_epi32 (top, 11),
        _mm512_mullo_epi32 (_mm512_sub_epi32 (bot, top), vay));
    /* A bilinear mix stays within its corners: the narrowing is exact. */
    _mm_mask_storeu_epi8 (out + i, m,
        _mm512_cvtepi32_epi8 (
            _mm512_srai_epi32 (_mm512_add_epi32 (acc, round), 22)));
  }
}
