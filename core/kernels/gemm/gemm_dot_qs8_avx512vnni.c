/* int8 GEMM 8x32 with AVX-512 VNNI vpdpbusd (unsigned x signed bytes, four
 * products per lane, exact: the non-saturating form).  The activations are
 * the signed operand, broadcast straight from memory (four bytes of a row
 * per step); the weights are the unsigned one, stored as w + 128
 * (MNV_DOT_W_FLIP), and the row sums take the 128 back out:
 *   sum x w = sum x (w + 128) - 128 sum x.
 * The row sums are needed in the first channel block only (ROWSUM_READY):
 * from vpdpbusd of ones against the broadcasts for short rows of many
 * channels, else row by row 64 bytes at a time before the main loop.  A
 * block of at most 16 channels runs one vector of them; a single row runs
 * alone.  The accumulators start at the bias.  Contract: kernels.h. */
#include <immintrin.h>
#include <string.h>

#include "../kernels.h"
#include "../requant_avx512.h"

#define NR 32

/* Sum of the N int8 values at P (wrapping). */
static inline int32_t
row_sum (const int8_t *p, int n)
{
  const __m512i ones = _mm512_set1_epi8 (1);
  __m512i s = _mm512_setzero_si512 ();
  for (; n >= 64; n -= 64, p += 64)
    s = _mm512_dpbusd_epi32 (s, ones, _mm512_loadu_si512 (p));
  if (n > 0)
    s = _mm512_dpbusd_epi32 (s, ones,
        _mm512_maskz_loadu_epi8 ((__mmask64) (~0ull >> (64 - n)), p));
  return _mm512_reduce_add_epi32 (s);
}

static inline __m512i
bcast_quad (const int8_t *p)
{
  int32_t v;
  memcpy (&v, p, 4);
  return _mm512_set1_epi32 (v);
}

