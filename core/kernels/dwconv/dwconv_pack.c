#include <string.h>

#include "dwconv_pack.h"

/* Channel (within a block) of lane L of the lo (half 0) / hi (half 1)
 * vector: lo = 0-3, 8-11; hi = 4-7, 12-15. */
static int
lane_channel (int half, int l)
{
  return (l < 4 ? l : l + 4) + 4 * half;
}

void
mnv_dw_pack_c16 (int taps, int channels, const int16_t *weights,
    const int32_t *bias, const float *scale, uint8_t *out)
{
  const int blocks = channels / 16, pairs = (taps + 1) / 2;
  for (int b = 0; b < blocks; b++) {
    uint8_t *blk = out + (size_t) b * mnv_dw_c16_block_bytes (taps);
    int32_t *bv = (int32_t *) blk;
    float *sv = (float *) (blk + 64);
    int16_t *wv = (int16_t *) (blk + 128);
    for (int half = 0; half < 2; half++)
      for (int l = 0; l < 8; l++) {
        int c = b * 16 + lane_channel (half, l);
        bv[half * 8 + l] = bias ? bias[c] : 0;
        sv[half * 8 + l] = scale[c];
      }
    for (int p = 0; p < pairs; p++)
      for (int half = 0; half < 2; half++)
        for (int l = 0; l < 8; l++) {
          int c = b * 16 + lane_channel (half, l);
          int16_t *dst = wv + ((size_t) (p * 2 + half) * 8 + l) * 2;
          dst[0] = weights[(size_t) (2 * p) * channels + c];
          dst[1] = 2 * p + 1 < taps ?
              weights[(size_t) (2 * p + 1) * channels + c] : 0;
        }
  }
  memcpy (out + (size_t) blocks * mnv_dw_c16_block_bytes (taps), weights,
      (size_t) taps * channels * 2);
}
