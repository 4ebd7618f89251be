/* Frame pre-processing rows with AVX2, 8 output columns at a time: the
 * source samples loaded 32 bits at a time (only where the caller says 4
 * bytes can be read: columns [0, safe)), YUV converted in 32-bit lanes
 * with the reference's integer arithmetic (int16 products), the division
 * of the vertical pass as a float estimate corrected to the exact
 * quotient.  Same bytes as image_rows_ref.c. */
#include <immintrin.h>
#include <string.h>

#include "image_rows.h"

static inline __m256i
clamp_u8 (__m256i v)
{
  return _mm256_min_epi32 (_mm256_max_epi32 (v, _mm256_setzero_si256 ()),
      _mm256_set1_epi32 (255));
}

/* R, G, B of 8 YUV samples (32-bit lanes holding 0-255).  The products
 * are int16 x int16 (_mm256_madd_epi16 on lanes whose upper half is 0),
 * cheaper than 32-bit multiplies: Y - y_off, U - 128 and V - 128 and the
 * coefficients all fit int16. */
static inline void
yuv_rgb (const mnv_image_row_params *p, __m256i Y, __m256i U, __m256i V,
    __m256i rgb[3])
{
  const __m256i lo = _mm256_set1_epi32 (0xffff), k128 = _mm256_set1_epi32 (128);
  const __m256i yc = _mm256_and_si256 (_mm256_sub_epi32 (Y,
                                           _mm256_set1_epi32 (p->y_off)),
      lo);
  const __m256i d = _mm256_and_si256 (_mm256_sub_epi32 (U, k128), lo);
  const __m256i e = _mm256_and_si256 (_mm256_sub_epi32 (V, k128), lo);
  const __m256i yy = _mm256_add_epi32 (_mm256_madd_epi16 (yc,
                                           _mm256_set1_epi32 (p->y_mul)),
      k128);
  /* G's two chroma terms in one: (d, e) . (gu, gv). */
  const __m256i de = _mm256_or_si256 (d, _mm256_slli_epi32 (e, 16));
  const __m256i guv = _mm256_set1_epi32 ((p->gu & 0xffff) | (p->gv << 16));
  rgb[0] = clamp_u8 (
      _mm256_srai_epi32 (_mm256_add_epi32 (yy,
                             _mm256_madd_epi16 (e, _mm256_set1_epi32 (p->rv))),
          8));
  rgb[1] = clamp_u8 (
      _mm256_srai_epi32 (_mm256_sub_epi32 (yy, _mm256_madd_epi16 (de, guv)),
          8));
  rgb[2] = clamp_u8 (
      _mm256_srai_epi32 (_mm256_add_epi32 (yy,
                             _mm256_madd_epi16 (d, _mm256_set1_epi32 (p->bu))),
          8));
}

/* A * g + B * f per lane, A, B in 0-255 and g, f below 2^15 as int16
 * pairs (GF: g in the low half, f in the high). */
static inline __m256i
weigh (__m256i A, __m256i B, __m256i gf)
{
  return _mm256_madd_epi16 (_mm256_or_si256 (A, _mm256_slli_epi32 (B, 16)), gf);
}

/* The 32 bits at BASE + OFF[k] for 8 k: scalar loads, which on some CPUs
 * (AMD's) beat a gather. */
static inline __m256i
load32 (const uint8_t *base, const int32_t *off)
{
  uint32_t w[8];
  for (int k = 0; k < 8; k++)
    memcpy (&w[k], base + off[k], 4);
  return _mm256_setr_epi32 ((int) w[0], (int) w[1], (int) w[2], (int) w[3],
      (int) w[4], (int) w[5], (int) w[6], (int) w[7]);
}

void
mnv_image_hyuv_1x8__avx2 (const uint8_t *y, const uint8_t *u, const uint8_t *v,
    const mnv_image_row_params *p, int n, int safe, int32_t *h)
{
  const __m256i mask = _mm256_set1_epi32 (0xff);
  int i = 0;
  /* The two taps are neighbours (b - a is 0 or 1 sample, so are the
   * chroma taps): one 32-bit gather at a holds both luma samples, one at
   * ca both chroma pairs (NV12: U, V, U, V) or both U (I420, V likewise);
   * per-lane shifts pick the second. */
  for (; i + 8 <= safe; i += 8) {
    const __m256i ia = _mm256_loadu_si256 ((const __m256i *) (p->a + i));
    const __m256i ib = _mm256_loadu_si256 ((const __m256i *) (p->b + i));
    const __m256i ca = _mm256_loadu_si256 ((const __m256i *) (p->ca + i));
    const __m256i cb = _mm256_loadu_si256 ((const __m256i *) (p->cb + i));
    const __m256i gf = _mm256_loadu_si256 ((const __m256i *) (p->gf + i));
    const __m256i ly = load32 (y, p->a + i);
    const __m256i sy = _mm256_slli_epi32 (_mm256_sub_epi32 (ib, ia), 3);
    const __m256i sc = _mm256_slli_epi32 (_mm256_sub_epi32 (cb, ca), 3);
    __m256i Ua, Va, Ub, Vb;
    if (p->interleaved) {
      const __m256i c = load32 (u, p->ca + i);
      const __m256i cs = _mm256_srlv_epi32 (c, sc);
      Ua = _mm256_and_si256 (c, mask);
      Va = _mm256_and_si256 (_mm256_srli_epi32 (c, 8), mask);
      Ub = _mm256_and_si256 (cs, mask);
      Vb = _mm256_and_si256 (_mm256_srli_epi32 (cs, 8), mask);
    } else {
      const __m256i cu = load32 (u, p->ca + i);
      const __m256i cv = load32 (v, p->ca + i);
      Ua = _mm256_and_si256 (cu, mask);
      Va = _mm256_and_si256 (cv, mask);
      Ub = _mm256_and_si256 (_mm256_srlv_epi32 (cu, sc), mask);
      Vb = _mm256_and_si256 (_mm256_srlv_epi32 (cv, sc), mask);
    }
    __m256i A[3], B[3];
    yuv_rgb (p, _mm256_and_si256 (ly, mask), Ua, Va, A);
    yuv_rgb (p, _mm256_and_si256 (_mm256_srlv_epi32 (ly, sy), mask), Ub, Vb, B);
    for (int c = 0; c < 3; c++)
      _mm256_storeu_si256 ((__m256i *) (h + c * n + i), weigh (A[c], B[c], gf));
  }
  /* The rest one by one, as the reference does them. */
  for (; i < n; i++)
    mnv_image_hyuv_column (y, u, v, p, i, n, h);
}

