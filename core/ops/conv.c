/* CONV_2D and DEPTHWISE_CONV_2D: geometry, weight packing, dispatch.
 *
 * Quantized CONV_2D runs as GEMM (gemm.c) when the kernel set has a SIMD
 * GEMM, else on the direct reference kernel; depthwise runs on the set's
 * kernel, with weights packed for it. */
#include <assert.h>
#include <string.h>

#include "../kernels/cpu.h"
#include "../kernels/dwconv/dwconv_pack.h"
#include "../kernels/dwconv/dwconv_taps.h"
#include "../pool.h"
#include "../tflite_schema.h"
#include "bands.h"
#include "gemm.h"
#include "op_util.h"

typedef struct {
  mnv_conv_geom g;
  int batch;
  int depthwise;
  int quantized;
  const int16_t *wq;
  const float *wf;
  const void *bias;
  mnv_qs8_requant_params rq;
  mnv_f32_minmax_params mm;
  int use_gemm;
  mnv_gemm gemm;
  mnv_qs8_conv_ukernel *qs8_fn; /* direct kernels (ref conv, depthwise) */
  mnv_f32_conv_ukernel *f32_fn;
  const void *direct_weights; /* weights in the layout qs8_fn wants */
} conv_params;

/* Depthwise on a SIMD kernel: repack the plain weights for it. */
static mnv_status
prepare_depthwise (mnv_model *m, conv_params *p, const mnv_kernel_table *k,
    mnv_error *err)
{
  const mnv_kernel_table *ref = mnv_kernels_for_isa (MNV_ISA_REF);
  const int taps = p->g.k_h * p->g.k_w;

  p->qs8_fn = ref->qs8_dwconv;
  p->direct_weights = p->wq;
  if (k->qs8_dwconv_isa == MNV_ISA_REF || p->g.depth_multiplier != 1 ||
      taps > MNV_DW_MAX_TAPS)
    return MNV_OK;
  const int block = k->qs8_dwconv_nr;
  size_t bytes = mnv_dw_packed_bytes (block, taps, p->g.out_c);
  uint8_t *packed = mnv_model_alloc (m, bytes);
  if (!packed)
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  mnv_dw_pack (block, taps, p->g.out_c, p->wq, p->bias, p->rq.scale, packed);
  m->weight_bytes += bytes;
  p->qs8_fn = k->qs8_dwconv;
  p->direct_weights = packed;
  return MNV_OK;
}

