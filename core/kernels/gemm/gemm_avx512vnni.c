/* GEMM 8x32 with AVX-512 VNNI vpdpwssd: 32 int16 pairs multiplied and
 * accumulated per instruction, exactly (the non-saturating form). */
#include <immintrin.h>
#include <string.h>

#include "../kernels.h"

static inline __m512i
bcast_pair (const int16_t *p)
{
  int32_t v;
  memcpy (&v, p, 4);
  return _mm512_set1_epi32 (v);
}

static inline __m128i
requant16 (__m512i acc, __m512 s, __m512i zp, __m128i lo, __m128i hi)
{
  const __m512 lim = _mm512_set1_ps (1073741824.0f);
  const __m512 nlim = _mm512_set1_ps (-1073741824.0f);
  __m512 f = _mm512_mul_ps (_mm512_cvtepi32_ps (acc), s);
  f = _mm512_min_ps (_mm512_max_ps (f, nlim), lim);
  __m512i i = _mm512_add_epi32 (_mm512_cvtps_epi32 (f), zp);
  /* vpmovsdb saturates like the packs chain of the AVX2 kernel. */
  return _mm_min_epi8 (_mm_max_epi8 (_mm512_cvtsepi32_epi8 (i), lo), hi);
}

void
mnv_qs8_gemm_8x32c2__avx512vnni (MNV_KERNEL_ARGS_QS8_GEMM)
{
  const int16_t *ar[8];
  __m512i acc[8][2];
  const __m512i b0 = _mm512_loadu_si512 (bias);
  const __m512i b1 = _mm512_loadu_si512 (bias + 16);

  ar[0] = a;
  for (int r = 1; r < 8; r++)
    ar[r] = r < mr ? ar[r - 1] + a_stride : ar[r - 1];
  for (int r = 0; r < 8; r++) {
    acc[r][0] = b0;
    acc[r][1] = b1;
  }
  for (int k = 0; k < kc; k += 2, w += 64) {
    const __m512i w0 = _mm512_loadu_si512 (w);
    const __m512i w1 = _mm512_loadu_si512 (w + 32);
    for (int r = 0; r < 8; r++) {
      const __m512i x = bcast_pair (ar[r] + k);
      acc[r][0] = _mm512_dpwssd_epi32 (acc[r][0], x, w0);
      acc[r][1] = _mm512_dpwssd_epi32 (acc[r][1], x, w1);
    }
  }

  const __m512 s0 = _mm512_loadu_ps (scale), s1 = _mm512_loadu_ps (scale + 16);
  const __m512i zp = _mm512_set1_epi32 (p->out_zp);
  const __m128i lo = _mm_set1_epi8 ((char) p->out_min);
  const __m128i hi = _mm_set1_epi8 ((char) p->out_max);
  const __mmask16 m0 = nc >= 16 ? 0xffff : (__mmask16) ((1u << nc) - 1);
  const __mmask16 m1 = nc >= 32 ? 0xffff : nc <= 16 ? 0 :
      (__mmask16) ((1u << (nc - 16)) - 1);
  for (int r = 0; r < mr; r++) {
    int8_t *dst = c + (size_t) r * c_stride;
    _mm_mask_storeu_epi8 (dst, m0, requant16 (acc[r][0], s0, zp, lo, hi));
    if (m1)
      _mm_mask_storeu_epi8 (dst + 16, m1, requant16 (acc[r][1], s1, zp, lo,
              hi));
  }
}
