/* Frame to model input, separably: each source row the output needs is
 * resampled horizontally once (its pixels converted to RGB first, YUV at
 * chroma resolution as the reference reads it), then output rows blend two
 * such rows.  The arithmetic is the reference's (image_ref.c, exact
 * half-pixel bilinear rounded half up), reordered only where integers make
 * that exact: the horizontal sums are the reference's "top" and "bottom",
 * and they fit int32 for outputs up to about 1000 x 1000 (larger ones take
 * the per-pixel path).  The rows run in the image kernels
 * (core/kernels/image: plain C and AVX2). */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "flip.h"
#include "image_util.h"
#include "image_pool.h"
#include "kernels/kernels.h"

void
mnv_image_plan (int fw, int fh, int iw, int ih, mnv_resize_mode mode,
    mnv_rect *src, mnv_rect *dst)
{
  *src = (mnv_rect){ 0, 0, fw, fh };
  *dst = (mnv_rect){ 0, 0, iw, ih };
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
mnv_image_check (const mnv_image *im, const mnv_rect *src, const mnv_rect *dst,
    const mnv_tensor_info *info, mnv_error *err)
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
  if (im->width < 1 || im->height < 1 || !im->planes[0] || src->w < 1 ||
      src->h < 1 || src->x < 0 || src->y < 0 ||
      (int64_t) src->x + src->w > im->width ||
      (int64_t) src->y + src->h > im->height || dst->w < 1 || dst->h < 1 ||
      dst->x < 0 || dst->y < 0 || (int64_t) dst->x + dst->w > iw ||
      (int64_t) dst->y + dst->h > ih)
    return mnv_set_error (err, MNV_ERR_ARGUMENT,
        "image %dx%d or resize rectangles do not fit", im->width, im->height);
  if (!packed &&
      (!im->planes[1] || (im->format == MNV_PIXEL_I420 && !im->planes[2])))
    return mnv_set_error (err, MNV_ERR_ARGUMENT, "missing chroma planes");

  return MNV_OK;
}

/* Per output column, computed once per geometry: where its two source
 * samples are (byte offsets in a row: packed pixels or luma; chroma) and
 * the weights of the second (F) and the first (G). */
static void
plan_columns (const mnv_image *im, const axis_tap *xt, int n, int bpp,
    int32_t denx, int32_t *cbuf, mnv_image_row_params *p)
{
  int32_t *a = cbuf, *b = a + n, *ca = b + n, *cb = ca + n, *f = cb + n,
          *g = f + n, *gf = g + n;
  const int nv12 = im->format == MNV_PIXEL_NV12;
  for (int ox = 0; ox < n; ox++) {
    const int i0 = xt[ox].i0, i1 = xt[ox].i1;
    f[ox] = (int32_t) xt[ox].f;
    g[ox] = denx - f[ox];
    gf[ox] = (int32_t) ((uint32_t) g[ox] | (uint32_t) f[ox] << 16);
    a[ox] = i0 * (bpp ? bpp : 1);
    b[ox] = i1 * (bpp ? bpp : 1);
    ca[ox] = nv12 ? i0 / 2 * 2 : i0 / 2;
    cb[ox] = nv12 ? i1 / 2 * 2 : i1 / 2;
  }
  p->interleaved = nv12;
  p->a = a;
  p->b = b;
  p->ca = ca;
  p->cb = cb;
  p->f = f;
  p->g = g;
  p->gf = gf;
}

/* How many leading columns of P (N) can be read 4 bytes at a time at each
 * offset once the rows are moved SHIFT bytes (chroma: CSHIFT) in a frame
 * IM: the offsets grow with the column, so these are the first ones. */
static int
count_safe (const mnv_image *im, const mnv_image_row_params *p, int n, int bpp,
    int64_t shift, int64_t cshift)
{
  const int nv12 = im->format == MNV_PIXEL_NV12;
  /* Bytes of a row holding pixels (the stride's padding may be absent on
   * the last row). */
  const int64_t row = (int64_t) im->width * (bpp ? bpp : 1);
  const int64_t crow = nv12 ? 2 * (int64_t) ((im->width + 1) / 2) :
                              (im->width + 1) / 2;
  int safe = n;
  while (safe > 0 &&
      !(p->b[safe - 1] + shift + 3 < row &&
          (bpp || p->cb[safe - 1] + cshift + 3 + nv12 < crow)))
    safe--;
  return safe;
}

