/* Frame to model input, pixel by pixel: the reference (oracle) of the
 * separable path in image.c, kept as it was written from ref/README.md.
 * Each output pixel converts its four source pixels and blends them in
 * 64-bit integers. */
#include <stdlib.h>

#include "error.h"
#include "image_util.h"

mnv_status
mnv_image_to_input_ref (const mnv_image *im, const mnv_rect *src,
    const mnv_rect *dst, const mnv_tensor_info *info,
    const mnv_normalization *norm, void *out, mnv_error *err)
{
  int ro = 0, go = 0, bo = 0, bpp = 0;
  const int packed = packed_layout (im->format, &ro, &go, &bo, &bpp);

  mnv_status st = mnv_image_check (im, src, dst, info, err);
  if (st)
    return st;
  const int ih = info->dims[1], iw = info->dims[2];

  axis_tap *xt = malloc ((size_t) (dst->w + dst->h) * sizeof *xt);
  if (!xt)
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  axis_tap *ytaps = xt + dst->w;
  plan_axis (xt, dst->w, src->w, src->x);
  plan_axis (ytaps, dst->h, src->h, src->y);

  writer w = { info->type, { 1, 1, 1 }, { 0, 0, 0 } };
  for (int c = 0; c < 3; c++) {
    w.std[c] = norm ? norm->std[c] : 127.5f;
    w.mean_over_std[c] = norm ? norm->mean[c] / norm->std[c] : 1.0f;
  }
  const int64_t denx = 2 * (int64_t) dst->w, deny = 2 * (int64_t) dst->h;
  const yuv_coeffs yc = yuv_coefficients (im->matrix, im->full_range);

  for (int oy = 0; oy < ih; oy++) {
    size_t row = (size_t) oy * iw * 3;
    if (oy < dst->y || oy >= dst->y + dst->h) {
      for (int i = 0; i < iw * 3; i++)
        put (&w, out, row + i, i % 3, 0);
      continue;
    }
    const axis_tap yt = ytaps[oy - dst->y];
    for (int ox = 0; ox < iw; ox++) {
      size_t at = row + (size_t) ox * 3;
      if (ox < dst->x || ox >= dst->x + dst->w) {
        put (&w, out, at, 0, 0);
        put (&w, out, at + 1, 1, 0);
        put (&w, out, at + 2, 2, 0);
        continue;
      }
      const axis_tap *t = &xt[ox - dst->x];
      int tl[3], tr[3], bl[3], br[3];
      if (packed) {
        const uint8_t *r0 = im->planes[0] + (size_t) yt.i0 * im->strides[0];
        const uint8_t *r1 = im->planes[0] + (size_t) yt.i1 * im->strides[0];
        const uint8_t *p[4] = { r0 + (size_t) t->i0 * bpp,
          r0 + (size_t) t->i1 * bpp, r1 + (size_t) t->i0 * bpp,
          r1 + (size_t) t->i1 * bpp };
        const int off[3] = { ro, go, bo };
        for (int c = 0; c < 3; c++) {
          tl[c] = p[0][off[c]];
          tr[c] = p[1][off[c]];
          bl[c] = p[2][off[c]];
          br[c] = p[3][off[c]];
        }
      } else {
        yuv_pixel (im, &yc, t->i0, yt.i0, tl);
        yuv_pixel (im, &yc, t->i1, yt.i0, tr);
        yuv_pixel (im, &yc, t->i0, yt.i1, bl);
        yuv_pixel (im, &yc, t->i1, yt.i1, br);
      }
      for (int c = 0; c < 3; c++)
        put (&w, out, at + c, c,
            blend (tl[c], tr[c], bl[c], br[c], t->f, yt.f, denx, deny));
    }
  }
  free (xt);
  return MNV_OK;
}
