/* Frame pre-processing rows with AVX-512 VBMI, 16 output columns at a
 * time.  The horizontal YUV pass: the bytes the columns' taps span (up to
 * 128 of a row; beyond that, up to 128 for each half) come in with masked
 * loads, which never read past the last tap, and a byte permute (vpermt2b)
 * picks each column's two samples into a 16-bit pair; YUV is converted
 * with the reference's integers as (Y, chroma) dot products (int16
 * products, int32 sums) and packed back to the pairs the horizontal
 * weights take.
 * Groups whose taps span more (downscaling beyond 16:1) are split in
 * halves until they fit; the last columns of a row are a masked group.
 * The packed (RGB family) horizontal pass: one 8-byte load per column (both
 * taps) and a byte permute per colour.
 * The vertical pass: the AVX2 kernel's arithmetic on 16 pixels, packed to
 * bytes by one permute.  Same bytes as image_rows_ref.c. */
#include <immintrin.h>
#include <string.h>

#include "image_rows.h"

#define INLINE static inline __attribute__ ((always_inline))

/* The conversion's constants, broadcast once per row.  Each colour is a
 * dot product of a (Y, chroma) pair of 16-bit samples with a coefficient
 * pair (_mm512_madd_epi16) plus a constant that folds the offsets in:
 *   R = (Y * y_mul + V * rv + cr) >> 8,     cr = 128 - y_off y_mul - 128 rv
 *   G = (Y * y_mul - U * gu - V * gv + cg) >> 8,
 *                                  cg = 128 - y_off y_mul + 128 (gu + gv)
 *   B = (Y * y_mul + U * bu + cb) >> 8,     cb = 128 - y_off y_mul - 128 bu
 * the same integers as the reference's (Y - y_off) y_mul + 128 + ... */
typedef struct {
  __m512i yv_r, yu_b, yu_g, yv_g, cr, cg, cb, k255;
} coeffs;

static __m512i
pair32 (int lo, int hi)
{
  return _mm512_set1_epi32 (
      (int32_t) ((uint32_t) (lo & 0xffff) | (uint32_t) (hi & 0xffff) << 16));
}

static void
coeffs_init (const mnv_image_row_params *p, coeffs *k)
{
  const int32_t c = 128 - p->y_off * p->y_mul;
  k->yv_r = pair32 (p->y_mul, p->rv);
  k->yu_b = pair32 (p->y_mul, p->bu);
  k->yu_g = pair32 (p->y_mul, -p->gu);
  k->yv_g = pair32 (0, -p->gv);
  k->cr = _mm512_set1_epi32 (c - 128 * p->rv);
  k->cg = _mm512_set1_epi32 (c + 128 * (p->gu + p->gv));
  k->cb = _mm512_set1_epi32 (c - 128 * p->bu);
  k->k255 = _mm512_set1_epi16 (255);
}

/* (LO >> 8, HI >> 8) to 16-bit lanes clamped to 0-255: per 128-bit lane,
 * LO's four values then HI's (the unsigned saturation clamps below 0). */
INLINE __m512i
shift_pack (const coeffs *k, __m512i lo, __m512i hi)
{
  return _mm512_min_epu16 (_mm512_packus_epi32 (_mm512_srai_epi32 (lo, 8),
                               _mm512_srai_epi32 (hi, 8)),
      k->k255);
}

/* R, G, B of 16 columns' sample pairs.  Y, U, V hold each column's (first,
 * second) samples as 16-bit words, columns in order.  Interleaving Y with a
 * chroma plane by words makes (Y, chroma) pairs, a 128-bit lane's columns
 * 0-1 (LO) and 2-3 (HI); the packing puts them back in order, so each
 * colour comes out as (first, second) word pairs per column again, ready
 * for the horizontal weights. */