/* Pixel values (0-255) to the input's type, as put() writes them. */
static void
write_row (const writer *w, const uint8_t *px, int n, void *out, size_t at)
{
  switch (w->type) {
    case MNV_TYPE_UINT8: memcpy ((uint8_t *) out + at, px, (size_t) n); break;
    case MNV_TYPE_INT8: /* p - 128 */
      mnv_flip_bytes ((uint8_t *) out + at, px, (size_t) n);
      break;
    default:
      for (int i = 0; i < n; i++)
        put (w, out, at + i, i % 3, px[i]);
      break;
  }
}

/* The colour conversion and packed layout of IM into RP. */
static void
set_colour_params (const mnv_image *im, const int off[3],
    mnv_image_row_params *rp)
{
  const yuv_coeffs yc = yuv_coefficients (im->matrix, im->full_range);
  rp->y_off = yc.y_off;
  rp->y_mul = yc.y_mul;
  rp->rv = yc.rv;
  rp->gu = yc.gu;
  rp->gv = yc.gv;
  rp->bu = yc.bu;
  for (int c = 0; c < 3; c++)
    rp->off[c] = off[c];
}

/* The horizontally resampled source rows T->i0 and T->i1 (W outputs of 3
 * channels) in HR, kept in the two halves of HBUF; HELD says which source
 * row each half holds, and only rows not held yet are computed (a missing
 * row goes where the other needed row is not).  BPP: bytes per packed
 * pixel, 0 for YUV; RP's offsets count from SHIFT bytes into a row
 * (chroma: CSHIFT). */
static void
source_rows (const mnv_image *im, int bpp, const mnv_image_row_params *rp,
    int w, int safe, ptrdiff_t shift, ptrdiff_t cshift, const axis_tap *t,
    int32_t *hbuf, int held[2], const int32_t *hr[2])
{
  const mnv_kernel_table *k_ = mnv_kernels ();
  const size_t n = (size_t) 3 * w;
  const int need[2] = { t->i0, t->i1 };
  int slot[2];
  for (int k = 0; k < 2; k++)
    slot[k] = held[0] == need[k] ? 0 : held[1] == need[k] ? 1 : -1;
  if (slot[0] < 0)
    slot[0] = slot[1] == 0 ? 1 : 0;
  if (slot[1] < 0)
    slot[1] = need[1] == need[0] ? slot[0] : 1 - slot[0];
  for (int k = 0; k < 2; k++) {
    if (held[slot[k]] == need[k])
      continue;
    const int y = need[k];
    int32_t *h = hbuf + (size_t) slot[k] * n;
    const uint8_t *ly = im->planes[0] + (size_t) y * im->strides[0] + shift;
    if (bpp) {
      k_->image_hpacked (ly, rp, w, safe, h);
    } else {
      const uint8_t *u = im->planes[1] + (size_t) (y / 2) * im->strides[1] +
          cshift;
      const uint8_t *v = rp->interleaved ?
          u + 1 :
          im->planes[2] + (size_t) (y / 2) * im->strides[2] + cshift;
      k_->image_hyuv (ly, u, v, rp, w, safe, h);
    }
    held[slot[k]] = need[k];
  }
  hr[0] = hbuf + (size_t) slot[0] * n;
  hr[1] = hbuf + (size_t) slot[1] * n;
}

/* Asks for N bytes at P ahead of their use, into L2 (a hint: never
 * faults).  Inlined on purpose: GCC's IPA marks a function that only
 * prefetches "const" and deletes its calls, prefetches and all. */
static inline __attribute__ ((always_inline)) void
prefetch_bytes (const uint8_t *p, size_t n)
{
  for (size_t i = 0; i < n; i += 64)
    __builtin_prefetch (p + i, 0, 2);
  if (n)
    __builtin_prefetch (p + n - 1, 0, 2);
}

/* Asks for the bytes of source row Y the horizontal pass reads (SRC's
 * columns; chroma at its own resolution), each row once: *ASKED holds the
 * last luma and chroma rows asked for (rows only go down).  A camera's frame
 * is in no cache, and the rows an output row needs are far apart, each a
 * stream the hardware prefetcher starts cold; asked for one output row
 * ahead, they arrive while the current row is computed (1080p NV12 to
 * 300x300 from memory: 0.40 to 0.29 ms here).  BPP as source_rows. */
