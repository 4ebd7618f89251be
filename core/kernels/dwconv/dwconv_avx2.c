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

#define MAX_TAPS 64

void
mnv_qs8_dwconv_ukernel__avx2 (MNV_KERNEL_ARGS_QS8_CONV)
{
  const int taps = g->k_h * g->k_w, C = g->out_c, blocks = C / 16;
  const size_t block_bytes = mnv_dw_block_bytes (16, taps);
  const int16_t *plain = (const int16_t *) ((const uint8_t *) weights +
      mnv_dw_plain_offset (16, taps, C));
  const __m256i vzp = _mm256_set1_epi16 ((short) p->in_zp);
  const __m256i ozp = _mm256_set1_epi32 (p->out_zp);
  const __m128i omin = _mm_set1_epi8 ((char) p->out_min);
  const __m128i omax = _mm_set1_epi8 ((char) p->out_max);
  const int8_t *tap_ptr[MAX_TAPS + 1];
  int tap_id[MAX_TAPS + 1];

  for (int oy = oy_begin; oy < oy_end; oy++) {
    for (int ox = 0; ox < g->out_w; ox++) {
      /* The taps of this window that fall inside the image. */
      int n = 0;
      for (int ky = 0; ky < g->k_h; ky++) {
        int iy = oy * g->stride_h - g->pad_top + ky * g->dil_h;
        if (iy < 0 || iy >= g->in_h)
          continue;
        for (int kx = 0; kx < g->k_w; kx++) {
          int ix = ox * g->stride_w - g->pad_left + kx * g->dil_w;
          if (ix < 0 || ix >= g->in_w)
            continue;
          tap_ptr[n] = input + ((size_t) iy * g->in_w + ix) * g->in_c;
          tap_id[n++] = ky * g->k_w + kx;
        }
      }
      int8_t *out = output + ((size_t) oy * g->out_w + ox) * C;

      for (int b = 0; b < blocks; b++) {
        const uint8_t *blk = (const uint8_t *) weights + b * block_bytes;
        const int16_t *wv = (const int16_t *) (blk + 128);
        __m256i acc_lo = _mm256_loadu_si256 ((const __m256i *) blk);
        __m256i acc_hi = _mm256_loadu_si256 ((const __m256i *) (blk + 32));
        /* Missing taps (padding) contribute (x - zp) = 0: walk the tap
         * pairs of the full window and substitute zero vectors. */
        int j = 0;
        for (int pr = 0; pr < (taps + 1) / 2; pr++) {
          __m256i x0 = _mm256_setzero_si256 (), x1 = x0;
          if (j < n && tap_id[j] == 2 * pr) {
            x0 = _mm256_sub_epi16 (_mm256_cvtepi8_epi16 (_mm_loadu_si128
                    ((const __m128i *) (tap_ptr[j] + b * 16))), vzp);
            j++;
          }
          if (j < n && tap_id[j] == 2 * pr + 1) {
            x1 = _mm256_sub_epi16 (_mm256_cvtepi8_epi16 (_mm_loadu_si128
                    ((const __m128i *) (tap_ptr[j] + b * 16))), vzp);
            j++;
          }
          const __m256i w_lo = _mm256_loadu_si256 ((const __m256i *)
              (wv + pr * 32));
          const __m256i w_hi = _mm256_loadu_si256 ((const __m256i *)
              (wv + pr * 32 + 16));
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
        for (int t = 0; t < n; t++)
          sum += (tap_ptr[t][c] - p->in_zp) * plain[(size_t) tap_id[t] * C + c];
        int32_t acc = (int32_t) ((uint32_t) (bias ? bias[c] : 0) +
            (uint32_t) sum);
        out[c] = mnv_qs8_requantize (acc, p->scale[c], p->out_zp, p->out_min,
            p->out_max);
      }
    }
  }
}
