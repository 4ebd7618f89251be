/* Reference kernels and quantization helpers on small hand-checked cases:
 * SAME/VALID padding, stride 2, dilation, depth multiplier, requantization
 * with multipliers above 1 and tiny, per-channel zero weights, rounding. */
#include <math.h>
#include <string.h>

#include "kernels/cpu.h"
#include "kernels/kernels.h"
#include "kernels/requant.h"
#include "mathlib.h"
#include "ops/op_util.h"
#include "test_util.h"

static const mnv_kernel_table *k;

static mnv_conv_geom
geom (int in_h, int in_w, int in_c, int out_c, int kk, int stride, int dil,
    int valid)
{
  mnv_conv_geom g = { 0 };
  g.in_h = in_h;
  g.in_w = in_w;
  g.in_c = in_c;
  g.out_c = out_c;
  g.k_h = g.k_w = kk;
  g.stride_h = g.stride_w = stride;
  g.dil_h = g.dil_w = dil;
  g.depth_multiplier = 1;
  op_conv_axis (in_h, kk, stride, dil, valid, &g.out_h, &g.pad_top);
  op_conv_axis (in_w, kk, stride, dil, valid, &g.out_w, &g.pad_left);
  return g;
}

static void
test_conv_axis (void)
{
  int out, pad;
  /* SAME keeps ceil(in / stride) and pads the extra on the far side. */
  op_conv_axis (224, 3, 2, 1, 0, &out, &pad);
  CHECK (out == 112 && pad == 0, "SAME 224/3/2: %d %d", out, pad);
  op_conv_axis (5, 3, 1, 1, 0, &out, &pad);
  CHECK (out == 5 && pad == 1, "SAME 5/3/1: %d %d", out, pad);
  op_conv_axis (5, 3, 2, 1, 0, &out, &pad);
  CHECK (out == 3 && pad == 1, "SAME 5/3/2: %d %d", out, pad);
  op_conv_axis (7, 3, 1, 2, 0, &out, &pad);
  CHECK (out == 7 && pad == 2, "SAME dilation 2: %d %d", out, pad);
  op_conv_axis (5, 3, 2, 1, 1, &out, &pad);
  CHECK (out == 2 && pad == 0, "VALID 5/3/2: %d %d", out, pad);
  op_conv_axis (7, 3, 1, 2, 1, &out, &pad);
  CHECK (out == 3 && pad == 0, "VALID dilation 2: %d %d", out, pad);
  op_conv_axis (2, 3, 1, 1, 1, &out, &pad);
  CHECK (out == 0, "VALID window larger than input: %d", out);
}

static void
test_requantize (void)
{
  /* Half to even after a float32 multiply. */
  CHECK (mnv_qs8_requantize (5, 0.5f, 0, -128, 127) == 2, "2.5 -> 2");
  CHECK (mnv_qs8_requantize (7, 0.5f, 0, -128, 127) == 4, "3.5 -> 4");
  CHECK (mnv_qs8_requantize (-5, 0.5f, 0, -128, 127) == -2, "-2.5 -> -2");
  /* Multiplier above 1, zero point, clamping. */
  CHECK (mnv_qs8_requantize (10, 3.0f, 5, -128, 127) == 35, "x3 + 5");
  CHECK (mnv_qs8_requantize (100, 3.0f, 5, -128, 127) == 127, "clamp hi");
  CHECK (mnv_qs8_requantize (-100, 3.0f, 5, -128, 127) == -128, "clamp lo");
  CHECK (mnv_qs8_requantize (10, 3.0f, 5, -128, 20) == 20, "act max");
  /* Tiny multiplier (3e-7, seen in real models). */
  CHECK (mnv_qs8_requantize (2000000, 3e-7f, 0, -128, 127) == 1, "0.6 -> 1");
  CHECK (mnv_qs8_requantize (1000000, 3e-7f, -3, -128, 127) == -3, "0.3 -> 0");
  /* Huge accumulators clamp instead of overflowing lrintf. */
  CHECK (mnv_qs8_requantize (INT32_MAX, 1e20f, 0, -128, 127) == 127, "huge");
}