static inline __attribute__ ((always_inline)) void
prefetch_source_row (const mnv_image *im, int bpp, const mnv_rect *src, int y,
    int asked[2])
{
  if (y > asked[0]) {
    const int b = bpp ? bpp : 1;
    prefetch_bytes (im->planes[0] + (size_t) y * im->strides[0] +
            (size_t) src->x * b,
        (size_t) src->w * b);
    asked[0] = y;
  }
  if (bpp || y / 2 <= asked[1])
    return;
  const int c0 = src->x / 2, c1 = (src->x + src->w + 1) / 2;
  const size_t crow = (size_t) (y / 2);
  if (im->format == MNV_PIXEL_NV12) {
    prefetch_bytes (im->planes[1] + crow * im->strides[1] + (size_t) 2 * c0,
        (size_t) 2 * (c1 - c0));
  } else {
    for (int p = 1; p < 3; p++)
      prefetch_bytes (im->planes[p] + crow * im->strides[p] + c0,
          (size_t) (c1 - c0));
  }
  asked[1] = y / 2;
}

/* The columns of a kept plan, for crops starting at column X and those an
 * even number of columns from it (YUV chroma is shared by column pairs, so
 * the parity of the crop's start changes which chroma samples the taps
 * take): their taps and weights, and for YUV the byte windows of each
 * group of columns (64-byte aligned); with their capacities. */
typedef struct {
  int valid, x;
  int32_t *cbuf;
  void *wbuf;
  size_t cap_cbuf, cap_win;
  mnv_image_windows win;
  mnv_image_row_params rp;
} column_plan;

struct mnv_image_prep {
  /* The geometry planned for (valid after the first plan): the crop's size,
   * not its place, so that a moving ROI of one size keeps its plan. */
  int valid;
  mnv_pixel_format format;
  int iw, ih, src_w, src_h;
  mnv_rect dst;
  /* Taps (dst.w columns then dst.h rows, rows from the crop's top), per
   * band of output rows two horizontal rows (cached by source row) and one
   * output row; with their capacities; the columns for each parity of the
   * crop's start. */
  axis_tap *xt;
  int32_t *hbuf;
  uint8_t *px;
  size_t cap_taps, cap_hbuf, cap_px; /* elements */
  column_plan col[2];
  int plans;
};

mnv_image_prep *
mnv_image_prep_new (void)
{
  return calloc (1, sizeof (mnv_image_prep));
}

static void
prep_release (mnv_image_prep *p)
{
  free (p->xt);
  free (p->hbuf);
  free (p->px);
  for (int k = 0; k < 2; k++) {
    free (p->col[k].cbuf);
    free (p->col[k].wbuf);
  }
}

void
mnv_image_prep_free (mnv_image_prep *p)
{
  if (p) {
    prep_release (p);
    free (p);
  }
}

int
mnv_image_prep_plans (const mnv_image_prep *p)
{
  return p->plans;
}

/* Grows *BUF to N elements of SIZE bytes (CAP: its capacity). */
static int
reserve (void **buf, size_t *cap, size_t n, size_t size)
{
  if (n <= *cap)
    return 1;
  void *grown = realloc (*buf, n * size);
  if (!grown)
    return 0;
  *buf = grown;
  *cap = n;
  return 1;
}

/* C planned for the columns of crops starting at SRC->x (P's geometry). */
static mnv_status
plan_column_set (mnv_image_prep *p, column_plan *c, const mnv_image *im,
    const mnv_rect *src, int bpp, mnv_error *err)
{
  const mnv_rect *dst = &p->dst;
  if (!reserve ((void **) &c->cbuf, &c->cap_cbuf, (size_t) 7 * dst->w,
          sizeof *c->cbuf))
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  plan_axis (p->xt, dst->w, src->w, src->x);
  plan_columns (im, p->xt, dst->w, bpp, 2 * dst->w, c->cbuf, &c->rp);
  c->rp.win = NULL;
  if (!bpp) {
    /* Rounded up to whole cache lines, as aligned_alloc wants. */
    const size_t need = (mnv_image_windows_size (dst->w) + 63) & ~(size_t) 63;
    if (need > c->cap_win) {
      free (c->wbuf);
      c->cap_win = 0;
      c->wbuf = aligned_alloc (64, need);
      if (!c->wbuf)
        return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
      c->cap_win = need;
    }
    mnv_image_plan_windows (&c->rp, dst->w, c->wbuf, &c->win);
    c->rp.win = &c->win;
  }
  c->x = src->x;
  c->valid = 1;
  p->plans++;
  return MNV_OK;
}

