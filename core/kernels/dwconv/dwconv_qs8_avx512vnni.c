/* DEPTHWISE_CONV_2D, depth multiplier 1, any window/stride/dilation/padding,
 * 32 channels per step: the AVX2 kernel's scheme on 512-bit registers, with
 * vpdpwssd folding multiply and accumulate.  Weights in the 32-channel
 * layout of dwconv_pack.h; the last, partial block is read and written with
 * byte masks (masked-off bytes are never touched, so nothing past the
 * tensor is read).
 * Windows inside the image (most pixels) run 4 neighbouring output pixels
 * at a time (the rest of a run one at a time) with the input zero point folded into the start value:
 * sum (x - zp) w = sum x w - zp sum w, exact in int32, so the inputs are
 * only widened, and the weights are loaded once for 4 pixels (uint8
 * MobileNetV2's depthwise layers: 0.86 -> see the commit).  Pixels whose
 * window crosses the border subtract the zero point and skip padded taps. */
#include <immintrin.h>

#include "../kernels.h"
#include "dwconv_pack.h"
#include "dwconv_taps.h"

static inline __m512i
load_centered (const int8_t *p, __mmask32 m, __m512i zp)
{
  return _mm512_maskz_sub_epi16 (m,
      _mm512_cvtepi8_epi16 (_mm256_maskz_loadu_epi8 (m, p)), zp);
}

/* Requantizes the two accumulators of a 32-channel block (lo, hi lanes)
 * and stores the channels M selects. */
static inline void
requant_store (__m512i acc_lo, __m512i acc_hi, const uint8_t *blk, int8_t *out,
    __mmask32 m, __m512i ozp, __m256i omin, __m256i omax)
{
  const __m512 lim = _mm512_set1_ps (1073741824.0f);
  const __m512 nlim = _mm512_set1_ps (-1073741824.0f);
  __m512 f0 = _mm512_mul_ps (_mm512_cvtepi32_ps (acc_lo),
      _mm512_loadu_ps (blk + 128));
  __m512 f1 = _mm512_mul_ps (_mm512_cvtepi32_ps (acc_hi),
      _mm512_loadu_ps (blk + 192));
  f0 = _mm512_min_ps (_mm512_max_ps (f0, nlim), lim);
  f1 = _mm512_min_ps (_mm512_max_ps (f1, nlim), lim);
  __m512i i0 = _mm512_add_epi32 (_mm512_cvtps_epi32 (f0), ozp);
  __m512i i1 = _mm512_add_epi32 (_mm512_cvtps_epi32 (f1), ozp);
  /* Per 128-bit lane: lo (4 channels) then hi (4): channel order. */
  __m256i q = _mm512_cvtsepi16_epi8 (_mm512_packs_epi32 (i0, i1));
  q = _mm256_min_epi8 (_mm256_max_epi8 (q, omin), omax);
  _mm256_mask_storeu_epi8 (out, m, q);
}

static inline __m512i
load_wide (const int8_t *p, __mmask32 m)
{
  return _mm512_cvtepi8_epi16 (_mm256_maskz_loadu_epi8 (m, p));
}

/* Blocks up to which the folded start values fit the kernel's stack
 * (2048 channels); wider layers take the border path everywhere. */
#define MAX_FOLDED_BLOCKS 64

#define PAIR(i) \
  do { \
    const int8_t *xi = x + step * (i); \
    const __m512i xa = load_wide (xi + off[2 * pr], m); \
    const __m512i xb = 2 * pr + 1 < taps ? \
        load_wide (xi + off[2 * pr + 1], m) : \
        _mm512_setzero_si512 (); \
    lo##i = _mm512_dpwssd_epi32 (lo##i, _mm512_unpacklo_epi16 (xa, xb), w0); \
    hi##i = _mm512_dpwssd_epi32 (hi##i, _mm512_unpackhi_epi16 (xa, xb), w1); \
  } while (0)

/* 4 output pixels whose windows lie inside the image; X0: the first one's
 * window top-left input element, STEP elements between windows; START:
 * per block the folded start values (lo, hi). */