static void
test_conv_same_padding (void)
{
  /* 3x3 input of ones, 3x3 kernel of ones, SAME, stride 1: each output is
   * the number of taps inside the image: corners 4, edges 6, centre 9. */
  mnv_conv_geom g = geom (3, 3, 1, 1, 3, 1, 1, 0);
  int8_t in[9], out[9];
  int16_t w[9];
  float scale[1] = { 1.0f };
  mnv_qs8_requant_params p = { 0, 0, -128, 127, scale };
  for (int i = 0; i < 9; i++) {
    in[i] = 1;
    w[i] = 1;
  }
  k->qs8_conv (&g, in, w, NULL, out, &p, 0, g.out_h);
  static const int8_t want[9] = { 4, 6, 4, 6, 9, 6, 4, 6, 4 };
  CHECK (memcmp (out, want, 9) == 0, "SAME padding counts");

  /* The input zero point: padding contributes (zp - zp) = 0, real pixels
   * equal to zp contribute nothing either. */
  for (int i = 0; i < 9; i++)
    in[i] = 7;
  p.in_zp = 7;
  k->qs8_conv (&g, in, w, NULL, out, &p, 0, g.out_h);
  for (int i = 0; i < 9; i++)
    CHECK (out[i] == 0, "zero point cancels at %d: %d", i, out[i]);

  float fin[9], fw[9], fout[9];
  mnv_f32_minmax_params mm = { -INFINITY, INFINITY };
  for (int i = 0; i < 9; i++) {
    fin[i] = 1.0f;
    fw[i] = 1.0f;
  }
  k->f32_conv (&g, fin, fw, NULL, fout, &mm, 0, g.out_h);
  for (int i = 0; i < 9; i++)
    CHECK (fout[i] == want[i], "float SAME at %d: %g", i, (double) fout[i]);
}

static void
test_conv_stride2_bias_per_channel (void)
{
  /* 4x4x2 input x[y][x][c] = y*4+x (c0) and 1 (c1); 2 output channels:
   * channel 0 sums c0 over the window, channel 1 has all-zero weights so
   * it is its bias alone, requantized with its own scale. */
  mnv_conv_geom g = geom (4, 4, 2, 2, 3, 2, 1, 0);
  int8_t in[32], out[8];
  int16_t w[2 * 9 * 2] = { 0 };
  int32_t bias[2] = { 1, 40 };
  float scale[2] = { 1.0f, 0.25f };
  mnv_qs8_requant_params p = { 0, 0, -128, 127, scale };
  for (int i = 0; i < 16; i++) {
    in[2 * i] = (int8_t) i;
    in[2 * i + 1] = 1;
  }
  for (int t = 0; t < 9; t++)
    w[t * 2] = 1; /* oc 0, input channel 0 */
  CHECK (g.out_h == 2 && g.out_w == 2 && g.pad_top == 0, "geometry");
  k->qs8_conv (&g, in, w, bias, out, &p, 0, g.out_h);
  /* Windows start at rows/cols 0 and 2 (no leading pad), clipped at 4. */
  int want0[4] = { 0 + 1 + 2 + 4 + 5 + 6 + 8 + 9 + 10, 2 + 3 + 6 + 7 + 10 + 11,
    8 + 9 + 10 + 12 + 13 + 14, 10 + 11 + 14 + 15 };
  for (int i = 0; i < 4; i++) {
    CHECK (out[2 * i] == want0[i] + 1, "stride 2 at %d: %d", i, out[2 * i]);
    CHECK (out[2 * i + 1] == 10, "zero-weight channel: %d", out[2 * i + 1]);
  }
}

static void
test_dwconv_multiplier_dilation (void)
{
  /* 5x5x1 input of (y*5+x), depth multiplier 2, dilation 2, VALID: one
   * output pixel reading taps at rows/cols 0, 2, 4. */
  mnv_conv_geom g = geom (5, 5, 1, 2, 3, 1, 2, 1);
  g.depth_multiplier = 2;
  int8_t in[25], out[2];
  int16_t w[9 * 2];
  float scale[2] = { 1.0f, 1.0f };
  mnv_qs8_requant_params p = { 0, 0, -128, 127, scale };
  for (int i = 0; i < 25; i++)
    in[i] = (int8_t) i;
  for (int t = 0; t < 9; t++) {
    w[t * 2] = 1;                  /* output channel 0 */
    w[t * 2 + 1] = t == 4 ? 2 : 0; /* output channel 1: 2 x centre */
  }
  CHECK (g.out_h == 1 && g.out_w == 1, "dilated VALID geometry");
  k->qs8_dwconv (&g, in, w, NULL, out, &p, 0, g.out_h);
  int sum = 0;
  for (int y = 0; y <= 4; y += 2)
    for (int x = 0; x <= 4; x += 2)
      sum += y * 5 + x;
  CHECK (out[0] == sum, "dilated sum %d vs %d", out[0], sum);
  CHECK (out[1] == 2 * 12, "multiplier channel %d", out[1]);
}

static void
test_fc (void)
{
  int8_t in[3] = { 1, 2, 3 }, out[2];
  int16_t w[6] = { 1, 1, 1, -1, 0, 2 };
  int32_t bias[2] = { 10, 0 };
  float scale[2] = { 1.0f, 2.0f };
  mnv_qs8_requant_params p = { 1, -5, -128, 127, scale };
  k->qs8_fc (1, 3, 2, in, w, bias, out, &p);
  /* (x - 1) = 0,1,2: 10 + 3 = 13 - 5 = 8;  (0 + 4) * 2 - 5 = 3 */
  CHECK (out[0] == 8 && out[1] == 3, "fc %d %d", out[0], out[1]);
}