static mnv_status
conv_prepare (mnv_model *m, mnv_node *n, mnv_error *err)
{
  const int dw = n->builtin == TFL_OP_DEPTHWISE_CONV_2D;
  const mnv_op_options *o = &n->opt;
  mnv_status st;
  conv_params *p;

  if ((st = op_check_arity (n, 2, 3, 1, err)) ||
      (st = op_check_activation_input (m, n, 0, err)))
    return st;
  mnv_tensor *x = op_in (m, n, 0), *w = op_in (m, n, 1),
             *b = n->n_inputs > 2 ? op_in (m, n, 2) : NULL,
             *y = op_out (m, n, 0);
  if (x->info.rank != 4 || w->info.rank != 4 || y->info.rank != 4)
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "input, weights and output must be 4-D (found %d, %d, %d)",
        x->info.rank, w->info.rank, y->info.rank);
  if (o->stride_w < 1 || o->stride_h < 1 || o->dilation_w < 1 ||
      o->dilation_h < 1 || o->stride_w > 1024 || o->stride_h > 1024 ||
      o->dilation_w > 1024 || o->dilation_h > 1024)
    return op_error (err, n, MNV_ERR_FORMAT,
        "invalid stride %dx%d or dilation %dx%d", o->stride_w, o->stride_h,
        o->dilation_w, o->dilation_h);
  if (!(p = mnv_model_alloc (m, sizeof *p)))
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");

  mnv_conv_geom *g = &p->g;
  p->depthwise = dw;
  p->batch = x->info.dims[0];
  g->in_h = x->info.dims[1];
  g->in_w = x->info.dims[2];
  g->in_c = x->info.dims[3];
  g->k_h = w->info.dims[1];
  g->k_w = w->info.dims[2];
  g->out_c = dw ? w->info.dims[3] : w->info.dims[0];
  g->stride_h = o->stride_h;
  g->stride_w = o->stride_w;
  g->dil_h = o->dilation_h;
  g->dil_w = o->dilation_w;
  if (dw) {
    if (w->info.dims[0] != 1 || g->out_c % g->in_c != 0)
      return op_error (err, n, MNV_ERR_FORMAT,
          "weights [%d,%d,%d,%d] do not fit %d input channels", w->info.dims[0],
          w->info.dims[1], w->info.dims[2], w->info.dims[3], g->in_c);
    g->depth_multiplier = g->out_c / g->in_c;
  } else if (w->info.dims[3] != g->in_c) {
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "weights expect %d input channels but the input has %d "
        "(grouped convolution is not supported)",
        w->info.dims[3], g->in_c);
  }
  op_conv_axis (g->in_h, g->k_h, g->stride_h, g->dil_h, o->padding_valid,
      &g->out_h, &g->pad_top);
  op_conv_axis (g->in_w, g->k_w, g->stride_w, g->dil_w, o->padding_valid,
      &g->out_w, &g->pad_left);
  if ((st = op_check_nhwc (n, y, p->batch, g->out_h, g->out_w, g->out_c, err)))
    return st;

  const int64_t depth = dw ? (int64_t) g->k_h * g->k_w :
                             (int64_t) g->k_h * g->k_w * g->in_c;
  if (x->info.type == MNV_TYPE_FLOAT32 && y->info.type == MNV_TYPE_FLOAT32) {
    if ((st = op_f32_activation_range (n, o->activation, &p->mm.out_min,
             &p->mm.out_max, err)) ||
        (st = op_pack_f32_weights (m, n, w, (float **) &p->wf, err)) ||
        (st = op_pack_bias (m, n, b, g->out_c, 0, (void **) &p->bias, err)))
      return st;
    const mnv_kernel_table *k = mnv_kernels ();
    const mnv_kernel_table *ref = mnv_kernels_for_isa (MNV_ISA_REF);
    if (dw) {
      p->f32_fn = g->depth_multiplier == 1 &&
              g->k_h * g->k_w <= MNV_DW_MAX_TAPS ?
          k->f32_dwconv :
          ref->f32_dwconv;
    } else if (k->f32_gemm_isa != MNV_ISA_REF) {
      p->use_gemm = 1;
      p->gemm.mm = p->mm;
      if ((st = mnv_gemm_prepare_f32 (m, k, p->wf, p->bias, g->out_c,
               (int) depth, &p->gemm, err)))
        return st;
    } else {
      p->f32_fn = k->f32_conv;
    }
  } else {
    if ((st = op_check_q8_per_tensor (n, x, "input", err)) ||
        (st = op_check_q8_per_tensor (n, y, "output", err)))
      return st;
    if (w->n_scales > 1 && w->quant_dim != (dw ? 3 : 0))
      return op_error (err, n, MNV_ERR_UNSUPPORTED,
          "weights are quantized along dimension %d, not the output "
          "channels",
          w->quant_dim);
    p->quantized = 1;
    p->rq.in_zp = q8_stored_zp (x);
    p->rq.out_zp = q8_stored_zp (y);
    if ((st = op_q8_activation_range (n, y, o->activation, &p->rq.out_min,
             &p->rq.out_max, err)) ||
        (st = op_pack_q8_weights (m, n, w, (int16_t **) &p->wq, err)) ||
        (st = op_requant_scales (m, n, x, w, y, g->out_c,
             (float **) &p->rq.scale, err)) ||
        (st = op_pack_bias (m, n, b, g->out_c, 1, (void **) &p->bias, err)) ||
        (st = op_check_accumulation (n, depth, p->bias, g->out_c, err)))
      return st;
    const mnv_kernel_table *k = mnv_kernels ();
    if (dw) {
      if ((st = prepare_depthwise (m, p, k, err)))
        return st;
    } else if (k->qs8_gemm_isa != MNV_ISA_REF ||
        k->qs8_gemm_dot_isa != MNV_ISA_REF) {
      p->use_gemm = 1;
      p->gemm.rq = p->rq;
      const int pointwise = g->k_h == 1 && g->k_w == 1 && g->stride_h == 1 &&
          g->stride_w == 1 && g->pad_top == 0 && g->pad_left == 0;
      int dot = mnv_gemm_prepare_dot (m, k, p->wq, p->bias, p->rq.scale,
          g->out_c, (int) depth, p->rq.in_zp, pointwise, &p->gemm, err);
      if (dot < 0)
        return err->status;
      if (!dot &&
          (st = mnv_gemm_prepare (m, k, p->wq, p->bias, p->rq.scale, g->out_c,
               (int) depth, &p->gemm, err)))
        return st;
    } else {
      p->qs8_fn = k->qs8_conv;
      p->direct_weights = p->wq;
    }
  }
  n->params = p;
  return MNV_OK;
}

