/* Scalar helpers shared by the reference kernels.  Every float
 * operation here is a single float32 operation; build with
 * -ffp-contract=off so the compiler never fuses them (ARITHMETIC.md). */
#ifndef MNV_REQUANT_H
#define MNV_REQUANT_H

#include <math.h>
#include <stdint.h>

static inline int32_t
mnv_clamp_i32 (int64_t v, int32_t lo, int32_t hi)
{
  return v < lo ? lo : v > hi ? hi : (int32_t) v;
}

/* clamp(lrintf((float)acc * scale) + zp, lo, hi); lrintf rounds half to even
 * in the default rounding mode. */
static inline int8_t
mnv_qs8_requantize (int32_t acc, float scale, int32_t zp, int32_t lo,
    int32_t hi)
{
  float v = (float) acc * scale;
  /* Beyond +-2^30 the result clamps anyway; keep lrintf defined. */
  if (v > 1073741824.0f)
    v = 1073741824.0f;
  else if (v < -1073741824.0f)
    v = -1073741824.0f;
  return (int8_t) mnv_clamp_i32 ((int64_t) lrintf (v) + zp, lo, hi);
}

/* Input row/column of window tap K for output position O, or -1 when it
 * falls in the padding. */
static inline int
mnv_window_tap (int o, int k, int stride, int dil, int pad, int n)
{
  int i = o * stride - pad + k * dil;
  return (i >= 0 && i < n) ? i : -1;
}

/* NaN gives LO, as the SIMD kernels' max(v, lo) does, so a later
 * conversion to an integer is always defined (found by fuzzing). */
static inline float
mnv_f32_clamp (float v, float lo, float hi)
{
  return v > lo ? (v < hi ? v : hi) : lo;
}

#endif