static void
pixels4 (const int8_t *x0, ptrdiff_t step, const ptrdiff_t *off, int taps,
    int C, const void *weights, const __m512i *start, int8_t *out, __m512i ozp,
    __m256i omin, __m256i omax)
{
  const int blocks = (C + 31) / 32;
  const size_t block_bytes = mnv_dw_block_bytes (32, taps);
  for (int b = 0; b < blocks; b++) {
    const uint8_t *blk = (const uint8_t *) weights + b * block_bytes;
    const int16_t *wv = (const int16_t *) (blk + 256);
    const __mmask32 m = C - b * 32 >= 32 ?
        0xffffffffu :
        (__mmask32) ((1u << (C - b * 32)) - 1);
    const int8_t *x = x0 + b * 32;
    __m512i lo0 = start[2 * b], hi0 = start[2 * b + 1];
    __m512i lo1 = lo0, hi1 = hi0, lo2 = lo0, hi2 = hi0, lo3 = lo0, hi3 = hi0;
    for (int pr = 0; pr < (taps + 1) / 2; pr++) {
      const __m512i w0 = _mm512_loadu_si512 (wv + pr * 64);
      const __m512i w1 = _mm512_loadu_si512 (wv + pr * 64 + 32);
      PAIR (0);
      PAIR (1);
      PAIR (2);
      PAIR (3);
    }
    requant_store (lo0, hi0, blk, out + b * 32, m, ozp, omin, omax);
    requant_store (lo1, hi1, blk, out + C + b * 32, m, ozp, omin, omax);
    requant_store (lo2, hi2, blk, out + 2 * C + b * 32, m, ozp, omin, omax);
    requant_store (lo3, hi3, blk, out + 3 * C + b * 32, m, ozp, omin, omax);
  }
}

/* The same for 1 pixel (the rest of a run of 4). */
static void
pixels1 (const int8_t *x0, const ptrdiff_t *off, int taps, int C,
    const void *weights, const __m512i *start, int8_t *out, __m512i ozp,
    __m256i omin, __m256i omax)
{
  const int blocks = (C + 31) / 32;
  const size_t block_bytes = mnv_dw_block_bytes (32, taps);
  const ptrdiff_t step = 0;
  for (int b = 0; b < blocks; b++) {
    const uint8_t *blk = (const uint8_t *) weights + b * block_bytes;
    const int16_t *wv = (const int16_t *) (blk + 256);
    const __mmask32 m = C - b * 32 >= 32 ?
        0xffffffffu :
        (__mmask32) ((1u << (C - b * 32)) - 1);
    const int8_t *x = x0 + b * 32;
    __m512i lo0 = start[2 * b], hi0 = start[2 * b + 1];
    for (int pr = 0; pr < (taps + 1) / 2; pr++) {
      const __m512i w0 = _mm512_loadu_si512 (wv + pr * 64);
      const __m512i w1 = _mm512_loadu_si512 (wv + pr * 64 + 32);
      PAIR (0);
    }
    requant_store (lo0, hi0, blk, out + b * 32, m, ozp, omin, omax);
  }
}

/* One output pixel, any window position. */
static void
pixel_any (const mnv_conv_geom *g, const int8_t *input, const void *weights,
    const ptrdiff_t *off, int oy, int ox, int8_t *out, __m512i vzp, __m512i ozp,
    __m256i omin, __m256i omax)
{
  const int taps = g->k_h * g->k_w, C = g->out_c, blocks = (C + 31) / 32;
  const size_t block_bytes = mnv_dw_block_bytes (32, taps);
  const int8_t *tap[MNV_DW_MAX_TAPS + 1];
  mnv_dw_taps (g, input, off, oy, ox, tap);
  tap[taps] = NULL; /* the partner of an odd last tap */
  for (int b = 0; b < blocks; b++) {
    const uint8_t *blk = (const uint8_t *) weights + b * block_bytes;
    const int16_t *wv = (const int16_t *) (blk + 256);
    const __mmask32 m = C - b * 32 >= 32 ?
        0xffffffffu :
        (__mmask32) ((1u << (C - b * 32)) - 1);
    __m512i acc_lo = _mm512_loadu_si512 (blk);
    __m512i acc_hi = _mm512_loadu_si512 (blk + 64);
    for (int pr = 0; pr < (taps + 1) / 2; pr++) {
      __m512i x0 = _mm512_setzero_si512 (), x1 = x0;
      if (tap[2 * pr])
        x0 = load_centered (tap[2 * pr] + b * 32, m, vzp);
      if (tap[2 * pr + 1])
        x1 = load_centered (tap[2 * pr + 1] + b * 32, m, vzp);
      acc_lo = _mm512_dpwssd_epi32 (acc_lo, _mm512_unpacklo_epi16 (x0, x1),
          _mm512_loadu_si512 (wv + pr * 64));
      acc_hi = _mm512_dpwssd_epi32 (acc_hi, _mm512_unpackhi_epi16 (x0, x1),
          _mm512_loadu_si512 (wv + pr * 64 + 32));
    }
    requant_store (acc_lo, acc_hi, blk, out + b * 32, m, ozp, omin, omax);
  }
}