/* Rows of A for the GEMM: one output pixel each, its window's inputs minus
 * the zero point (im2col); padding is zero. */
typedef struct {
  const mnv_conv_geom *g;
  const void *input;
  int32_t zp;
} fill_ctx;

static void
conv_fill_a_f32 (const void *ctx, const mnv_gemm *gm, int m0, int m1, void *out)
{
  const fill_ctx *f = ctx;
  const mnv_conv_geom *g = f->g;
  const float *input = f->input;
  /* A window row of a narrow input (RGB) is a few contiguous floats: copied
   * inline (a memcpy call per 3 floats made the 224x224 stem convolution's
   * im2col cost four times its GEMM). */
  const int span = g->in_c * g->k_w;
  const int narrow = g->dil_w == 1 && span <= 32;

  for (int m = m0; m < m1; m++) {
    float *d = (float *) out + (size_t) (m - m0) * gm->kpad;
    const int oy = m / g->out_w, ox = m % g->out_w;
    const int iy0 = oy * g->stride_h - g->pad_top;
    const int ix0 = ox * g->stride_w - g->pad_left;
    if (narrow && ix0 >= 0 && ix0 + g->k_w <= g->in_w) {
      for (int ky = 0; ky < g->k_h; ky++, d += span) {
        const int iy = iy0 + ky * g->dil_h;
        if (iy < 0 || iy >= g->in_h) {
          for (int i = 0; i < span; i++)
            d[i] = 0.0f;
        } else {
          const float *src = input + ((size_t) iy * g->in_w + ix0) * g->in_c;
          for (int i = 0; i < span; i++)
            d[i] = src[i];
        }
      }
      continue;
    }
    for (int ky = 0; ky < g->k_h; ky++) {
      const int iy = iy0 + ky * g->dil_h;
      for (int kx = 0; kx < g->k_w; kx++, d += g->in_c) {
        const int ix = ix0 + kx * g->dil_w;
        if (iy < 0 || iy >= g->in_h || ix < 0 || ix >= g->in_w)
          memset (d, 0, (size_t) g->in_c * 4);
        else
          memcpy (d, input + ((size_t) iy * g->in_w + ix) * g->in_c,
              (size_t) g->in_c * 4);
      }
    }
  }
}

/* Whether output pixel M's window lies inside the image. */
static inline int
window_inside (const mnv_conv_geom *g, int m)
{
  const int iy = (m / g->out_w) * g->stride_h - g->pad_top;
  const int ix = (m % g->out_w) * g->stride_w - g->pad_left;
  return iy >= 0 && iy + (g->k_h - 1) * g->dil_h < g->in_h && ix >= 0 &&
      ix + (g->k_w - 1) * g->dil_w < g->in_w;
}

/* The input of window row KY of output pixel M (inside the image). */
static inline const int8_t *
row_start (const mnv_conv_geom *g, const int8_t *input, int m, int ky)
{
  const int iy = (m / g->out_w) * g->stride_h - g->pad_top + ky * g->dil_h;
  const int ix = (m % g->out_w) * g->stride_w - g->pad_left;
  return input + ((size_t) iy * g->in_w + ix) * g->in_c;
}

