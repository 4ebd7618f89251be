/* int8 GEMM 8x32 with AVX-512 VNNI vpdpbusd (unsigned x signed bytes, four
 * products per lane, exact: the non-saturating form).  A is the stored
 * int8 activations read in place; XOR 0x80 makes them unsigned (x + 128),
 * and the block's column sums take the 128 back out:
 *   sum x w = sum (x + 128) w - 128 sum w.
 * The row sums for ROW_MULT come from vpdpbusd against ones, only when
 * ROW_MULT is not 0.  Contract: kernels.h. */
#include <immintrin.h>
#include <string.h>

#include "../kernels.h"
#include "../requant_avx512.h"

#define NR 32

static inline __m512i
bcast_quad_u8 (const int8_t *p, __m512i flip)
{
  int32_t v;
  memcpy (&v, p, 4);
  return _mm512_xor_si512 (_mm512_set1_epi32 (v), flip);
}

/* Accumulators are named variables (an array would stay in memory). */
#define STEP(r) \
  do { \
    const __m512i x = bcast_quad_u8 (a##r + k, flip); \
    c##r##0 = _mm512_dpbusd_epi32 (c##r##0, x, w0); \
    c##r##1 = _mm512_dpbusd_epi32 (c##r##1, x, w1); \
  } while (0)
#define STEP_SUM(r) \
  do { \
    const __m512i x = bcast_quad_u8 (a##r + k, flip); \
    c##r##0 = _mm512_dpbusd_epi32 (c##r##0, x, w0); \
    c##r##1 = _mm512_dpbusd_epi32 (c##r##1, x, w1); \
    s##r = _mm512_dpbusd_epi32 (s##r, x, ones); \
  } while (0)
#define ALL(m) m (0); m (1); m (2); m (3); m (4); m (5); m (6); m (7)

void
mnv_qs8_gemm_dot_8x32c4__avx512vnni (MNV_KERNEL_ARGS_QS8_GEMM_DOT)
{
  const int32_t *colsum = (const int32_t *) (const void *) w;
  const int8_t *a0 = a;
  const int8_t *a1 = mr > 1 ? a0 + a_stride : a0;
  const int8_t *a2 = mr > 2 ? a1 + a_stride : a1;
  const int8_t *a3 = mr > 3 ? a2 + a_stride : a2;
  const int8_t *a4 = mr > 4 ? a3 + a_stride : a3;
  const int8_t *a5 = mr > 5 ? a4 + a_stride : a4;
  const int8_t *a6 = mr > 6 ? a5 + a_stride : a5;
  const int8_t *a7 = mr > 7 ? a6 + a_stride : a6;
  const __m512i flip = _mm512_set1_epi8 ((char) 0x80);
  const __m512i ones = _mm512_set1_epi8 (1);
  const __m512i z = _mm512_setzero_si512 ();
  __m512i c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z;
  __m512i c31 = z, c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z;
  __m512i c70 = z, c71 = z;
  __m512i s0 = z, s1 = z, s2 = z, s3 = z, s4 = z, s5 = z, s6 = z, s7 = z;

  w += NR * 4;
  if (p->row_mult == 0) {
    for (int k = 0; k < kc; k += 4, w += 4 * NR) {
      const __m512i w0 = _mm512_loadu_si512 (w);
      const __m512i w1 = _mm512_loadu_si512 (w + 64);
      ALL (STEP);
    }
  } else {
    for (int k = 0; k < kc; k += 4, w += 4 * NR) {
      const __m512i w0 = _mm512_loadu_si512 (w);
      const __m512i w1 = _mm512_loadu_si512 (w + 64);
      ALL (STEP_SUM);
    }
  }

  /* bias - 128 * colsum, per channel; wrapping int32 throughout. */
  const __m512i k128 = _mm512_set1_epi32 (128);
  const __m512i base0 = _mm512_sub_epi32 (_mm512_loadu_si512 (bias),
      _mm512_mullo_epi32 (_mm512_loadu_si512 (colsum), k128));
  const __m512i base1 = _mm512_sub_epi32 (_mm512_loadu_si512 (bias + 16),
      _mm512_mullo_epi32 (_mm512_loadu_si512 (colsum + 16), k128));
  /* Row sum of x = sum (x + 128) - 128 kc. */
  const __m512i rm = _mm512_set1_epi32 (p->row_mult);
  const __m512i off = _mm512_set1_epi32 (128 * kc);
  const __m512 sc0 = _mm512_loadu_ps (scale);
  const __m512 sc1 = _mm512_loadu_ps (scale + 16);
  const __m512i zp = _mm512_set1_epi32 (p->out_zp);
  const __m128i lo = _mm_set1_epi8 ((char) p->out_min);
  const __m128i hi = _mm_set1_epi8 ((char) p->out_max);
  const __mmask16 m0 = nc >= 16 ? 0xffff : (__mmask16) ((1u << nc) - 1);
  const __mmask16 m1 = nc >= 32 ? 0xffff : nc <= 16 ? 0 :
      (__mmask16) ((1u << (nc - 16)) - 1);
  const __m512i rows[8][3] = { {c00, c01, s0}, {c10, c11, s1}, {c20, c21, s2},
    {c30, c31, s3}, {c40, c41, s4}, {c50, c51, s5}, {c60, c61, s6},
    {c70, c71, s7}
  };
  for (int r = 0; r < mr; r++) {
    const __m512i row = _mm512_mullo_epi32 (_mm512_sub_epi32 (rows[r][2], off),
        rm);
    int8_t *dst = c + (size_t) r * c_stride;
    const __m512i acc0 = _mm512_add_epi32 (_mm512_add_epi32 (rows[r][0],
            base0), row);
    const __m512i acc1 = _mm512_add_epi32 (_mm512_add_epi32 (rows[r][1],
            base1), row);
    _mm_mask_storeu_epi8 (dst, m0, mnv_requant16_avx512 (acc0, sc0, zp, lo,
            hi));
    if (m1)
      _mm_mask_storeu_epi8 (dst + 16, m1, mnv_requant16_avx512 (acc1, sc1, zp,
              lo, hi));
  }
}
