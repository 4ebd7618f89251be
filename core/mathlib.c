#include <math.h>
#include <stdint.h>
#include <string.h>

#include "mathlib.h"

/* 2^(i/32) for i = 0..31 as IEEE double bit patterns, with the exponent
 * field pre-biased by -(i << 47) so that adding k << 47 scales by 2^(k/32). */
/* clang-format off */
static const uint64_t exp2_table[32] = {
  0x3ff0000000000000, 0x3fefd9b0d3158574, 0x3fefb5586cf9890f,
  0x3fef9301d0125b51, 0x3fef72b83c7d517b, 0x3fef54873168b9aa,
  0x3fef387a6e756238, 0x3fef1e9df51fdee1, 0x3fef06fe0a31b715,
  0x3feef1a7373aa9cb, 0x3feedea64c123422, 0x3feece086061892d,
  0x3feebfdad5362a27, 0x3feeb42b569d4f82, 0x3feeab07dd485429,
  0x3feea47eb03a5585, 0x3feea09e667f3bcd, 0x3fee9f75e8ec5f74,
  0x3feea11473eb0187, 0x3feea589994cce13, 0x3feeace5422aa0db,
  0x3feeb737b0cdc5e5, 0x3feec49182a3f090, 0x3feed503b23e255d,
  0x3feee89f995ad3ad, 0x3feeff76f2fb5e47, 0x3fef199bdd85529c,
  0x3fef3720dcef9069, 0x3fef5818dcfba487, 0x3fef7c97337b9b5f,
  0x3fefa4afa2a490da, 0x3fefd0765b6e4540,
};
/* clang-format on */

float
mnv_expf (float x)
{
  const double n = 32.0;
  const double shift = 0x1.8p+52;
  const double inv_ln2_n = 0x1.71547652b82fep+0 * n;
  const double c0 = 0x1.c6af84b912394p-5 / n / n / n;
  const double c1 = 0x1.ebfce50fac4f3p-3 / n / n;
  const double c2 = 0x1.62e42ff0c52d6p-1 / n;
  double xd = (double) x;

  if (isnan (x))
    return x;
  if (xd > 0x1.62e42ep6)
    return INFINITY;
  if (xd < -0x1.9fe368p6)
    return 0.0f;

  /* x = k/32 * ln2 + r with |r| <= ln2/64; exp(x) = 2^(k/32) * exp(r). */
  double z = inv_ln2_n * xd;
  double kd = z + shift;
  uint64_t ki;
  memcpy (&ki, &kd, sizeof ki);
  kd -= shift;
  double r = z - kd;
  uint64_t t = exp2_table[ki % 32] + (ki << (52 - 5));
  double s;
  memcpy (&s, &t, sizeof s);
  double zz = c0 * r + c1;
  double r2 = r * r;
  double y = c2 * r + 1.0;
  y = zz * r2 + y;
  y = y * s;
  return (float) y;
}