static void
conv_fill_a (const void *ctx, const mnv_gemm *gm, int m0, int m1, void *out)
{
  const fill_ctx *f = ctx;
  const int8_t *input = f->input;
  int16_t *dst = out;
  const mnv_conv_geom *g = f->g;
  const int pointwise = g->k_h == 1 && g->k_w == 1 && g->stride_h == 1 &&
      g->stride_w == 1 && g->pad_top == 0 && g->pad_left == 0;
  /* Narrow inputs (RGB): a window row is one short contiguous span; convert
   * it with one 16-wide pack (the scratch has slack for the overshoot, and
   * the read must stay inside the tensor). */
  const int span = g->in_c * g->k_w;
  const int short_span = g->dil_w == 1 && span <= 16 && g->in_c < 16;
  const int8_t *end = input + (size_t) g->in_h * g->in_w * g->in_c;

  for (int m = m0; m < m1; m++) {
    int16_t *row = dst + (size_t) (m - m0) * gm->kpad;
    if (pointwise) {
      gm->pack ((size_t) g->in_c, input + (size_t) m * g->in_c, f->zp, row);
    } else if (short_span && window_inside (g, m) &&
        row_start (g, input, m, g->k_h - 1) + 16 <= end) {
      int16_t *d = row;
      for (int ky = 0; ky < g->k_h; ky++, d += span)
        gm->pack (16, row_start (g, input, m, ky), f->zp, d);
    } else {
      const int oy = m / g->out_w, ox = m % g->out_w;
      int16_t *d = row;
      for (int ky = 0; ky < g->k_h; ky++) {
        const int iy = oy * g->stride_h - g->pad_top + ky * g->dil_h;
        for (int kx = 0; kx < g->k_w; kx++, d += g->in_c) {
          const int ix = ox * g->stride_w - g->pad_left + kx * g->dil_w;
          if (iy < 0 || iy >= g->in_h || ix < 0 || ix >= g->in_w) {
            memset (d, 0, (size_t) g->in_c * 2);
          } else {
            const int8_t *src = input + ((size_t) iy * g->in_w + ix) * g->in_c;
            if (g->in_c < 16) {
              /* Narrow inputs (RGB): a kernel call per pixel costs more
               * than the few values it converts. */
              for (int c = 0; c < g->in_c; c++)
                d[c] = (int16_t) (src[c] - f->zp);
            } else {
              gm->pack ((size_t) g->in_c, src, f->zp, d);
            }
          }
        }
      }
    }
    if (gm->kpad > gm->k)
      row[gm->k] = 0;
  }
}

/* Rows of A for the int8 dot-product GEMM: the window's stored int8
 * inputs as they are (the kernel corrects for the zero point), padding
 * the zero point itself, the columns past K zero (see
 * mnv_gemm_prepare_dot). */
