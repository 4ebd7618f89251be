/* Weight layout of the SIMD depthwise kernels: blocks of B = 16 (AVX2) or
 * 32 (AVX-512) channels.
 *
 * ceil(channels / B) blocks, the last one zero-padded (kernels with masked
 * loads use it; others stop at the last full block).  Each block: B int32
 * bias, B float scales, then per pair of taps
 * (t, t+1) (an odd last tap pairs with zero) two vectors of B/2
 * (w_t, w_t+1) int16 pairs.  Lanes follow vpunpck{l,h}wd, which work per
 * 128-bit lane: in 128-bit lane q, the "lo" vector holds channels 8q..8q+3
 * and the "hi" vector 8q+4..8q+7.  Bias and scale are stored lo then hi.
 * After the blocks comes the plain [taps][channels] int16 array, for
 * kernels that finish the channels past the last full block one by one. */
#ifndef MNV_DWCONV_PACK_H
#define MNV_DWCONV_PACK_H

#include <stddef.h>
#include <stdint.h>

/* Bytes of one block of B channels for TAPS taps. */
static inline size_t
mnv_dw_block_bytes (int b, int taps)
{
  return (size_t) b * 8 + (size_t) ((taps + 1) / 2) * 2 * (size_t) b * 2;
}

/* Start of the plain weights in the packed buffer. */
static inline size_t
mnv_dw_plain_offset (int b, int taps, int channels)
{
  return (size_t) ((channels + b - 1) / b) * mnv_dw_block_bytes (b, taps);
}

/* Bytes of the whole packed buffer. */
static inline size_t
mnv_dw_packed_bytes (int b, int taps, int channels)
{
  return mnv_dw_plain_offset (b, taps, channels) + (size_t) taps * channels * 2;
}

/* Packs plain int16 weights [taps][channels], BIAS (may be NULL) and SCALE
 * into OUT (mnv_dw_packed_bytes) for blocks of B channels. */
void mnv_dw_pack (int b, int taps, int channels, const int16_t *weights,
    const int32_t *bias, const float *scale, uint8_t *out);

#endif