INLINE void
yuv_rgb_pairs (const coeffs *k, __m512i Y, __m512i U, __m512i V, __m512i *r,
    __m512i *g, __m512i *b)
{
  const __m512i yv_lo = _mm512_unpacklo_epi16 (Y, V);
  const __m512i yv_hi = _mm512_unpackhi_epi16 (Y, V);
  const __m512i yu_lo = _mm512_unpacklo_epi16 (Y, U);
  const __m512i yu_hi = _mm512_unpackhi_epi16 (Y, U);
  /* vpdpwssd: the constant plus the pair's dot product in one step. */
  *r = shift_pack (k, _mm512_dpwssd_epi32 (k->cr, yv_lo, k->yv_r),
      _mm512_dpwssd_epi32 (k->cr, yv_hi, k->yv_r));
  *b = shift_pack (k, _mm512_dpwssd_epi32 (k->cb, yu_lo, k->yu_b),
      _mm512_dpwssd_epi32 (k->cb, yu_hi, k->yu_b));
  *g = shift_pack (k,
      _mm512_dpwssd_epi32 (_mm512_dpwssd_epi32 (k->cg, yu_lo, k->yu_g), yv_lo,
          k->yv_g),
      _mm512_dpwssd_epi32 (_mm512_dpwssd_epi32 (k->cg, yu_hi, k->yu_g), yv_hi,
          k->yv_g));
}

/* The SPAN bytes at SRC (1 to 128) as two registers, nothing read past
 * them (masked loads do not touch masked-out bytes). */
INLINE void
load_span (const uint8_t *src, int span, __m512i *lo, __m512i *hi)
{
  const __mmask64 m_lo = span >= 64 ? ~(__mmask64) 0 :
                                      ((__mmask64) 1 << span) - 1;
  const __mmask64 m_hi = span <= 64 ? 0 :
      span >= 128                   ? ~(__mmask64) 0 :
                                      ((__mmask64) 1 << (span - 64)) - 1;
  *lo = _mm512_maskz_loadu_epi8 (m_lo, src);
  *hi = _mm512_maskz_loadu_epi8 (m_hi, src + 64);
}

/* Byte indices of 16 sample pairs: (first, second) of each column (lanes
 * in M) as offsets from its window's start (VB), in bytes 0 and 2 of the
 * column's 32-bit lane (bytes 1 and 3 are zeroed by the permute's mask). */
INLINE __m512i
pair_index (const int32_t *first, const int32_t *second, __mmask16 m,
    __m512i vb)
{
  const __m512i x = _mm512_sub_epi32 (_mm512_maskz_loadu_epi32 (m, first), vb);
  const __m512i y = _mm512_sub_epi32 (_mm512_maskz_loadu_epi32 (m, second), vb);
  return _mm512_or_si512 (x, _mm512_slli_epi32 (y, 16));
}

/* Even bytes: the samples, zero-extended to 16-bit words by the mask. */
#define EVEN_BYTES 0x5555555555555555ull

/* The sample pairs IDX picks (first | second << 16 per 32-bit lane) from
 * the window of SPAN bytes at BASE in ROW, or when SPAN2 is not 0, for
 * columns 8-15 from the one of SPAN2 bytes at BASE2.  NEXT (NV12's V after
 * its U): the same one byte further, from the same windows. */
INLINE void
window_pairs (const uint8_t *row, int base, int span, int base2, int span2,
    __m512i idx, __m512i *out, __m512i *next)
{
  const __m512i idx1 = _mm512_add_epi32 (idx, _mm512_set1_epi32 (0x00010001));
  __m512i lo, hi;
  if (span <= 64 && !span2) {
    /* One register holds the window (1920 to 513 columns, for one): one
     * load and the one-table permute. */
    lo = _mm512_maskz_loadu_epi8 (span == 64 ? ~(__mmask64) 0 :
                                               ((__mmask64) 1 << span) - 1,
        row + base);
    *out = _mm512_maskz_permutexvar_epi8 (EVEN_BYTES, idx, lo);
    if (next)
      *next = _mm512_maskz_permutexvar_epi8 (EVEN_BYTES, idx1, lo);
    return;
  }
  load_span (row + base, span, &lo, &hi);
  *out = _mm512_maskz_permutex2var_epi8 (EVEN_BYTES, lo, idx, hi);
  if (next)
    *next = _mm512_maskz_permutex2var_epi8 (EVEN_BYTES, lo, idx1, hi);
  if (!span2)
    return;
  /* Columns 0-7 are bytes 0-31, columns 8-15 bytes 32-63. */
  const __mmask64 top = 0xffffffff00000000ull;
  load_span (row + base2, span2, &lo, &hi);
  *out = _mm512_mask_blend_epi8 (top, *out,
      _mm512_maskz_permutex2var_epi8 (EVEN_BYTES, lo, idx, hi));
  if (next)
    *next = _mm512_mask_blend_epi8 (top, *next,
        _mm512_maskz_permutex2var_epi8 (EVEN_BYTES, lo, idx1, hi));
}

