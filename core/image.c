/* Frame to model input, separably: each source row the output needs is
 * resampled horizontally once (its pixels converted to RGB first, YUV at
 * chroma resolution as the reference reads it), then output rows blend two
 * such rows.  The arithmetic is the reference's (image_ref.c, exact
 * half-pixel bilinear rounded half up), reordered only where integers make
 * that exact: the horizontal sums are the reference's "top" and "bottom",
 * and the final division by 2 * denx * deny is a multiplication by its
 * double reciprocal, exact for these ranges (see vrow). */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "image_util.h"

void
mnv_image_plan (int fw, int fh, int iw, int ih, mnv_resize_mode mode,
    mnv_rect *src, mnv_rect *dst)
{
  *src = (mnv_rect) { 0, 0, fw, fh };
  *dst = (mnv_rect) { 0, 0, iw, ih };
  if (mode == MNV_RESIZE_LETTERBOX) {
    /* Fit the frame inside the input: compare fw/fh with iw/ih. */
    if ((int64_t) fw * ih >= (int64_t) fh * iw) {
      dst->h = (int) (((int64_t) fh * iw + fw / 2) / fw);
      if (dst->h < 1)
        dst->h = 1;
      dst->y = (ih - dst->h) / 2;
    } else {
      dst->w = (int) (((int64_t) fw * ih + fh / 2) / fh);
      if (dst->w < 1)
        dst->w = 1;
      dst->x = (iw - dst->w) / 2;
    }
  } else if (mode == MNV_RESIZE_CENTER_CROP) {
    if ((int64_t) fw * ih >= (int64_t) fh * iw) {
      src->w = (int) (((int64_t) fh * iw + ih / 2) / ih);
      if (src->w < 1)
        src->w = 1;
      src->x = (fw - src->w) / 2;
    } else {
      src->h = (int) (((int64_t) fw * ih + iw / 2) / iw);
      if (src->h < 1)
        src->h = 1;
      src->y = (fh - src->h) / 2;
    }
  }
}

mnv_status
mnv_image_check (const mnv_image *im, const mnv_rect *src,
    const mnv_rect *dst, const mnv_tensor_info *info, mnv_error *err)
{
  int ro, go, bo, bpp;
  const int packed = packed_layout (im->format, &ro, &go, &bo, &bpp);
  if (info->rank != 4 || info->dims[0] != 1 || info->dims[3] != 3)
    return mnv_set_error (err, MNV_ERR_UNSUPPORTED,
        "the model input is not one RGB image (shape [1,H,W,3])");
  if (info->type != MNV_TYPE_UINT8 && info->type != MNV_TYPE_INT8 &&
      info->type != MNV_TYPE_FLOAT32)
    return mnv_set_error (err, MNV_ERR_UNSUPPORTED,
        "model input type %s cannot take images", mnv_type_name (info->type));
  const int ih = info->dims[1], iw = info->dims[2];
  if (im->width < 1 || im->height < 1 || !im->planes[0] ||
      src->w < 1 || src->h < 1 || src->x < 0 || src->y < 0 ||
      (int64_t) src->x + src->w > im->width ||
      (int64_t) src->y + src->h > im->height ||
      dst->w < 1 || dst->h < 1 || dst->x < 0 || dst->y < 0 ||
      (int64_t) dst->x + dst->w > iw || (int64_t) dst->y + dst->h > ih)
    return mnv_set_error (err, MNV_ERR_ARGUMENT,
        "image %dx%d or resize rectangles do not fit", im->width, im->height);
  if (!packed && (!im->planes[1] || (im->format == MNV_PIXEL_I420 &&
              !im->planes[2])))
    return mnv_set_error (err, MNV_ERR_ARGUMENT, "missing chroma planes");

  return MNV_OK;
}

/* Above these output sizes the int32 horizontal sums could overflow: the
 * reference path runs (no model has such an input). */
#define MAX_SEPARABLE_SIDE (1 << 20)

/* Per output column, computed once per frame: where its two source pixels
 * are (byte offsets in a row: packed pixels, luma, chroma) and the weights
 * of the second (F) and the first (G). */
typedef struct {
  int32_t *a, *b;               /* pixel (packed) or luma offsets */
  int32_t *ca, *cb;             /* chroma offsets in a chroma row */
  int32_t *f, *g;
} columns;

static void
plan_columns (const mnv_image *im, const axis_tap *xt, int n, int bpp,
    int32_t denx, columns *c)
{
  for (int ox = 0; ox < n; ox++) {
    const int i0 = xt[ox].i0, i1 = xt[ox].i1;
    c->f[ox] = (int32_t) xt[ox].f;
    c->g[ox] = denx - c->f[ox];
    if (bpp) {
      c->a[ox] = i0 * bpp;
      c->b[ox] = i1 * bpp;
    } else {
      c->a[ox] = i0;
      c->b[ox] = i1;
      const int s = im->format == MNV_PIXEL_NV12 ? 2 : 1;
      c->ca[ox] = i0 / 2 * s;
      c->cb[ox] = i1 / 2 * s;
    }
  }
}