static void
conv_fill_a_dot (const void *ctx, const mnv_gemm *gm, int m0, int m1, void *out)
{
  const fill_ctx *f = ctx;
  const int8_t *input = f->input;
  const mnv_conv_geom *g = f->g;
  const int span = g->in_c * g->k_w;
  const ptrdiff_t row_step = (ptrdiff_t) g->dil_h * g->in_w * g->in_c;
  /* A window row of a narrow input (RGB: 9 bytes for 3x3) is copied as one
   * 16-byte move, rows in order so each overshoot is overwritten by the
   * next row (the scratch has slack past the last); the read must stay
   * inside the tensor.  Per-row memcpy calls and divisions had made this
   * fill cost most of the 224x224 stem convolution. */
  const int short_span = g->dil_w == 1 && span <= 16;
  const int8_t *end = input + (size_t) g->in_h * g->in_w * g->in_c;
  int oy = m0 / g->out_w, ox = m0 % g->out_w;

  for (int m = m0; m < m1; m++) {
    int8_t *row = (int8_t *) out + (size_t) (m - m0) * gm->kpad;
    int8_t *d = row;
    const int iy0 = oy * g->stride_h - g->pad_top;
    const int ix0 = ox * g->stride_w - g->pad_left;
    const int8_t *src = input + ((ptrdiff_t) iy0 * g->in_w + ix0) * g->in_c;
    if (short_span && iy0 >= 0 && iy0 + (g->k_h - 1) * g->dil_h < g->in_h &&
        ix0 >= 0 && ix0 + g->k_w <= g->in_w &&
        src + (g->k_h - 1) * row_step + 16 <= end) {
      for (int ky = 0; ky < g->k_h; ky++, d += span, src += row_step)
        memcpy (d, src, 16);
    } else {
      for (int ky = 0; ky < g->k_h; ky++) {
        const int iy = iy0 + ky * g->dil_h;
        for (int kx = 0; kx < g->k_w; kx++, d += g->in_c) {
          const int ix = ix0 + kx * g->dil_w;
          if (iy < 0 || iy >= g->in_h || ix < 0 || ix >= g->in_w)
            memset (d, (int8_t) f->zp, (size_t) g->in_c);
          else
            memcpy (d, input + ((size_t) iy * g->in_w + ix) * g->in_c,
                (size_t) g->in_c);
        }
      }
    }
    for (int k = gm->k; k < gm->kpad; k++)
      row[k] = 0;
    if (++ox == g->out_w) {
      ox = 0;
      oy++;
    }
  }
}

/* The A fill of a GEMM convolution that is not read in place. */
static mnv_gemm_fill_a
fill_for (const conv_params *p)
{
  return !p->quantized ? conv_fill_a_f32 :
      p->gemm.dot      ? conv_fill_a_dot :
                         conv_fill_a;
}

/* Direct kernels split by output rows over the session's threads. */
typedef struct {
  const conv_params *p;
  const void *in;
  void *out;
  int rows_per_task;
} direct_job;

static void
direct_task (void *ctx, int task, int thread)
{
  const direct_job *j = ctx;
  const conv_params *p = j->p;
  const mnv_conv_geom *g = &p->g;
  int y0 = task * j->rows_per_task;
  int y1 = y0 + j->rows_per_task < g->out_h ? y0 + j->rows_per_task : g->out_h;
  (void) thread;
  if (p->quantized)
    p->qs8_fn (g, j->in, p->direct_weights, p->bias, j->out, &p->rq, y0, y1);
  else
    p->f32_fn (g, j->in, p->wf, p->bias, j->out, &p->mm, y0, y1);
}

static void
conv_run (mnv_exec *x, const mnv_node *n)
{
  const conv_params *p = n->params;
  const mnv_conv_geom *g = &p->g;
  const size_t in_stride = (size_t) g->in_h * g->in_w * g->in_c;
  const size_t out_stride = (size_t) g->out_h * g->out_w * g->out_c;
  uint8_t *in = mnv_exec_tensor (x, n->inputs[0]);
  uint8_t *out = mnv_exec_tensor (x, n->outputs[0]);

  const size_t esize = p->quantized ? 1 : 4;
  for (int b = 0; b < p->batch; b++) {
    const uint8_t *bin = in + b * in_stride * esize;
    uint8_t *bout = out + b * out_stride * esize;
    if (p->use_gemm) {
      fill_ctx f = { g, bin, p->rq.in_zp };
      const int pointwise = g->k_h == 1 && g->k_w == 1 && g->stride_h == 1 &&
          g->stride_w == 1 && g->pad_top == 0 && g->pad_left == 0;
      if ((!p->quantized || p->gemm.dot) && pointwise) /* A: the input rows */
        mnv_gemm_run (x, &p->gemm, g->out_h * g->out_w, NULL, bin, bout,
            (size_t) g->out_c);
      else
        mnv_gemm_run (x, &p->gemm, g->out_h * g->out_w, fill_for (p), &f, bout,
            (size_t) g->out_c);
    } else {
      int threads = mnv_pool_threads (x->pool);
      int tasks = threads > 1 ? 4 * threads : 1;
      /* Below ~1M multiply-adds, handing rows to other threads costs more
       * than it saves (measured with mnv2 bench on 7x7 and 14x14 layers). */
      const double macs = (double) g->out_h * g->out_w * g->out_c * g->k_h *
          g->k_w * (p->depthwise ? 1 : g->in_c);
      if (macs < 1e6)
        tasks = 1;
      if (tasks > g->out_h)
        tasks = g->out_h;
      direct_job j = { p, bin, bout, (g->out_h + tasks - 1) / tasks };
      mnv_pool_run (x->pool, direct_task, &j,
          (g->out_h + j.rows_per_task - 1) / j.rows_per_task);
    }
  }
}