/* The samples of columns [0, CNT) (CNT 1 to 16) of ROW at FIRST and
 * SECOND as window_pairs gives them, the windows found here: one of up to
 * 128 bytes, or when the taps span more, one for columns 0-7 and one for
 * 8-15.  TAIL: bytes read past the last second tap.  FALSE when even that
 * does not fit. */
INLINE int
row_pairs (const uint8_t *row, const int32_t *first, const int32_t *second,
    int cnt, int tail, __m512i *out, __m512i *next)
{
  const __mmask16 m = (__mmask16) ((1u << cnt) - 1);
  const int base = first[0], span = second[cnt - 1] - base + 1 + tail;
  if (span <= 128) {
    window_pairs (row, base, span, 0, 0,
        pair_index (first, second, m, _mm512_set1_epi32 (base)), out, next);
    return 1;
  }
  if (cnt <= 8)
    return 0;
  const int base2 = first[8];
  const int span1 = second[7] - base + 1 + tail;
  const int span2 = second[cnt - 1] - base2 + 1 + tail;
  if (span1 > 128 || span2 > 128)
    return 0;
  const __m512i vb = _mm512_mask_blend_epi32 (0xff00, _mm512_set1_epi32 (base),
      _mm512_set1_epi32 (base2));
  window_pairs (row, base, span1, base2, span2,
      pair_index (first, second, m, vb), out, next);
  return 1;
}

/* Converts the pairs of columns [I, I + CNT) and stores their weighted
 * sums (first * g + second * f) in the planar H. */
INLINE void
convert_store (const mnv_image_row_params *p, const coeffs *k, __m512i ly,
    __m512i cu, __m512i cv, int n, int i, int cnt, int32_t *h)
{
  const __mmask16 m = (__mmask16) ((1u << cnt) - 1);
  __m512i r, g, b;
  yuv_rgb_pairs (k, ly, cu, cv, &r, &g, &b);
  const __m512i gf = _mm512_maskz_loadu_epi32 (m, p->gf + i);
  _mm512_mask_storeu_epi32 (h + i, m, _mm512_madd_epi16 (r, gf));
  _mm512_mask_storeu_epi32 (h + n + i, m, _mm512_madd_epi16 (g, gf));
  _mm512_mask_storeu_epi32 (h + 2 * n + i, m, _mm512_madd_epi16 (b, gf));
}

/* Columns [I, I + CNT) of the row (CNT 1 to 16; lanes past CNT are
 * computed from whatever and not stored); FALSE, doing nothing, when their
 * taps do not fit row_pairs's windows. */
INLINE int
hyuv_group (const uint8_t *y, const uint8_t *u, const uint8_t *v,
    const mnv_image_row_params *p, const coeffs *k, int n, int i, int cnt,
    int32_t *h)
{
  __m512i ly, cu, cv;
  if (!row_pairs (y, p->a + i, p->b + i, cnt, 0, &ly, NULL))
    return 0;
  if (p->interleaved) {
    /* U, V, U, V: V one byte after its U, from the same windows. */
    if (!row_pairs (u, p->ca + i, p->cb + i, cnt, 1, &cu, &cv))
      return 0;
  } else if (!row_pairs (u, p->ca + i, p->cb + i, cnt, 0, &cu, NULL) ||
      !row_pairs (v, p->ca + i, p->cb + i, cnt, 0, &cv, NULL)) {
    return 0;
  }
  convert_store (p, k, ly, cu, cv, n, i, cnt, h);
  return 1;
}

