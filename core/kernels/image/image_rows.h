/* One output column of the image row kernels in plain C: the reference
 * kernels loop over it, the SIMD ones finish their rows with it. */
#ifndef MNV_IMAGE_ROWS_H
#define MNV_IMAGE_ROWS_H

#include "../kernels.h"

static inline int32_t
mnv_image_clamp_u8 (int32_t v)
{
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/* R, G, B of one YUV sample. */
static inline void
mnv_image_yuv_rgb (const mnv_image_row_params *p, int32_t Y, int32_t U,
    int32_t V, int32_t rgb[3])
{
  const int32_t yy = (Y - p->y_off) * p->y_mul + 128, d = U - 128, e = V - 128;
  rgb[0] = mnv_image_clamp_u8 ((yy + p->rv * e) >> 8);
  rgb[1] = mnv_image_clamp_u8 ((yy - p->gu * d - p->gv * e) >> 8);
  rgb[2] = mnv_image_clamp_u8 ((yy + p->bu * d) >> 8);
}

/* Column I of image_hyuv (planar H, N columns). */
static inline void
mnv_image_hyuv_column (const uint8_t *y, const uint8_t *u, const uint8_t *v,
    const mnv_image_row_params *p, int i, int n, int32_t *h)
{
  int32_t a[3], b[3];
  mnv_image_yuv_rgb (p, y[p->a[i]], u[p->ca[i]], v[p->ca[i]], a);
  mnv_image_yuv_rgb (p, y[p->b[i]], u[p->cb[i]], v[p->cb[i]], b);
  for (int c = 0; c < 3; c++)
    h[c * n + i] = a[c] * p->g[i] + b[c] * p->f[i];
}

/* Column I of image_hpacked. */
static inline void
mnv_image_hpacked_column (const uint8_t *row, const mnv_image_row_params *p,
    int i, int n, int32_t *h)
{
  for (int c = 0; c < 3; c++)
    h[c * n + i] = row[p->a[i] + p->off[c]] * p->g[i] +
        row[p->b[i] + p->off[c]] * p->f[i];
}

/* Output pixel I of image_vrow. */
static inline void
mnv_image_vrow_pixel (const int32_t *top, const int32_t *bot, int32_t wt,
    int32_t wb, int32_t d, int i, int n, uint8_t *out)
{
  for (int c = 0; c < 3; c++) {
    const int32_t v = top[c * n + i] * wt + bot[c * n + i] * wb;
    const int32_t q = (2 * v + d) / (2 * d);
    out[3 * i + c] = (uint8_t) (q > 255 ? 255 : q);
  }
}

#endif
