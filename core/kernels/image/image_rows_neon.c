/* Frame pre-processing rows with NEON, 8 output columns at a time.  NEON
 * has no gather: the samples are loaded one by one into small arrays, the
 * YUV conversion, the weighting and the division of the vertical pass run
 * in 32-bit lanes (the division as a float estimate corrected to the exact
 * quotient), and vst3 interleaves R, G, B.  Same bytes as
 * image_rows_ref.c. */
#include <arm_neon.h>

#include "image_rows.h"

static inline int32x4_t
clamp_u8 (int32x4_t v)
{
  return vminq_s32 (vmaxq_s32 (v, vdupq_n_s32 (0)), vdupq_n_s32 (255));
}

/* R, G, B of 4 YUV samples. */
static inline void
yuv_rgb (const mnv_image_row_params *p, int32x4_t Y, int32x4_t U, int32x4_t V,
    int32x4_t rgb[3])
{
  const int32x4_t yy =
      vaddq_s32 (vmulq_n_s32 (vsubq_s32 (Y, vdupq_n_s32 (p->y_off)), p->y_mul),
          vdupq_n_s32 (128));
  const int32x4_t d = vsubq_s32 (U, vdupq_n_s32 (128));
  const int32x4_t e = vsubq_s32 (V, vdupq_n_s32 (128));
  rgb[0] = clamp_u8 (vshrq_n_s32 (vmlaq_n_s32 (yy, e, p->rv), 8));
  rgb[1] = clamp_u8 (
      vshrq_n_s32 (vmlsq_n_s32 (vmlsq_n_s32 (yy, d, p->gu), e, p->gv), 8));
  rgb[2] = clamp_u8 (vshrq_n_s32 (vmlaq_n_s32 (yy, d, p->bu), 8));
}

/* H[c * n + i .. + 3] from the samples of 4 columns. */
static inline void
weigh (const mnv_image_row_params *p, int i, int n, const int32x4_t A[3],
    const int32x4_t B[3], int32_t *h)
{
  const int32x4_t f = vld1q_s32 (p->f + i), g = vld1q_s32 (p->g + i);
  for (int c = 0; c < 3; c++)
    vst1q_s32 (h + c * n + i, vmlaq_s32 (vmulq_s32 (A[c], g), B[c], f));
}

void
mnv_image_hyuv_1x4__neon (const uint8_t *y, const uint8_t *u, const uint8_t *v,
    const mnv_image_row_params *p, int n, int safe, int32_t *h)
{
  (void) safe;
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    int32_t s[6][4];
    for (int k = 0; k < 4; k++) {
      s[0][k] = y[p->a[i + k]];
      s[1][k] = u[p->ca[i + k]];
      s[2][k] = v[p->ca[i + k]];
      s[3][k] = y[p->b[i + k]];
      s[4][k] = u[p->cb[i + k]];
      s[5][k] = v[p->cb[i + k]];
    }
    int32x4_t A[3], B[3];
    yuv_rgb (p, vld1q_s32 (s[0]), vld1q_s32 (s[1]), vld1q_s32 (s[2]), A);
    yuv_rgb (p, vld1q_s32 (s[3]), vld1q_s32 (s[4]), vld1q_s32 (s[5]), B);
    weigh (p, i, n, A, B, h);
  }
  for (; i < n; i++)
    mnv_image_hyuv_column (y, u, v, p, i, n, h);
}

void
mnv_image_hpacked_1x4__neon (const uint8_t *row, const mnv_image_row_params *p,
    int n, int safe, int32_t *h)
{
  (void) safe;
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    int32_t s[6][4];
    for (int k = 0; k < 4; k++)
      for (int c = 0; c < 3; c++) {
        s[c][k] = row[p->a[i + k] + p->off[c]];
        s[3 + c][k] = row[p->b[i + k] + p->off[c]];
      }
    const int32x4_t A[3] = { vld1q_s32 (s[0]), vld1q_s32 (s[1]),
      vld1q_s32 (s[2]) };
    const int32x4_t B[3] = { vld1q_s32 (s[3]), vld1q_s32 (s[4]),
      vld1q_s32 (s[5]) };
    weigh (p, i, n, A, B, h);
  }
  for (; i < n; i++)
    mnv_image_hpacked_column (row, p, i, n, h);
}

/* floor (x / dd) for 0 <= x < 2^31 with a quotient below 257: a float
 * estimate within one of it, corrected. */
static inline int32x4_t
divide (int32x4_t x, int32_t dd, float inv)
{
  int32x4_t q = vcvtq_s32_f32 (vmulq_n_f32 (vcvtq_f32_s32 (x), inv));
  int32x4_t r = vmlsq_n_s32 (x, q, dd);
  /* r < 0: one too many; r >= dd: one too few. */
  const int32x4_t neg = vshrq_n_s32 (r, 31);
  q = vaddq_s32 (q, neg);
  r = vaddq_s32 (r, vandq_s32 (neg, vdupq_n_s32 (dd)));
  return vsubq_s32 (q, vreinterpretq_s32_u32 (vcgeq_s32 (r, vdupq_n_s32 (dd))));
}

void
mnv_image_vrow_1x8__neon (const int32_t *top, const int32_t *bot, int32_t wt,
    int32_t wb, int32_t d, int n, uint8_t *out)
{
  const float inv = 1.0f / (float) (2 * d);
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    uint8x8x3_t px;
    for (int c = 0; c < 3; c++) {
      int16x4_t half[2];
      for (int k = 0; k < 2; k++) {
        const int32x4_t t = vld1q_s32 (top + c * n + i + 4 * k);
        const int32x4_t b = vld1q_s32 (bot + c * n + i + 4 * k);
        const int32x4_t x =
            vaddq_s32 (vshlq_n_s32 (vmlaq_n_s32 (vmulq_n_s32 (t, wt), b, wb),
                           1),
                vdupq_n_s32 (d));
        half[k] = vmovn_s32 (
            vminq_s32 (divide (x, 2 * d, inv), vdupq_n_s32 (255)));
      }
      px.val[c] = vqmovun_s16 (vcombine_s16 (half[0], half[1]));
    }
    vst3_u8 (out + 3 * i, px);
  }
  for (; i < n; i++)
    mnv_image_vrow_pixel (top, bot, wt, wb, d, i, n, out);
}