/* P planned for this geometry, reusing the last plan when it is the same
 * (a crop of the same size anywhere); the column plan for SRC's start in
 * *COL. */
static mnv_status
prep_plan (mnv_image_prep *p, const mnv_image *im, const mnv_rect *src,
    const mnv_rect *dst, int iw, int ih, int bpp, column_plan **col,
    mnv_error *err)
{
  if (!(p->valid && p->format == im->format && p->iw == iw && p->ih == ih &&
          p->src_w == src->w && p->src_h == src->h &&
          !memcmp (&p->dst, dst, sizeof *dst))) {
    p->valid = 0;
    p->col[0].valid = p->col[1].valid = 0;
    if (!reserve ((void **) &p->xt, &p->cap_taps, (size_t) dst->w + dst->h,
            sizeof *p->xt))
      return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
    plan_axis (p->xt + dst->w, dst->h, src->h, 0);
    p->format = im->format;
    p->iw = iw;
    p->ih = ih;
    p->src_w = src->w;
    p->src_h = src->h;
    p->dst = *dst;
    p->valid = 1;
  }
  /* Packed pixels have no chroma pairs: one column plan for any start. */
  column_plan *c = &p->col[bpp ? 0 : src->x & 1];
  *col = c;
  return c->valid ? MNV_OK : plan_column_set (p, c, im, src, bpp, err);
}

/* One frame's conversion, as its bands of output rows share it. */
typedef struct {
  const mnv_image *im;
  const mnv_rect *src, *dst;
  const axis_tap *yt; /* row taps from the crop's top */
  mnv_image_row_params rp;
  int bpp; /* packed pixels: bytes per pixel; YUV: 0 */
  int safe, iw, ih, bands;
  int gaps; /* output rows 3 source rows apart or more: prefetched */
  ptrdiff_t shift, cshift; /* the column plan's offsets moved to the crop */
  writer w;
  void *out;
  int32_t *hbuf; /* per band: two horizontal rows */
  uint8_t *px;   /* per band: one output row */
} frame_job;

/* Output rows [OY0, OY1) of J with the buffers HBUF and PX. */
static void
convert_rows (const frame_job *j, int oy0, int oy1, int32_t *hbuf, uint8_t *px)
{
  const mnv_rect *src = j->src, *dst = j->dst;
  const mnv_kernel_table *k_ = mnv_kernels ();
  const int32_t denx = 2 * dst->w, deny = 2 * dst->h;
  const size_t rowb = (size_t) j->iw * 3;
  int held[2] = { -1, -1 };  /* source row in each half of hbuf */
  int asked[2] = { -1, -1 }; /* last luma and chroma rows prefetched */
  const int first = oy0 > dst->y ? oy0 : dst->y;

  /* Black (0) where the input is outside DST. */
  memset (px, 0, rowb);
  for (int oy = oy0; oy < oy1; oy++) {
    const size_t row = (size_t) oy * rowb;
    if (oy < dst->y || oy >= dst->y + dst->h) {
      write_row (&j->w, px, (int) rowb, j->out, row);
      continue;
    }
    const axis_tap *t = &j->yt[oy - dst->y];
    /* This row's source rows were asked for one row ago (the band's first
     * row's just now), the next row's now; not when the output needs
     * nearly every row (the hardware prefetcher follows those). */
    for (int a = oy == first ? 0 : 1;
         j->gaps && a <= 1 && oy + a < dst->y + dst->h; a++) {
      prefetch_source_row (j->im, j->bpp, src, src->y + t[a].i0, asked);
      prefetch_source_row (j->im, j->bpp, src, src->y + t[a].i1, asked);
    }
    const axis_tap rows = { src->y + t->i0, src->y + t->i1, t->f };
    const int32_t *hr[2];
    source_rows (j->im, j->bpp, &j->rp, dst->w, j->safe, j->shift, j->cshift,
        &rows, hbuf, held, hr);
    uint8_t *inner = px + (size_t) dst->x * 3;
    k_->image_vrow (hr[0], hr[1], deny - (int32_t) t->f, (int32_t) t->f,
        denx * deny, dst->w, inner);
    write_row (&j->w, px, (int) rowb, j->out, row);
    /* The borders stay black for the next row. */
    memset (inner, 0, (size_t) 3 * dst->w);
  }
}