static void
test_add (void)
{
  /* Equal scales: multipliers 2^20, shift 20, so out = a + b - zp terms. */
  mnv_qs8_add_params p = { 1 << 20, 1 << 20, 1 << 19, 20, 0, -128, 127 };
  int8_t a[4] = { 1, -3, 100, -100 }, b[4] = { 2, 1, 100, -100 }, out[4];
  k->qs8_vadd (4, a, b, out, &p);
  CHECK (out[0] == 3 && out[1] == -2 && out[2] == 127 && out[3] == -128,
      "add %d %d %d %d", out[0], out[1], out[2], out[3]);
  /* Half a scale: (a/2 + b) rounds half up via the bias, floor shift. */
  p.a_mult = 1 << 19;
  int8_t a2[2] = { 3, -3 }, b2[2] = { 0, 0 };
  k->qs8_vadd (2, a2, b2, out, &p);
  CHECK (out[0] == 2 && out[1] == -1, "add rounding %d %d", out[0], out[1]);
}

static void
test_avgpool (void)
{
  /* uint8 (offset 128): stored -127,-126 are 1,2: (3 + 1) / 2 = 2. */
  mnv_conv_geom g = geom (1, 2, 1, 1, 2, 2, 1, 1);
  g.k_h = 1;
  g.out_h = 1;
  int8_t in[2] = { -127, -126 }, out[1];
  mnv_qs8_avgpool_params p = { 128, -128, 127 };
  k->qs8_avgpool (&g, in, out, &p);
  CHECK (out[0] == 2 - 128, "u8 avg %d", out[0]);
  /* int8: -1,-2 -> -1.5 rounds away from zero to -2. */
  int8_t in2[2] = { -1, -2 };
  p.offset = 0;
  k->qs8_avgpool (&g, in2, out, &p);
  CHECK (out[0] == -2, "s8 avg %d", out[0]);
}

static void
test_mean_softmax (void)
{
  /* MEAN of 1..4 at scale 1: 2.5 rounds to even, 2. */
  int8_t in[4] = { 1, 2, 3, 4 }, out[4];
  mnv_qs8_mean_params mp = { 0, 0.25f, 0.0f, -128, 127 };
  k->qs8_mean (1, 4, 1, in, out, &mp);
  CHECK (out[0] == 2, "mean %d", out[0]);

  /* Uniform logits: each probability is 1/4 = 64/256 (uint8 output). */
  float table[256];
  for (int d = 0; d < 256; d++)
    table[255 - d] = mnv_expf (-0.1f * (float) d);
  mnv_qs8_softmax_params sp = { table, 1.0f / 256.0f, 0, 1 };
  int8_t logits[4] = { 5, 5, 5, 5 };
  k->qs8_softmax (1, 4, logits, out, &sp);
  for (int i = 0; i < 4; i++)
    CHECK (out[i] == 64 - 128, "softmax %d: %d", i, out[i]);

  float fin[3] = { 0.0f, 0.0f, 0.0f }, fout[3];
  k->f32_softmax (1, 3, fin, fout, 1.0f);
  CHECK (fabsf (fout[0] - 1.0f / 3.0f) < 1e-7f, "float softmax");
}

static void
test_expf (void)
{
  CHECK (mnv_expf (0.0f) == 1.0f, "exp(0)");
  CHECK (mnv_expf (-200.0f) == 0.0f, "underflow");
  CHECK (isinf (mnv_expf (100.0f)), "overflow");
  /* Within one ulp of libm's over the softmax range. */
  for (float x = -30.0f; x <= 0.0f; x += 0.01f) {
    float a = mnv_expf (x), b = expf (x);
    CHECK (fabsf (a - b) <= nextafterf (b, INFINITY) - b, "expf(%g)",
        (double) x);
  }
}

static void
test_inventory (void)
{
  size_t n;
  const mnv_kernel_entry *e = mnv_kernel_inventory (&n);
  CHECK (n >= 14, "inventory has %zu kernels", n);
  for (size_t i = 0; i < n; i++)
    CHECK (e[i].fn && e[i].name && strstr (e[i].name, e[i].slot) &&
            strstr (e[i].name, mnv_isa_to_string (e[i].isa)) && e[i].mr >= 1 &&
            e[i].nr >= 1,
        "entry %zu (%s) names its slot and ISA", i, e[i].name);
#define MNV_X(slot) CHECK (k->slot != NULL, "slot " #slot " is filled");
  MNV_KERNEL_SLOTS (MNV_X)
#undef MNV_X
}

int
main (void)
{
  /* The reference set itself, whatever the CPU runs. */
  k = mnv_kernels_for_isa (MNV_ISA_REF);
  printf ("kernel set: %s\n", k->isa_name);
  test_conv_axis ();
  test_requantize ();
  test_conv_same_padding ();
  test_conv_stride2_bias_per_channel ();
  test_dwconv_multiplier_dilation ();
  test_fc ();
  test_add ();
  test_avgpool ();
  test_mean_softmax ();
  test_expf ();
  test_inventory ();
  return test_finish ("reference kernels");
}