const mnv_op_def mnv_op_conv_2d = { TFL_OP_CONV_2D, "CONV_2D", conv_prepare,
  conv_run };
const mnv_op_def mnv_op_depthwise_conv_2d = { TFL_OP_DEPTHWISE_CONV_2D,
  "DEPTHWISE_CONV_2D", conv_prepare, conv_run };

const mnv_conv_geom *
mnv_conv_geometry (const mnv_node *n, int *batch)
{
  const conv_params *p = n->params;
  if (batch)
    *batch = p->batch;
  return &p->g;
}

int
mnv_conv_is_pointwise (const mnv_node *n)
{
  const mnv_conv_geom *g = &((const conv_params *) n->params)->g;
  return !((const conv_params *) n->params)->depthwise && g->k_h == 1 &&
      g->k_w == 1 && g->stride_h == 1 && g->stride_w == 1 && g->pad_top == 0 &&
      g->pad_left == 0;
}

void
mnv_conv_input_rows (const mnv_conv_geom *g, int oy0, int oy1, int *lo, int *hi)
{
  const int first = oy0 * g->stride_h - g->pad_top;
  const int end = (oy1 - 1) * g->stride_h - g->pad_top +
      (g->k_h - 1) * g->dil_h + 1;
  *lo = first < 0 ? 0 : first;
  *hi = end > g->in_h ? g->in_h : end;
}

void
mnv_conv_rows (mnv_exec *x, const mnv_node *n, int thread, const void *in,
    int in_row0, int in_rows, void *out, int oy0, int oy1)
{
  const conv_params *p = n->params;
  const size_t esize = p->quantized ? 1 : 4;
  /* The band as an image of its own: the rows it reads become the whole
   * input, and the padding above it whatever of the window hangs over the
   * band's first row.  Rows below the band that the windows reach are
   * either in it or outside the real image, so every kernel sees the same
   * taps and padding as in a whole-tensor run. */
  mnv_conv_geom g = p->g;
  const int first = oy0 * g.stride_h - g.pad_top;
  int lo, hi;
  mnv_conv_input_rows (&p->g, oy0, oy1, &lo, &hi);
  assert (lo >= in_row0 && hi <= in_row0 + in_rows);
  g.in_h = hi - lo;
  g.pad_top = lo - first;
  g.out_h = oy1 - oy0;
  const uint8_t *src = (const uint8_t *) in +
      (size_t) (lo - in_row0) * g.in_w * g.in_c * esize;

  if (p->use_gemm) {
    const int M = g.out_h * g.out_w;
    if ((!p->quantized || p->gemm.dot) && mnv_conv_is_pointwise (n)) {
      mnv_gemm_run_serial (x, &p->gemm, thread, M, NULL, src, out,
          (size_t) g.out_c);
    } else {
      fill_ctx f = { &g, src, p->rq.in_zp };
      mnv_gemm_run_serial (x, &p->gemm, thread, M, fill_for (p), &f, out,
          (size_t) g.out_c);
    }
  } else if (p->quantized) {
    p->qs8_fn (&g, (const int8_t *) src, p->direct_weights, p->bias, out,
        &p->rq, 0, g.out_h);
  } else {
    p->f32_fn (&g, (const float *) src, p->wf, p->bias, out, &p->mm, 0,
        g.out_h);
  }
}