/* One YUV sample to R, G, B (yuv_pixel's arithmetic). */
static inline void
yuv_to_rgb (const yuv_coeffs *c, int Y, int U, int V, int32_t rgb[3])
{
  const int yy = (Y - c->y_off) * c->y_mul + 128, d = U - 128, e = V - 128;
  rgb[0] = clamp_u8 ((yy + c->rv * e) >> 8);
  rgb[1] = clamp_u8 ((yy - c->gu * d - c->gv * e) >> 8);
  rgb[2] = clamp_u8 ((yy + c->bu * d) >> 8);
}

/* H[c * n + ox] = p(i0) * g + p(i1) * f for the source row at Y, per
 * channel c: the reference's "top" (or "bottom") sums. */
static void
hrow (const mnv_image *im, int packed, const int off[3], const yuv_coeffs *yc,
    int y, const columns *col, int n, int32_t *h)
{
  int32_t *hr = h, *hg = h + n, *hb = h + 2 * n;
  if (packed) {
    const uint8_t *row = im->planes[0] + (size_t) y * im->strides[0];
    const uint8_t *r = row + off[0], *g = row + off[1], *b = row + off[2];
    for (int ox = 0; ox < n; ox++) {
      const int32_t pa = col->a[ox], pb = col->b[ox];
      const int32_t f = col->f[ox], w = col->g[ox];
      hr[ox] = r[pa] * w + r[pb] * f;
      hg[ox] = g[pa] * w + g[pb] * f;
      hb[ox] = b[pa] * w + b[pb] * f;
    }
    return;
  }
  const uint8_t *ly = im->planes[0] + (size_t) y * im->strides[0];
  const uint8_t *u, *v;
  if (im->format == MNV_PIXEL_NV12) {
    u = im->planes[1] + (size_t) (y / 2) * im->strides[1];
    v = u + 1;
  } else {
    u = im->planes[1] + (size_t) (y / 2) * im->strides[1];
    v = im->planes[2] + (size_t) (y / 2) * im->strides[2];
  }
  for (int ox = 0; ox < n; ox++) {
    int32_t a[3], b[3];
    yuv_to_rgb (yc, ly[col->a[ox]], u[col->ca[ox]], v[col->ca[ox]], a);
    yuv_to_rgb (yc, ly[col->b[ox]], u[col->cb[ox]], v[col->cb[ox]], b);
    const int32_t f = col->f[ox], w = col->g[ox];
    hr[ox] = a[0] * w + b[0] * f;
    hg[ox] = a[1] * w + b[1] * f;
    hb[ox] = a[2] * w + b[2] * f;
  }
}

/* Output pixels of one row: (2 v + d) / (2 d) with v = top * (deny - fy)
 * + bottom * fy, d = denx * deny.  v < 2^40 and the quotient is at most
 * 255, so (2 v + d) * (1 / 2d) in double is within 2^-44 of the exact
 * quotient, while a quotient that is not whole is at least 1 / 2d above
 * the whole number below it: adding half of that and truncating gives the
 * exact floor.  TOP and BOT are planar (channel by channel, N each); OUT
 * is interleaved R, G, B. */
static void
vrow (const int32_t *top, const int32_t *bot, int64_t fy, int64_t deny,
    int64_t d, int n, uint8_t *out)
{
  const double inv = 1.0 / (double) (2 * d), half = 0.5 * inv;
  const double dd = (double) d;
  const double wt = (double) (deny - fy), wb = (double) fy;
  for (int c = 0; c < 3; c++) {
    const int32_t *t = top + (size_t) c * n, *b = bot + (size_t) c * n;
    for (int i = 0; i < n; i++) {
      /* Exact in double: each product < 2^40. */
      const double v = (double) t[i] * wt + (double) b[i] * wb;
      const int q = (int) ((2.0 * v + dd) * inv + half);
      out[3 * i + c] = (uint8_t) (q > 255 ? 255 : q);
    }
  }
}

/* Pixel values (0-255) to the input's type, as put() writes them. */
static void
write_row (const writer *w, const uint8_t *px, int n, void *out, size_t at)
{
  switch (w->type) {
    case MNV_TYPE_UINT8:
      memcpy ((uint8_t *) out + at, px, (size_t) n);
      break;
    case MNV_TYPE_INT8:
      for (int i = 0; i < n; i++)
        ((int8_t *) out)[at + i] = (int8_t) (px[i] - 128);
      break;
    default:
      for (int i = 0; i < n; i++)
        put (w, out, at + i, i % 3, px[i]);
      break;
  }
}

