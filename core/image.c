#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "mnv_image.h"

/* Per-axis sampling of the exact half-pixel bilinear (ref/README.md):
 * output index o of n_out from n_in source samples, den = 2 * n_out. */
typedef struct {
  int i0, i1;
  int64_t f;                    /* weight of i1, out of den */
} axis_tap;

static void
plan_axis (axis_tap *taps, int n_out, int n_in, int src_offset)
{
  const int64_t den = 2 * (int64_t) n_out;
  for (int o = 0; o < n_out; o++) {
    int64_t num = (2 * (int64_t) o + 1) * n_in - n_out;
    if (num < 0)
      num = 0;
    if (num > (int64_t) (n_in - 1) * den)
      num = (int64_t) (n_in - 1) * den;
    int64_t i0 = num / den;
    taps[o].i0 = (int) i0 + src_offset;
    taps[o].i1 = (int) (i0 + 1 < n_in ? i0 + 1 : n_in - 1) + src_offset;
    taps[o].f = num - i0 * den;
  }
}

/* Byte offsets of R, G, B and the pixel size of packed formats. */
static int
packed_layout (mnv_pixel_format f, int *r, int *g, int *b, int *bpp)
{
  static const struct {
    signed char r, g, b, bpp;
  } tab[] = {
    [MNV_PIXEL_RGB] = { 0, 1, 2, 3 },[MNV_PIXEL_BGR] = { 2, 1, 0, 3 },
    [MNV_PIXEL_RGBX] = { 0, 1, 2, 4 },[MNV_PIXEL_BGRX] = { 2, 1, 0, 4 },
    [MNV_PIXEL_XRGB] = { 1, 2, 3, 4 },[MNV_PIXEL_XBGR] = { 3, 2, 1, 4 },
    [MNV_PIXEL_RGBA] = { 0, 1, 2, 4 },[MNV_PIXEL_BGRA] = { 2, 1, 0, 4 },
    [MNV_PIXEL_ARGB] = { 1, 2, 3, 4 },[MNV_PIXEL_ABGR] = { 3, 2, 1, 4 },
  };
  if (f > MNV_PIXEL_ABGR)
    return 0;
  *r = tab[f].r;
  *g = tab[f].g;
  *b = tab[f].b;
  *bpp = tab[f].bpp;
  return 1;
}

static inline uint8_t
clamp_u8 (int v)
{
  return (uint8_t) (v < 0 ? 0 : v > 255 ? 255 : v);
}

/* Integer YUV -> RGB (8-bit fixed point), per the frame's matrix/range. */
typedef struct {
  int y_off, y_mul, rv, gu, gv, bu;
} yuv_coeffs;

static yuv_coeffs
yuv_coefficients (mnv_yuv_matrix m, int full)
{
  yuv_coeffs c;
  if (full) {
    c.y_off = 0;
    c.y_mul = 256;
    if (m == MNV_YUV_BT709) {
      c.rv = 403; c.gu = 48; c.gv = 120; c.bu = 475;
    } else {
      c.rv = 359; c.gu = 88; c.gv = 183; c.bu = 454;
    }
  } else {
    c.y_off = 16;
    c.y_mul = 298;
    if (m == MNV_YUV_BT709) {
      c.rv = 459; c.gu = 55; c.gv = 136; c.bu = 541;
    } else {
      c.rv = 409; c.gu = 100; c.gv = 208; c.bu = 516;
    }
  }
  return c;
}

static inline void
yuv_pixel (const mnv_image *im, const yuv_coeffs *c, int x, int y,
    int rgb[3])
{
  int Y = im->planes[0][(size_t) y * im->strides[0] + x], U, V;
  if (im->format == MNV_PIXEL_NV12) {
    const uint8_t *uv = im->planes[1] + (size_t) (y / 2) * im->strides[1] +
        (size_t) (x / 2) * 2;
    U = uv[0];
    V = uv[1];
  } else {
    U = im->planes[1][(size_t) (y / 2) * im->strides[1] + x / 2];
    V = im->planes[2][(size_t) (y / 2) * im->strides[2] + x / 2];
  }
  int yy = (Y - c->y_off) * c->y_mul + 128, d = U - 128, e = V - 128;
  rgb[0] = clamp_u8 ((yy + c->rv * e) >> 8);
  rgb[1] = clamp_u8 ((yy - c->gu * d - c->gv * e) >> 8);
  rgb[2] = clamp_u8 ((yy + c->bu * d) >> 8);
}

/* The blend of ref/README.md, rounded half up. */
static inline int
blend (int64_t tl, int64_t tr, int64_t bl, int64_t br, int64_t fx,
    int64_t fy, int64_t denx, int64_t deny)
{
  int64_t top = tl * (denx - fx) + tr * fx;
  int64_t bot = bl * (denx - fx) + br * fx;
  int64_t n = top * (deny - fy) + bot * fy, d = denx * deny;
  return clamp_u8 ((int) ((2 * n + d) / (2 * d)));
}

typedef struct {
  mnv_type type;
  float std[3], mean_over_std[3];
} writer;

/* Writes channel C of a pixel at element I of the input. */
static inline void
put (const writer *w, void *out, size_t i, int c, int pixel)
{
  switch (w->type) {
    case MNV_TYPE_UINT8:
      ((uint8_t *) out)[i] = (uint8_t) pixel;
      break;
    case MNV_TYPE_INT8:
      ((int8_t *) out)[i] = (int8_t) (pixel - 128);
      break;
    default:
      ((float *) out)[i] = (float) pixel / w->std[c] - w->mean_over_std[c];
      break;
  }
}

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
mnv_image_to_input (const mnv_image *im, const mnv_rect *src,
    const mnv_rect *dst, const mnv_tensor_info *info,
    const mnv_normalization *norm, void *out, mnv_error *err)
{
  int ro = 0, go = 0, bo = 0, bpp = 0;
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
        put (&w, out, at + c, c, blend (tl[c], tr[c], bl[c], br[c], t->f, yt.f,
                denx, deny));
    }
  }
  free (xt);
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
