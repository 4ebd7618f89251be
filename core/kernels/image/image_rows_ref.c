/* Frame pre-processing rows, plain C: the oracle of the SIMD variants
 * (which the image test checks end to end against the per-pixel path of
 * core/image_ref.c). */
#include "image_rows.h"

void
mnv_image_hyuv_1x1__ref (const uint8_t *y, const uint8_t *u, const uint8_t *v,
    const mnv_image_row_params *p, int n, int safe, int32_t *h)
{
  (void) safe;
  for (int i = 0; i < n; i++)
    mnv_image_hyuv_column (y, u, v, p, i, n, h);
}

void
mnv_image_hpacked_1x1__ref (const uint8_t *row, const mnv_image_row_params *p,
    int n, int safe, int32_t *h)
{
  (void) safe;
  for (int i = 0; i < n; i++)
    mnv_image_hpacked_column (row, p, i, n, h);
}

void
mnv_image_vrow_1x1__ref (const int32_t *top, const int32_t *bot, int32_t wt,
    int32_t wb, int32_t d, int n, uint8_t *out)
{
  for (int i = 0; i < n; i++)
    mnv_image_vrow_pixel (top, bot, wt, wb, d, i, n, out);
}
