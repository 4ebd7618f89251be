/* Weight layout of the 16-channel SIMD depthwise kernels ("c16").
 *
 * For each full block of 16 channels: 16 int32 bias, 16 float scales, then
 * per pair of taps (t, t+1) (an odd last tap pairs with zero) two vectors
 * of 8 (w_t, w_t+1) int16 pairs.  Lanes follow vpunpcklwd/vpunpckhwd on
 * 256-bit registers: the "lo" vector holds channels 0-3 and 8-11, the "hi"
 * vector 4-7 and 12-15; bias and scale are stored in the order lo then hi.
 * After the blocks comes the plain [taps][channels] int16 array, used for
 * the channels past the last full block. */
#ifndef MNV_DWCONV_PACK_H
#define MNV_DWCONV_PACK_H

#include <stddef.h>
#include <stdint.h>

/* Bytes of one 16-channel block for TAPS taps. */
static inline size_t
mnv_dw_c16_block_bytes (int taps)
{
  return 16 * 4 + 16 * 4 + (size_t) ((taps + 1) / 2) * 2 * 16 * 2;
}

/* Bytes of the whole packed buffer. */
static inline size_t
mnv_dw_c16_bytes (int taps, int channels)
{
  return (size_t) (channels / 16) * mnv_dw_c16_block_bytes (taps) +
      (size_t) taps * channels * 2;
}

/* Packs plain int16 weights [taps][channels], BIAS (may be NULL) and SCALE
 * into OUT (mnv_dw_c16_bytes, 16-byte aligned). */
void mnv_dw_pack_c16 (int taps, int channels, const int16_t *weights,
    const int32_t *bias, const float *scale, uint8_t *out);

#endif