mnv_status
mnv_image_to_input (const mnv_image *im, const mnv_rect *src,
    const mnv_rect *dst, const mnv_tensor_info *info,
    const mnv_normalization *norm, void *out, mnv_error *err)
{
  mnv_status st = mnv_image_check (im, src, dst, info, err);
  if (st)
    return st;
  if (dst->w > MAX_SEPARABLE_SIDE || dst->h > MAX_SEPARABLE_SIDE)
    return mnv_image_to_input_ref (im, src, dst, info, norm, out, err);
  int off[3] = { 0, 0, 0 }, bpp = 0;
  const int packed = packed_layout (im->format, &off[0], &off[1], &off[2],
      &bpp);
  const int ih = info->dims[1], iw = info->dims[2];
  const int n = 3 * dst->w;

  /* Taps, column plan, two horizontal rows (cached by source row), one
   * output row. */
  axis_tap *xt = malloc ((size_t) (dst->w + dst->h) * sizeof *xt);
  int32_t *cbuf = malloc ((size_t) 6 * dst->w * sizeof *cbuf);
  int32_t *hbuf = malloc ((size_t) 2 * n * sizeof *hbuf);
  uint8_t *px = malloc ((size_t) iw * 3);
  if (!xt || !cbuf || !hbuf || !px) {
    free (xt);
    free (cbuf);
    free (hbuf);
    free (px);
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  }
  axis_tap *yt = xt + dst->w;
  plan_axis (xt, dst->w, src->w, src->x);
  plan_axis (yt, dst->h, src->h, src->y);
  const int64_t denx = 2 * (int64_t) dst->w, deny = 2 * (int64_t) dst->h;
  columns col = { cbuf, cbuf + dst->w, cbuf + 2 * dst->w, cbuf + 3 * dst->w,
    cbuf + 4 * dst->w, cbuf + 5 * dst->w
  };
  plan_columns (im, xt, dst->w, packed ? bpp : 0, (int32_t) denx, &col);

  writer w = { info->type, { 1, 1, 1 }, { 0, 0, 0 } };
  for (int c = 0; c < 3; c++) {
    w.std[c] = norm ? norm->std[c] : 127.5f;
    w.mean_over_std[c] = norm ? norm->mean[c] / norm->std[c] : 1.0f;
  }
  const yuv_coeffs yc = yuv_coefficients (im->matrix, im->full_range);
  int held[2] = { -1, -1 };     /* source row in each half of hbuf */

  /* Black (0) where the input is outside DST. */
  memset (px, 0, (size_t) iw * 3);
  for (int oy = 0; oy < ih; oy++) {
    const size_t row = (size_t) oy * iw * 3;
    if (oy < dst->y || oy >= dst->y + dst->h) {
      write_row (&w, px, iw * 3, out, row);
      continue;
    }
    const axis_tap *t = &yt[oy - dst->y];
    /* Rows i0 and i1 into the two halves, computing only those not held
     * yet (a row missing goes where the other needed row is not). */
    const int need[2] = { t->i0, t->i1 };
    int slot[2];
    for (int k = 0; k < 2; k++)
      slot[k] = held[0] == need[k] ? 0 : held[1] == need[k] ? 1 : -1;
    if (slot[0] < 0)
      slot[0] = slot[1] == 0 ? 1 : 0;
    if (slot[1] < 0)
      slot[1] = need[1] == need[0] ? slot[0] : 1 - slot[0];
    for (int k = 0; k < 2; k++)
      if (held[slot[k]] != need[k]) {
        hrow (im, packed, off, &yc, need[k], &col, dst->w,
            hbuf + (size_t) slot[k] * n);
        held[slot[k]] = need[k];
      }
    const int32_t *hr[2] = { hbuf + (size_t) slot[0] * n,
      hbuf + (size_t) slot[1] * n
    };
    uint8_t *inner = px + (size_t) dst->x * 3;
    vrow (hr[0], hr[1], t->f, deny, denx * deny, dst->w, inner);
    write_row (&w, px, iw * 3, out, row);
    /* The borders stay black for the next row. */
    memset (inner, 0, (size_t) n);
  }
  free (xt);
  free (cbuf);
  free (hbuf);
  free (px);
  return MNV_OK;
}

void
mnv_image_map_box (const float box[4], int input_w, int input_h,
    const mnv_rect *src, const mnv_rect *dst, int frame_w, int frame_h,
    float out[4])
{
  const float sx = (float) src->w / (float) dst->w;
  const float sy = (float) src->h / (float) dst->h;
  for (int i = 0; i < 4; i++) {
    const int is_x = i % 2 == 0;
    const float in = box[i] * (float) (is_x ? input_w : input_h);
    float v = is_x ? (float) src->x + (in - (float) dst->x) * sx :
        (float) src->y + (in - (float) dst->y) * sy;
    const float hi = (float) (is_x ? frame_w : frame_h);
    /* NaN (a model's output) clamps to 0, as -inf does. */
    out[i] = !(v >= 0.0f) ? 0.0f : v > hi ? hi : v;
  }
}
