/* DEPTHWISE_CONV_2D, depth multiplier 1, any window/stride/dilation/padding,
 * 16 channels per step: taps are taken in pairs, interleaved with
 * vpunpck{l,h}wd and multiplied with vpmaddwd (exact int32 sums).
 * Weights in the 16-channel layout of dwconv_pack.h; the channels past the
 * last full block use the plain weights and BIAS / P->scale. */
#include <immintrin.h>

#include "../kernels.h"
#include "../requant.h"
#include "../requant_avx2.h"
#include "dwconv_pack.h"
#include "dwconv_taps.h"

void
mnv_qs8_dwconv_1x16__avx2 (MNV_KERNEL_ARGS_QS8_CONV)
{
  const int taps = g->k_h * g->k_w, C = g->out_c, blocks = C / 16;
  const size_t block_bytes = mnv_dw_block_bytes (16, taps);
  const int16_t *plain = (const int16_t *) ((const uint8_t *) weights +
      mnv_dw_plain_offset (16, taps, C));
  const __m256i vzp = _mm256_set1_epi16 ((short) p->in_zp);
  const __m256i ozp = _mm256_set1_epi32 (p->out_zp);
  const __m128i omin = _mm_set1_epi8 ((char) p->out_min);
  const __m128i omax = _mm_set1_epi8 ((char) p->out_max);
  const int8_t *tap[MNV_DW_MAX_TAPS + 1];
  ptrdiff_t off[MNV_DW_MAX_TAPS];

  mnv_dw_tap_offsets (g, off);
  tap[taps] = NULL; /* the partner of an odd last tap */
  for (int oy = oy_begin; oy < oy_end; oy++) {
    for (int ox = 0; ox < g->out_w; ox++) {
      mnv_dw_taps (g, input, off, oy, ox, tap);
      int8_t *out = output + ((size_t) oy * g->out_w + ox) * C;

      for (int b = 0; b < blocks; b++) {
        const uint8_t *blk = (const uint8_t *) weights + b * block_bytes;
        const int16_t *wv = (const int16_t *) (blk + 128);
        __m256i acc_lo = _mm256_loadu_si256 ((const __m256i *) blk);
        __m256i acc_hi = _mm256_loadu_si256 ((const __m256i *) (blk + 32));
        /* Missing taps (padding) contribute (x - zp) = 0: walk the tap
         * pairs of the full window and substitute zero vectors. */
        for (int pr = 0; pr < (taps + 1) / 2; pr++) {
          __m256i x0 = _mm256_setzero_si256 (), x1 = x0;
          if (tap[2 * pr])
            x0 = _mm256_sub_epi16 (_mm256_cvtepi8_epi16 (_mm_loadu_si128 (
                                       (const __m128i *) (tap[2 * pr] +
                                           b * 16))),
                vzp);
          if (tap[2 * pr + 1])
            x1 = _mm256_sub_epi16 (_mm256_cvtepi8_epi16 (_mm_loadu_si128 (
                                       (const __m128i *) (tap[2 * pr + 1] +
                                           b * 16))),
                vzp);
          const __m256i w_lo = _mm256_loadu_si256 (
              (const __m256i *) (wv + pr * 32));
          const __m256i w_hi = _mm256_loadu_si256 (
              (const __m256i *) (wv + pr * 32 + 16));
          acc_lo = _mm256_add_epi32 (acc_lo,
              _mm256_madd_epi16 (_mm256_unpacklo_epi16 (x0, x1), w_lo));
          acc_hi = _mm256_add_epi32 (acc_hi,
              _mm256_madd_epi16 (_mm256_unpackhi_epi16 (x0, x1), w_hi));
        }
        const __m256 s_lo = _mm256_loadu_ps ((const float *) (blk + 64));
        const __m256 s_hi = _mm256_loadu_ps ((const float *) (blk + 96));
        _mm_storeu_si128 ((__m128i *) (out + b * 16),
            mnv_requant16_avx2 (acc_lo, acc_hi, s_lo, s_hi, ozp, omin, omax));
      }

      for (int c = blocks * 16; c < C; c++) {
        int32_t sum = 0;
        for (int t = 0; t < taps; t++)
          if (tap[t])
            sum += (tap[t][c] - p->in_zp) * plain[(size_t) t * C + c];
        int32_t acc = (int32_t) ((uint32_t) (bias ? bias[c] : 0) +
            (uint32_t) sum);
        out[c] = mnv_qs8_requantize (acc, p->scale[c], p->out_zp, p->out_min,
            p->out_max);
      }
    }
  }
}
