#include <string.h>

#include "dwconv_pack.h"

/* Channel (within a block) of element L of the lo (HALF 0) or hi (HALF 1)
 * vector: 4 per 128-bit lane. */
static int
lane_channel (int half, int l)
{
  return (l / 4) * 8 + l % 4 + 4 * half;
}

void
mnv_dw_pack (int b, int taps, int channels, const int16_t *weights,
    const int32_t *bias, const float *scale, uint8_t *out)
{
  const int blocks = (channels + b - 1) / b, pairs = (taps + 1) / 2;
  const int half_n = b / 2;
  for (int blk = 0; blk < blocks; blk++) {
    uint8_t *base = out + (size_t) blk * mnv_dw_block_bytes (b, taps);
    int32_t *bv = (int32_t *) base;
    float *sv = (float *) (base + (size_t) b * 4);
    int16_t *wv = (int16_t *) (base + (size_t) b * 8);
    for (int half = 0; half < 2; half++)
      for (int l = 0; l < half_n; l++) {
        int c = blk * b + lane_channel (half, l);
        bv[half * half_n + l] = bias && c < channels ? bias[c] : 0;
        sv[half * half_n + l] = c < channels ? scale[c] : 0.0f;
      }
    for (int p = 0; p < pairs; p++)
      for (int half = 0; half < 2; half++)
        for (int l = 0; l < half_n; l++) {
          int c = blk * b + lane_channel (half, l);
          int16_t *dst = wv + ((size_t) (p * 2 + half) * half_n + l) * 2;
          dst[0] = c < channels ? weights[(size_t) (2 * p) * channels + c] : 0;
          dst[1] = c < channels && 2 * p + 1 < taps ?
              weights[(size_t) (2 * p + 1) * channels + c] :
              0;
        }
  }
  memcpy (out + mnv_dw_plain_offset (b, taps, channels), weights,
      (size_t) taps * channels * 2);
}
