/* GEMM 4x16, int16 pairs (c2) with vpmaddwd: each instruction multiplies
 * 16 (x, w) int16 pairs and adds each pair into an int32 lane, exactly. */
#include <immintrin.h>
#include <string.h>

#include "../kernels.h"
#include "../requant_avx2.h"

static inline __m256i
bcast_pair (const int16_t *p)
{
  int32_t v;
  memcpy (&v, p, 4);
  return _mm256_set1_epi32 (v);
}

void
mnv_qs8_gemm_4x16c2__avx2 (MNV_KERNEL_ARGS_QS8_GEMM)
{
  const int16_t *a0 = a;
  const int16_t *a1 = mr > 1 ? a0 + a_stride : a0;
  const int16_t *a2 = mr > 2 ? a1 + a_stride : a1;
  const int16_t *a3 = mr > 3 ? a2 + a_stride : a2;
  /* Accumulators of channels 0-7 (x0) and 8-15 (x1) per row. */
  __m256i b0 = _mm256_loadu_si256 ((const __m256i *) bias);
  __m256i b1 = _mm256_loadu_si256 ((const __m256i *) (bias + 8));
  __m256i c00 = b0, c01 = b1, c10 = b0, c11 = b1;
  __m256i c20 = b0, c21 = b1, c30 = b0, c31 = b1;

  for (int k = 0; k < kc; k += 2, w += 32) {
    const __m256i w0 = _mm256_loadu_si256 ((const __m256i *) w);
    const __m256i w1 = _mm256_loadu_si256 ((const __m256i *) (w + 16));
    __m256i x;
    x = bcast_pair (a0 + k);
    c00 = _mm256_add_epi32 (c00, _mm256_madd_epi16 (x, w0));
    c01 = _mm256_add_epi32 (c01, _mm256_madd_epi16 (x, w1));
    x = bcast_pair (a1 + k);
    c10 = _mm256_add_epi32 (c10, _mm256_madd_epi16 (x, w0));
    c11 = _mm256_add_epi32 (c11, _mm256_madd_epi16 (x, w1));
    x = bcast_pair (a2 + k);
    c20 = _mm256_add_epi32 (c20, _mm256_madd_epi16 (x, w0));
    c21 = _mm256_add_epi32 (c21, _mm256_madd_epi16 (x, w1));
    x = bcast_pair (a3 + k);
    c30 = _mm256_add_epi32 (c30, _mm256_madd_epi16 (x, w0));
    c31 = _mm256_add_epi32 (c31, _mm256_madd_epi16 (x, w1));
  }

  /* packs_epi32 takes 128-bit lanes alternately: feed it channels 0-3|8-11
   * and 4-7|12-15 so the bytes come out in order. */
  const __m256 s0 = _mm256_loadu_ps (scale), s1 = _mm256_loadu_ps (scale + 8);
  const __m256 s_lo = _mm256_permute2f128_ps (s0, s1, 0x20);
  const __m256 s_hi = _mm256_permute2f128_ps (s0, s1, 0x31);
  const __m256i zp = _mm256_set1_epi32 (p->out_zp);
  const __m128i lo = _mm_set1_epi8 ((char) p->out_min);
  const __m128i hi = _mm_set1_epi8 ((char) p->out_max);
  __m256i rows[4][2] = { { c00, c01 }, { c10, c11 }, { c20, c21 },
    { c30, c31 } };

  for (int r = 0; r < mr; r++) {
    __m256i v_lo = _mm256_permute2x128_si256 (rows[r][0], rows[r][1], 0x20);
    __m256i v_hi = _mm256_permute2x128_si256 (rows[r][0], rows[r][1], 0x31);
    __m128i out = mnv_requant16_avx2 (v_lo, v_hi, s_lo, s_hi, zp, lo, hi);
    int8_t *dst = c + (size_t) r * c_stride;
    if (nc == 16) {
      _mm_storeu_si128 ((__m128i *) dst, out);
    } else {
      int8_t tmp[16];
      _mm_storeu_si128 ((__m128i *) tmp, out);
      memcpy (dst, tmp, (size_t) nc);
    }
  }
}
