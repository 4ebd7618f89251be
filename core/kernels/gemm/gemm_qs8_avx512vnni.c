/* GEMM 8x32 with AVX-512 VNNI vpdpwssd: 32 int16 pairs multiplied and
 * accumulated per instruction, exactly (the non-saturating form). */
#include <immintrin.h>
#include <string.h>

#include "../kernels.h"
#include "../requant_avx512.h"

static inline __m512i
bcast_pair (const int16_t *p)
{
  int32_t v;
  memcpy (&v, p, 4);
  return _mm512_set1_epi32 (v);
}

/* Accumulators are named variables, not an array: an array loop is not
 * unrolled at -O2 and would keep them in memory. */
#define ROW_STEP(r) \
  do { \
    const __m512i x = bcast_pair (a##r + k); \
    c##r##0 = _mm512_dpwssd_epi32 (c##r##0, x, w0); \
    c##r##1 = _mm512_dpwssd_epi32 (c##r##1, x, w1); \
  } while (0)

#define HALF_STEP(r) \
  c##r##0 = _mm512_dpwssd_epi32 (c##r##0, bcast_pair (a##r + k), w0)

void
mnv_qs8_gemm_8x32c2__avx512vnni (MNV_KERNEL_ARGS_QS8_GEMM)
{
  const int16_t *a0 = a;
  const int16_t *a1 = mr > 1 ? a0 + a_stride : a0;
  const int16_t *a2 = mr > 2 ? a1 + a_stride : a1;
  const int16_t *a3 = mr > 3 ? a2 + a_stride : a2;
  const int16_t *a4 = mr > 4 ? a3 + a_stride : a3;
  const int16_t *a5 = mr > 5 ? a4 + a_stride : a4;
  const int16_t *a6 = mr > 6 ? a5 + a_stride : a5;
  const int16_t *a7 = mr > 7 ? a6 + a_stride : a6;
  const __m512i b0 = _mm512_loadu_si512 (bias);
  const __m512i b1 = _mm512_loadu_si512 (bias + 16);
  __m512i c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1;
  __m512i c30 = b0, c31 = b1, c40 = b0, c41 = b1, c50 = b0, c51 = b1;
  __m512i c60 = b0, c61 = b1, c70 = b0, c71 = b1;

  if (nc <= 16) {
    /* The upper 16 channels are padding: half the work, half the loads. */
    for (int k = 0; k < kc; k += 2, w += 64) {
      const __m512i w0 = _mm512_loadu_si512 (w);
      HALF_STEP (0);
      HALF_STEP (1);
      HALF_STEP (2);
      HALF_STEP (3);
      HALF_STEP (4);
      HALF_STEP (5);
      HALF_STEP (6);
      HALF_STEP (7);
    }
  } else {
    for (int k = 0; k < kc; k += 2, w += 64) {
      const __m512i w0 = _mm512_loadu_si512 (w);
      const __m512i w1 = _mm512_loadu_si512 (w + 32);
      ROW_STEP (0);
      ROW_STEP (1);
      ROW_STEP (2);
      ROW_STEP (3);
      ROW_STEP (4);
      ROW_STEP (5);
      ROW_STEP (6);
      ROW_STEP (7);
    }
  }

  const __m512 s0 = _mm512_loadu_ps (scale), s1 = _mm512_loadu_ps (scale + 16);
  const __m512i zp = _mm512_set1_epi32 (p->out_zp);
  const __m512 flo = _mm512_set1_ps ((float) (p->out_min - p->out_zp));
  const __m512 fhi = _mm512_set1_ps ((float) (p->out_max - p->out_zp));
  const __mmask16 m0 = nc >= 16 ? 0xffff : (__mmask16) ((1u << nc) - 1);
  const __mmask16 m1 = nc >= 32 ? 0xffff :
      nc <= 16                  ? 0 :
                                  (__mmask16) ((1u << (nc - 16)) - 1);
  const __m512i rows[8][2] = { { c00, c01 }, { c10, c11 }, { c20, c21 },
    { c30, c31 }, { c40, c41 }, { c50, c51 }, { c60, c61 }, { c70, c71 } };
  for (int r = 0; r < mr; r++) {
    int8_t *dst = c + (size_t) r * c_stride;
    _mm_mask_storeu_epi8 (dst, m0,
        mnv_requant16_avx512 (rows[r][0], s0, flo, fhi, zp));
    if (m1)
      _mm_mask_storeu_epi8 (dst + 16, m1,
          mnv_requant16_avx512 (rows[r][1], s1, flo, fhi, zp));
  }
}
