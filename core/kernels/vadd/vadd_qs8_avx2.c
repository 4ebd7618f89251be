/* ADD in int32 lanes.  Exact as long as bias + a*am + b*bm fits int32,
 * which the ADD op checks before choosing this kernel. */
#include <immintrin.h>

#include "../kernels.h"
#include "../requant.h"

static inline __m256i
sum8 (__m128i a8, __m128i b8, __m256i am, __m256i bm, __m256i bias,
    __m128i shift, __m256i zp)
{
  __m256i acc = _mm256_add_epi32 (bias,
      _mm256_mullo_epi32 (_mm256_cvtepi8_epi32 (a8), am));
  acc = _mm256_add_epi32 (acc,
      _mm256_mullo_epi32 (_mm256_cvtepi8_epi32 (b8), bm));
  return _mm256_add_epi32 (_mm256_sra_epi32 (acc, shift), zp);
}

void
mnv_qs8_vadd_1x1__avx2 (size_t n, const int8_t *a, const int8_t *b, int8_t *out,
    const mnv_qs8_add_params *p)
{
  const __m256i am = _mm256_set1_epi32 (p->a_mult);
  const __m256i bm = _mm256_set1_epi32 (p->b_mult);
  const __m256i bias = _mm256_set1_epi32 ((int32_t) p->bias);
  const __m256i zp = _mm256_set1_epi32 (p->out_zp);
  const __m128i shift = _mm_cvtsi32_si128 (p->shift);
  const __m128i lo = _mm_set1_epi8 ((char) p->out_min);
  const __m128i hi = _mm_set1_epi8 ((char) p->out_max);
  size_t i = 0;

  for (; i + 16 <= n; i += 16) {
    __m128i va = _mm_loadu_si128 ((const __m128i *) (a + i));
    __m128i vb = _mm_loadu_si128 ((const __m128i *) (b + i));
    __m256i r0 = sum8 (va, vb, am, bm, bias, shift, zp);
    __m256i r1 = sum8 (_mm_srli_si128 (va, 8), _mm_srli_si128 (vb, 8), am, bm,
        bias, shift, zp);
    __m256i p16 = _mm256_permute4x64_epi64 (_mm256_packs_epi32 (r0, r1), 0xd8);
    __m128i p8 = _mm_packs_epi16 (_mm256_castsi256_si128 (p16),
        _mm256_extracti128_si256 (p16, 1));
    _mm_storeu_si128 ((__m128i *) (out + i),
        _mm_min_epi8 (_mm_max_epi8 (p8, lo), hi));
  }
  for (; i < n; i++) {
    int64_t acc = p->bias + (int64_t) a[i] * p->a_mult +
        (int64_t) b[i] * p->b_mult;
    out[i] = (int8_t) mnv_clamp_i32 ((acc >> p->shift) + p->out_zp, p->out_min,
        p->out_max);
  }
}