/* Band TASK of the frame (mnv_pool_fn). */
static void
band_task (void *ctx, int task, int thread)
{
  const frame_job *j = ctx;
  (void) thread;
  const int oy0 = (int) ((int64_t) j->ih * task / j->bands);
  const int oy1 = (int) ((int64_t) j->ih * (task + 1) / j->bands);
  convert_rows (j, oy0, oy1, j->hbuf + (size_t) task * 6 * j->dst->w,
      j->px + (size_t) task * j->iw * 3);
}

mnv_status
mnv_image_to_input_pool (mnv_image_prep *p, mnv_pool *pool, const mnv_image *im,
    const mnv_rect *src, const mnv_rect *dst, const mnv_tensor_info *info,
    const mnv_normalization *norm, void *out, mnv_error *err)
{
  if (!p)
    return mnv_image_to_input (im, src, dst, info, norm, out, err);
  mnv_status st = mnv_image_check (im, src, dst, info, err);
  if (st)
    return st;
  /* The kernels' sums are int32: 2 * 255 * d + d must fit (outputs up to
   * about 1000 x 1000), and the column weights int16 (the per-pixel path
   * beyond). */
  if ((int64_t) dst->w * dst->h * 4 * 511 >= ((int64_t) 1 << 31) ||
      dst->w >= 1 << 14)
    return mnv_image_to_input_ref (im, src, dst, info, norm, out, err);
  frame_job j;
  memset (&j, 0, sizeof j);
  int off[3] = { 0, 0, 0 };
  /* j.bpp stays 0 for YUV. */
  packed_layout (im->format, &off[0], &off[1], &off[2], &j.bpp);
  j.ih = info->dims[1];
  j.iw = info->dims[2];
  /* Bands of output rows, one per thread; a band at least 16 rows (fewer
   * are not worth a thread's wake-up). */
  j.bands = pool ? mnv_pool_threads (pool) : 1;
  if (j.bands > j.ih / 16)
    j.bands = j.ih / 16 > 1 ? j.ih / 16 : 1;
  column_plan *col = NULL;
  st = prep_plan (p, im, src, dst, j.iw, j.ih, j.bpp, &col, err);
  if (st)
    return st;
  if (!reserve ((void **) &p->hbuf, &p->cap_hbuf, (size_t) j.bands * 6 * dst->w,
          sizeof *p->hbuf) ||
      !reserve ((void **) &p->px, &p->cap_px, (size_t) j.bands * j.iw * 3, 1))
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  j.im = im;
  j.src = src;
  j.dst = dst;
  j.yt = p->xt + dst->w;
  j.rp = col->rp;
  set_colour_params (im, off, &j.rp);
  /* The column plan's offsets are for a crop at col->x, an even number of
   * columns away for YUV (a whole number of chroma samples). */
  const int dx = src->x - col->x;
  j.shift = (ptrdiff_t) dx * (j.bpp ? j.bpp : 1);
  j.cshift = j.bpp ? 0 : im->format == MNV_PIXEL_NV12 ? dx : dx / 2;
  j.safe = count_safe (im, &j.rp, dst->w, j.bpp, j.shift, j.cshift);
  j.w = (writer){ info->type, { 1, 1, 1 }, { 0, 0, 0 } };
  for (int c = 0; c < 3; c++) {
    j.w.std[c] = norm ? norm->std[c] : 127.5f;
    j.w.mean_over_std[c] = norm ? norm->mean[c] / norm->std[c] : 1.0f;
  }
  j.gaps = src->h >= 3 * dst->h;
  j.out = out;
  j.hbuf = p->hbuf;
  j.px = p->px;
  if (j.bands > 1)
    mnv_pool_run (pool, band_task, &j, j.bands);
  else
    convert_rows (&j, 0, j.ih, j.hbuf, j.px);
  return MNV_OK;
}

mnv_status
mnv_image_to_input_prep (mnv_image_prep *p, const mnv_image *im,
    const mnv_rect *src, const mnv_rect *dst, const mnv_tensor_info *info,
    const mnv_normalization *norm, void *out, mnv_error *err)
{
  return mnv_image_to_input_pool (p, NULL, im, src, dst, info, norm, out, err);
}

mnv_status
mnv_image_to_input (const mnv_image *im, const mnv_rect *src,
    const mnv_rect *dst, const mnv_tensor_info *info,
    const mnv_normalization *norm, void *out, mnv_error *err)
{
  mnv_image_prep p;
  memset (&p, 0, sizeof p);
  const mnv_status st = mnv_image_to_input_prep (&p, im, src, dst, info, norm,
      out, err);
  prep_release (&p);
  return st;
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