/* Accumulators are named variables (an array would stay in memory). */
#define STEP(r) \
  do { \
    const __m512i x = bcast_quad (a##r + k); \
    c##r##0 = _mm512_dpbusd_epi32 (c##r##0, w0, x); \
    c##r##1 = _mm512_dpbusd_epi32 (c##r##1, w1, x); \
  } while (0)
#define STEP_SUM(r) \
  do { \
    const __m512i x = bcast_quad (a##r + k); \
    c##r##0 = _mm512_dpbusd_epi32 (c##r##0, w0, x); \
    c##r##1 = _mm512_dpbusd_epi32 (c##r##1, w1, x); \
    s##r = _mm512_dpbusd_epi32 (s##r, ones, x); \
  } while (0)
#define STEP_HALF(r) \
  do { \
    const __m512i x = bcast_quad (a##r + k); \
    c##r##0 = _mm512_dpbusd_epi32 (c##r##0, w0, x); \
  } while (0)
#define ALL(m) \
  m (0); \
  m (1); \
  m (2); \
  m (3); \
  m (4); \
  m (5); \
  m (6); \
  m (7)

void
mnv_qs8_gemm_dot_8x32c4__avx512vnni (MNV_KERNEL_ARGS_QS8_GEMM_DOT)
{
  const int8_t *a0 = a;
  const int8_t *a1 = mr > 1 ? a0 + a_stride : a0;
  const int8_t *a2 = mr > 2 ? a1 + a_stride : a1;
  const int8_t *a3 = mr > 3 ? a2 + a_stride : a2;
  const int8_t *a4 = mr > 4 ? a3 + a_stride : a3;
  const int8_t *a5 = mr > 5 ? a4 + a_stride : a4;
  const int8_t *a6 = mr > 6 ? a5 + a_stride : a5;
  const int8_t *a7 = mr > 7 ? a6 + a_stride : a6;
  const __m512i b0 = _mm512_loadu_si512 (bias);
  const __m512i b1 = _mm512_loadu_si512 (bias + 16);
  __m512i c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1;
  __m512i c30 = b0, c31 = b1, c40 = b0, c41 = b1, c50 = b0, c51 = b1;
  __m512i c60 = b0, c61 = b1, c70 = b0, c71 = b1;

  /* Long rows, one vector of channels or one row: the sums first, a row at
   * a time (in the loop they would cost a vpdpbusd per row and step). */
  if (!rowsum_ready && (kc >= 48 || nc <= 16 || mr == 1)) {
    for (int r = 0; r < mr; r++)
      rowsum[r] = row_sum (a + (size_t) r * a_stride, kc);
    rowsum_ready = 1;
  }
  if (mr == 1) {
    /* One row (fully connected): the other rows' work would be wasted;
     * two chains per vector of channels hide the vpdpbusd latency. */
    __m512i d00 = _mm512_setzero_si512 (), d01 = d00;
    int k = 0;
    for (; k + 8 <= kc; k += 8, w += 8 * NR) {
      const __m512i x = bcast_quad (a0 + k), y = bcast_quad (a0 + k + 4);
      c00 = _mm512_dpbusd_epi32 (c00, _mm512_loadu_si512 (w), x);
      c01 = _mm512_dpbusd_epi32 (c01, _mm512_loadu_si512 (w + 64), x);
      d00 = _mm512_dpbusd_epi32 (d00, _mm512_loadu_si512 (w + 128), y);
      d01 = _mm512_dpbusd_epi32 (d01, _mm512_loadu_si512 (w + 192), y);
    }
    for (; k < kc; k += 4, w += 4 * NR) {
      const __m512i x = bcast_quad (a0 + k);
      c00 = _mm512_dpbusd_epi32 (c00, _mm512_loadu_si512 (w), x);
      c01 = _mm512_dpbusd_epi32 (c01, _mm512_loadu_si512 (w + 64), x);
    }
    c00 = _mm512_add_epi32 (c00, d00);
    c01 = _mm512_add_epi32 (c01, d01);
  } else if (nc <= 16 && rowsum_ready) {
    for (int k = 0; k < kc; k += 4, w += 4 * NR) {
      const __m512i w0 = _mm512_loadu_si512 (w);
      ALL (STEP_HALF);
    }
  } else if (rowsum_ready) {
    for (int k = 0; k < kc; k += 4, w += 4 * NR) {
      const __m512i w0 = _mm512_loadu_si512 (w);
      const __m512i w1 = _mm512_loadu_si512 (w + 64);
      ALL (STEP);
    }
  } else {
    const __m512i ones = _mm512_set1_epi8 (1);
    const __m512i z = _mm512_setzero_si512 ();
    __m512i s0 = z, s1 = z, s2 = z, s3 = z, s4 = z, s5 = z, s6 = z, s7 = z;
    for (int k = 0; k < kc; k += 4, w += 4 * NR) {
      const __m512i w0 = _mm512_loadu_si512 (w);
      const __m512i w1 = _mm512_loadu_si512 (w + 64);
      ALL (STEP_SUM);
    }
    /* Every lane holds the row's sum (each saw the same broadcasts). */
    const __m512i s[8] = { s0, s1, s2, s3, s4, s5, s6, s7 };
    for (int r = 0; r < mr; r++)
      rowsum[r] = _mm_cvtsi128_si32 (_mm512_castsi512_si128 (s[r]));
  }

  /* Times the row sum: ROW_MULT, less the 128 of the unsigned weights. */
  const uint32_t coef = (uint32_t) p->row_mult - 128u;
  const __m512 sc0 = _mm512_loadu_ps (scale);
  const __m512 sc1 = _mm512_loadu_ps (scale + 16);
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
    const __m512i t = _mm512_set1_epi32 (
        (int32_t) ((uint32_t) rowsum[r] * coef));
    int8_t *dst = c + (size_t) r * c_stride;
    _mm_mask_storeu_epi8 (dst, m0,
        mnv_requant16_avx512 (_mm512_add_epi32 (rows[r][0], t), sc0, flo, fhi,
            zp));
    if (m1)
      _mm_mask_storeu_epi8 (dst + 16, m1,
          mnv_requant16_avx512 (_mm512_add_epi32 (rows[r][1], t), sc1, flo, fhi,
              zp));
  }
}
