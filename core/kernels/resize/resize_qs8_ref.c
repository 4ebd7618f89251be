/* Quantized bilinear resize, one output pixel (ARITHMETIC.md: 11-bit
 * fixed-point weights, rounded by (acc + 2^21) >> 22).  Exact on stored
 * int8 values: the -128 shift of uint8 tensors passes through. */
#include "../kernels.h"

void
mnv_qs8_resize_1x1__ref (size_t c, const int8_t *tl, const int8_t *tr,
    const int8_t *bl, const int8_t *br, int32_t ax, int32_t ay, int8_t *out)
{
  for (size_t i = 0; i < c; i++) {
    const int32_t top = tl[i] * 2048 + (tr[i] - tl[i]) * ax;
    const int32_t bot = bl[i] * 2048 + (br[i] - bl[i]) * ax;
    const int32_t acc = top * 2048 + (bot - top) * ay;
    out[i] = (int8_t) ((acc + (1 << 21)) >> 22);
  }
}