void
mnv_image_hpacked_1x8__avx2 (const uint8_t *row, const mnv_image_row_params *p,
    int n, int safe, int32_t *h)
{
  const __m256i mask = _mm256_set1_epi32 (0xff);
  int i = 0;
  /* A gather of 32 bits at each pixel's first byte holds its R, G and B
   * (4-byte pixels; 3-byte pixels where a fourth byte can be read). */
  for (; i + 8 <= safe; i += 8) {
    const __m256i gf = _mm256_loadu_si256 ((const __m256i *) (p->gf + i));
    const __m256i pa = load32 (row, p->a + i);
    const __m256i pb = load32 (row, p->b + i);
    for (int c = 0; c < 3; c++) {
      const __m128i sh = _mm_cvtsi32_si128 (8 * p->off[c]);
      const __m256i va = _mm256_and_si256 (_mm256_srl_epi32 (pa, sh), mask);
      const __m256i vb = _mm256_and_si256 (_mm256_srl_epi32 (pb, sh), mask);
      _mm256_storeu_si256 ((__m256i *) (h + c * n + i), weigh (va, vb, gf));
    }
  }
  for (; i < n; i++)
    mnv_image_hpacked_column (row, p, i, n, h);
}

/* floor (x / dd) for 0 <= x < 2^31, 0 < dd, the quotient below 257: a
 * float estimate is within one of it, one correction makes it exact. */
static inline __m256i
divide (__m256i x, __m256i dd, __m256 inv)
{
  __m256i q = _mm256_cvttps_epi32 (_mm256_mul_ps (_mm256_cvtepi32_ps (x), inv));
  __m256i r = _mm256_sub_epi32 (x, _mm256_mullo_epi32 (q, dd));
  /* r < 0: one too many; r >= dd: one too few. */
  q = _mm256_add_epi32 (q, _mm256_srai_epi32 (r, 31));
  r = _mm256_add_epi32 (r, _mm256_and_si256 (_mm256_srai_epi32 (r, 31), dd));
  return _mm256_sub_epi32 (q,
      _mm256_cmpgt_epi32 (r, _mm256_sub_epi32 (dd, _mm256_set1_epi32 (1))));
}

void
mnv_image_vrow_1x8__avx2 (const int32_t *top, const int32_t *bot, int32_t wt,
    int32_t wb, int32_t d, int n, uint8_t *out)
{
  const __m256i vwt = _mm256_set1_epi32 (wt), vwb = _mm256_set1_epi32 (wb);
  const __m256i vd = _mm256_set1_epi32 (d), dd = _mm256_set1_epi32 (2 * d);
  const __m256 inv = _mm256_set1_ps (1.0f / (float) (2 * d));
  /* R, G, B of 4 pixels per 128-bit lane (bytes 0, 4, 8, ...) to 12
   * consecutive bytes. */
  const __m256i pack = _mm256_setr_epi8 (0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14,
      -1, -1, -1, -1, 0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1);
  int i = 0;
  /* The 16-byte store of the second half writes 4 bytes past its 12: stop
   * where they would leave the row. */
  for (; i + 10 <= n; i += 8) {
    __m256i q[3];
    for (int c = 0; c < 3; c++) {
      const __m256i t = _mm256_loadu_si256 (
          (const __m256i *) (top + c * n + i));
      const __m256i b = _mm256_loadu_si256 (
          (const __m256i *) (bot + c * n + i));
      const __m256i x = _mm256_add_epi32 (
          _mm256_slli_epi32 (_mm256_add_epi32 (_mm256_mullo_epi32 (t, vwt),
                                 _mm256_mullo_epi32 (b, vwb)),
              1),
          vd);
      q[c] = _mm256_min_epi32 (divide (x, dd, inv), _mm256_set1_epi32 (255));
    }
    const __m256i px = _mm256_or_si256 (q[0],
        _mm256_or_si256 (_mm256_slli_epi32 (q[1], 8),
            _mm256_slli_epi32 (q[2], 16)));
    const __m256i packed = _mm256_shuffle_epi8 (px, pack);
    _mm_storeu_si128 ((__m128i *) (out + 3 * i),
        _mm256_castsi256_si128 (packed));
    _mm_storeu_si128 ((__m128i *) (out + 3 * i + 12),
        _mm256_extracti128_si256 (packed, 1));
  }
  for (; i < n; i++)
    mnv_image_vrow_pixel (top, bot, wt, wb, d, i, n, out);
}