/* Window_pairs of a planned window W and its PAIRS (mnv_image_windows). */
INLINE void
planned_pairs (const uint8_t *row, const mnv_image_window *w,
    const int32_t *pairs, __m512i *out, __m512i *next)
{
  window_pairs (row, w->base[0], w->span[0], w->base[1], w->span[1],
      _mm512_load_si512 ((const void *) pairs), out, next);
}

/* Group G (columns [16 G, 16 G + CNT)) from the planned windows; FALSE
 * when its taps did not fit them. */
INLINE int
hyuv_planned (const uint8_t *y, const uint8_t *u, const uint8_t *v,
    const mnv_image_row_params *p, const coeffs *k, int n, int gi, int cnt,
    int32_t *h)
{
  const mnv_image_windows *w = p->win;
  const mnv_image_window *wy = &w->luma[gi], *wc = &w->chroma[gi];
  if (!wy->span[0] || !wc->span[0])
    return 0;
  const int i = gi * MNV_IMAGE_GROUP;
  __m512i ly, cu, cv;
  planned_pairs (y, wy, w->luma_pairs + i, &ly, NULL);
  if (p->interleaved) {
    planned_pairs (u, wc, w->chroma_pairs + i, &cu, &cv);
  } else {
    planned_pairs (u, wc, w->chroma_pairs + i, &cu, NULL);
    planned_pairs (v, wc, w->chroma_pairs + i, &cv, NULL);
  }
  convert_store (p, k, ly, cu, cv, n, i, cnt, h);
  return 1;
}

/* Columns [I, I + CNT): one group when their taps fit, else each half the
 * same way (a strong downscale: 1920 to 224 columns takes groups of 8),
 * single columns as the reference does them. */
static void
hyuv_columns (const uint8_t *y, const uint8_t *u, const uint8_t *v,
    const mnv_image_row_params *p, const coeffs *k, int n, int i, int cnt,
    int32_t *h)
{
  if (hyuv_group (y, u, v, p, k, n, i, cnt, h))
    return;
  if (cnt == 1) {
    mnv_image_hyuv_column (y, u, v, p, i, n, h);
    return;
  }
  hyuv_columns (y, u, v, p, k, n, i, cnt / 2, h);
  hyuv_columns (y, u, v, p, k, n, i + cnt / 2, cnt - cnt / 2, h);
}

void
mnv_image_hyuv_1x16__avx512vbmi (const uint8_t *y, const uint8_t *u,
    const uint8_t *v, const mnv_image_row_params *p, int n, int safe,
    int32_t *h)
{
  coeffs k;
  coeffs_init (p, &k);
  (void) safe; /* the loads are masked to the taps */
  int i = 0;
  if (p->win) {
    /* Windows planned once per geometry. */
    for (; i < n; i += 16) {
      const int cnt = n - i < 16 ? n - i : 16;
      if (!hyuv_planned (y, u, v, p, &k, n, i / 16, cnt, h))
        hyuv_columns (y, u, v, p, &k, n, i, cnt, h);
    }
    return;
  }
  for (; i + 16 <= n; i += 16)
    if (!hyuv_group (y, u, v, p, &k, n, i, 16, h))
      hyuv_columns (y, u, v, p, &k, n, i, 16, h);
  if (i < n)
    hyuv_columns (y, u, v, p, &k, n, i, n - i, h);
}

/* The 8 bytes at ROW + OFF[k] for 8 k, as 8 64-bit lanes: scalar loads,
 * which on AMD's CPUs beat a gather. */