void
mnv_qs8_dwconv_1x32__avx512vnni (MNV_KERNEL_ARGS_QS8_CONV)
{
  const int taps = g->k_h * g->k_w, C = g->out_c, blocks = (C + 31) / 32;
  const size_t block_bytes = mnv_dw_block_bytes (32, taps);
  const __m512i vzp = _mm512_set1_epi16 ((short) p->in_zp);
  (void) bias; /* carried in the blocks */
  const __m512i ozp = _mm512_set1_epi32 (p->out_zp);
  const __m256i omin = _mm256_set1_epi8 ((char) p->out_min);
  const __m256i omax = _mm256_set1_epi8 ((char) p->out_max);
  const ptrdiff_t step = (ptrdiff_t) g->stride_w * g->in_c;
  ptrdiff_t off[MNV_DW_MAX_TAPS];
  __m512i start[2 * MAX_FOLDED_BLOCKS];
  const int fold = blocks <= MAX_FOLDED_BLOCKS;

  mnv_dw_tap_offsets (g, off);
  /* Start values of interior windows: bias - zp sum_t w_t per lane, the
   * sum taken by the same dot products with zp as both inputs. */
  const __m512i zz = _mm512_set1_epi16 ((short) p->in_zp);
  for (int b = 0; fold && b < blocks; b++) {
    const uint8_t *blk = (const uint8_t *) weights + b * block_bytes;
    const int16_t *wv = (const int16_t *) (blk + 256);
    __m512i s_lo = _mm512_setzero_si512 (), s_hi = s_lo;
    for (int pr = 0; pr < (taps + 1) / 2; pr++) {
      s_lo = _mm512_dpwssd_epi32 (s_lo, zz, _mm512_loadu_si512 (wv + pr * 64));
      s_hi = _mm512_dpwssd_epi32 (s_hi, zz,
          _mm512_loadu_si512 (wv + pr * 64 + 32));
    }
    start[2 * b] = _mm512_sub_epi32 (_mm512_loadu_si512 (blk), s_lo);
    start[2 * b + 1] = _mm512_sub_epi32 (_mm512_loadu_si512 (blk + 64), s_hi);
  }
  for (int oy = oy_begin; oy < oy_end; oy++) {
    int8_t *row = output + (size_t) oy * g->out_w * C;
    int x0 = 0, x1 = 0, ox = 0;
    if (fold)
      mnv_dw_interior_cols (g, oy, &x0, &x1);
    for (; ox < x0; ox++)
      pixel_any (g, input, weights, off, oy, ox, row + (size_t) ox * C, vzp,
          ozp, omin, omax);
    if (x0 < x1) {
      const int8_t *win = input +
          ((ptrdiff_t) (oy * g->stride_h - g->pad_top) * g->in_w +
              (ptrdiff_t) ox * g->stride_w - g->pad_left) *
              g->in_c;
      for (; ox + 4 <= x1; ox += 4, win += 4 * step)
        pixels4 (win, step, off, taps, C, weights, start, row + (size_t) ox * C,
            ozp, omin, omax);
      for (; ox < x1; ox++, win += step)
        pixels1 (win, off, taps, C, weights, start, row + (size_t) ox * C, ozp,
            omin, omax);
    }
    for (; ox < g->out_w; ox++)
      pixel_any (g, input, weights, off, oy, ox, row + (size_t) ox * C, vzp,
          ozp, omin, omax);
  }
}
