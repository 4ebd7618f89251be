/* DEPTHWISE_CONV_2D, depth multiplier 1, any window/stride/dilation/padding,
 * 32 channels per step: the AVX2 kernel's scheme on 512-bit registers, with
 * vpdpwssd folding multiply and accumulate.  Weights in the 32-channel
 * layout of dwconv_pack.h; the last, partial block is read and written with
 * byte masks (masked-off bytes are never touched, so nothing past the
 * tensor is read). */
#include <immintrin.h>

#include "../kernels.h"
#include "dwconv_pack.h"
#include "dwconv_taps.h"

static inline __m512i
load_centered (const int8_t *p, __mmask32 m, __m512i zp)
{
  return _mm512_maskz_sub_epi16 (m, _mm512_cvtepi8_epi16
      (_mm256_maskz_loadu_epi8 (m, p)), zp);
}

void
mnv_qs8_dwconv_ukernel__avx512vnni (MNV_KERNEL_ARGS_QS8_CONV)
{
  const int taps = g->k_h * g->k_w, C = g->out_c, blocks = (C + 31) / 32;
  const size_t block_bytes = mnv_dw_block_bytes (32, taps);
  const __mmask32 last_mask = C % 32 ? (__mmask32) ((1u << (C % 32)) - 1) :
      (__mmask32) 0xffffffffu;
  const __m512i vzp = _mm512_set1_epi16 ((short) p->in_zp);
  (void) bias;                  /* carried in the blocks */
  const __m512i ozp = _mm512_set1_epi32 (p->out_zp);
  const __m512 lim = _mm512_set1_ps (1073741824.0f);
  const __m512 nlim = _mm512_set1_ps (-1073741824.0f);
  const __m256i omin = _mm256_set1_epi8 ((char) p->out_min);
  const __m256i omax = _mm256_set1_epi8 ((char) p->out_max);
  const int8_t *tap[MNV_DW_MAX_TAPS + 1];
  ptrdiff_t off[MNV_DW_MAX_TAPS];

  mnv_dw_tap_offsets (g, off);
  tap[taps] = NULL;             /* the partner of an odd last tap */
  for (int oy = oy_begin; oy < oy_end; oy++) {
    for (int ox = 0; ox < g->out_w; ox++) {
      mnv_dw_taps (g, input, off, oy, ox, tap);
      int8_t *out = output + ((size_t) oy * g->out_w + ox) * C;

      for (int b = 0; b < blocks; b++) {
        const uint8_t *blk = (const uint8_t *) weights + b * block_bytes;
        const int16_t *wv = (const int16_t *) (blk + 256);
        const __mmask32 m = b == blocks - 1 ? last_mask : 0xffffffffu;
        __m512i acc_lo = _mm512_loadu_si512 (blk);
        __m512i acc_hi = _mm512_loadu_si512 (blk + 64);
        for (int pr = 0; pr < (taps + 1) / 2; pr++) {
          __m512i x0 = _mm512_setzero_si512 (), x1 = x0;
          if (tap[2 * pr])
            x0 = load_centered (tap[2 * pr] + b * 32, m, vzp);
          if (tap[2 * pr + 1])
            x1 = load_centered (tap[2 * pr + 1] + b * 32, m, vzp);
          acc_lo = _mm512_dpwssd_epi32 (acc_lo,
              _mm512_unpacklo_epi16 (x0, x1), _mm512_loadu_si512 (wv +
                  pr * 64));
          acc_hi = _mm512_dpwssd_epi32 (acc_hi,
              _mm512_unpackhi_epi16 (x0, x1), _mm512_loadu_si512 (wv +
                  pr * 64 + 32));
        }
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
        _mm256_mask_storeu_epi8 (out + b * 32, m, q);
      }
    }
  }
}