INLINE __m512i
load64x8 (const uint8_t *row, const int32_t *off)
{
  uint64_t q[8];
  for (int k = 0; k < 8; k++)
    memcpy (&q[k], row + off[k], 8);
  return _mm512_setr_epi64 ((long long) q[0], (long long) q[1],
      (long long) q[2], (long long) q[3], (long long) q[4], (long long) q[5],
      (long long) q[6], (long long) q[7]);
}

/* Columns [I, I + CNT) (CNT 1 to 16) of the packed pass from Q0, Q1 (the
 * 8 bytes at each column's first tap; lanes past CNT are not stored). */
INLINE void
hpacked_store (const mnv_image_row_params *p, const __m512i first[3],
    __m512i q0, __m512i q1, int n, int i, int cnt, int32_t *h)
{
  const __mmask16 m = (__mmask16) ((1u << cnt) - 1);
  /* The second tap's distance, in the second word of each pair. */
  const __m512i d =
      _mm512_slli_epi32 (_mm512_sub_epi32 (_mm512_maskz_loadu_epi32 (m,
                                               p->b + i),
                             _mm512_maskz_loadu_epi32 (m, p->a + i)),
          16);
  const __m512i gf = _mm512_maskz_loadu_epi32 (m, p->gf + i);
  for (int c = 0; c < 3; c++)
    _mm512_mask_storeu_epi32 (h + c * n + i, m,
        _mm512_madd_epi16 (_mm512_maskz_permutex2var_epi8 (EVEN_BYTES, q0,
                               _mm512_add_epi32 (first[c], d), q1),
            gf));
}

/* The packed horizontal pass, 16 columns at a time: one 8-byte load at
 * each column's first tap holds both taps (the second is 0 or one pixel,
 * at most 4 bytes, further), and per colour one byte permute picks byte
 * off[c] of the first and of the second pixel into the (first, second)
 * word pair the horizontal weights take (bytes 1 and 3 zeroed by the
 * mask).  8 bytes can be read at a first tap that is 4 bytes or more
 * before the last safe column's second tap (4 readable there): groups run
 * while their last column is such, the rest one by one. */
void
mnv_image_hpacked_1x16__avx512vbmi (const uint8_t *row,
    const mnv_image_row_params *p, int n, int safe, int32_t *h)
{
  const __m512i lane = _mm512_slli_epi32 (_mm512_setr_epi32 (0, 1, 2, 3, 4, 5,
                                              6, 7, 8, 9, 10, 11, 12, 13, 14,
                                              15),
      3);
  __m512i first[3];
  for (int c = 0; c < 3; c++) {
    const __m512i f = _mm512_add_epi32 (lane, _mm512_set1_epi32 (p->off[c]));
    first[c] = _mm512_or_si512 (f, _mm512_slli_epi32 (f, 16));
  }
  if (safe > n)
    safe = n;
  const int32_t limit = safe ? p->b[safe - 1] : 0;
  int i = 0;
  for (; i + 16 <= safe && p->a[i + 15] + 4 <= limit; i += 16)
    hpacked_store (p, first, load64x8 (row, p->a + i),
        load64x8 (row, p->a + i + 8), n, i, 16, h);
  /* The last group: as many columns as can be read so. */
  int cnt = safe - i < 16 ? safe - i : 16;
  while (cnt > 0 && p->a[i + cnt - 1] + 4 > limit)
    cnt--;
  if (cnt > 0) {
    uint64_t q[16] = { 0 };
    for (int k = 0; k < cnt; k++)
      memcpy (&q[k], row + p->a[i + k], 8);
    hpacked_store (p, first, _mm512_loadu_si512 (q), _mm512_loadu_si512 (q + 8),
        n, i, cnt, h);
    i += cnt;
  }
  for (; i < n; i++)
    mnv_image_hpacked_column (row, p, i, n, h);
}

/* floor (x / dd) for 0 <= x < 2^31, 0 < dd, the quotient Q below 257.
 * INV is 1/dd scaled by (1 - 2^-20) and rounded to float: x, INV and the
 * product each round once (relative error within 3 * 2^-24 < 2^-20), so
 * the estimate is below Q and above Q - 1 (Q < 257: 257 * 2^-19 < 1);
 * truncated, it is floor (Q) or one less, and one correction makes it
 * exact. */
static inline __m512i
divide (__m512i x, __m512i dd, __m512 inv)
{
  const __m512i q = _mm512_cvttps_epi32 (
      _mm512_mul_ps (_mm512_cvtepi32_ps (x), inv));
  const __m512i r = _mm512_sub_epi32 (x, _mm512_mullo_epi32 (q, dd));
  const __mmask16 over = _mm512_cmpge_epi32_mask (r, dd);
  return _mm512_mask_add_epi32 (q, over, q, _mm512_set1_epi32 (1));
}

/* One channel of 16 pixels: floor ((2 (t wt + b wb) + d) / 2d). */
INLINE __m512i
vchannel (const int32_t *top, const int32_t *bot, __mmask16 m, __m512i vwt,
    __m512i vwb, __m512i vd, __m512i dd, __m512 inv)
{
  const __m512i t = _mm512_maskz_loadu_epi32 (m, top);
  const __m512i b = _mm512_maskz_loadu_epi32 (m, bot);
  const __m512i x = _mm512_add_epi32 (
      _mm512_slli_epi32 (_mm512_add_epi32 (_mm512_mullo_epi32 (t, vwt),
                             _mm512_mullo_epi32 (b, vwb)),
          1),
      vd);
  return divide (x, dd, inv);
}

/* The vertical pass, 16 pixels at a time: R, G, B bytes of each pixel's
 * 32-bit lane packed to 48 consecutive bytes by one byte permute, stored
 * masked (nothing past the row). */
void
mnv_image_vrow_1x16__avx512vbmi (const int32_t *top, const int32_t *bot,
    int32_t wt, int32_t wb, int32_t d, int n, uint8_t *out)
{
  const __m512i vwt = _mm512_set1_epi32 (wt), vwb = _mm512_set1_epi32 (wb);
  const __m512i vd = _mm512_set1_epi32 (d), dd = _mm512_set1_epi32 (2 * d);
  const __m512 inv = _mm512_set1_ps (
      (float) (1.0 / (2.0 * d) * (1.0 - 0x1p-20)));
  const __m512i k255 = _mm512_set1_epi32 (255);
  /* Byte 3k + c of the output is byte c of lane k. */
  static const uint8_t order[64] = { 0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 16,
    17, 18, 20, 21, 22, 24, 25, 26, 28, 29, 30, 32, 33, 34, 36, 37, 38, 40, 41,
    42, 44, 45, 46, 48, 49, 50, 52, 53, 54, 56, 57, 58, 60, 61, 62 };
  const __m512i pack = _mm512_loadu_si512 ((const void *) order);
  for (int i = 0; i < n; i += 16) {
    const int cnt = n - i < 16 ? n - i : 16;
    const __mmask16 m = (__mmask16) ((1u << cnt) - 1);
    /* The three channels written out: independent chains the core can
     * overlap (a loop over them serialized on the packed result). */
    const __m512i q0 = vchannel (top + i, bot + i, m, vwt, vwb, vd, dd, inv);
    const __m512i q1 = vchannel (top + n + i, bot + n + i, m, vwt, vwb, vd, dd,
        inv);
    const __m512i q2 = vchannel (top + 2 * n + i, bot + 2 * n + i, m, vwt, vwb,
        vd, dd, inv);
    const __m512i px = _mm512_ternarylogic_epi32 (_mm512_min_epi32 (q0, k255),
        _mm512_slli_epi32 (_mm512_min_epi32 (q1, k255), 8),
        _mm512_slli_epi32 (_mm512_min_epi32 (q2, k255), 16), 0xfe);
    const __mmask64 bytes = cnt == 16 ? ((__mmask64) 1 << 48) - 1 :
                                        ((__mmask64) 1 << (3 * cnt)) - 1;
    _mm512_mask_storeu_epi8 (out + 3 * i, bytes,
        _mm512_permutexvar_epi8 (pack, px));
  }
}
