/* CONV_2D and DEPTHWISE_CONV_2D: geometry, weight packing, dispatch (the
 * GEMM's A rows, im2col, are filled by conv_im2col.c).
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
#include "conv_priv.h"
#include "op_util.h"

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

/* The geometry of node N into P (checked against the tensors). */
static mnv_status
conv_geometry (const mnv_node *n, const mnv_tensor *x, const mnv_tensor *w,
    const mnv_tensor *y, conv_params *p, mnv_error *err)
{
  const int dw = n->builtin == TFL_OP_DEPTHWISE_CONV_2D;
  const mnv_op_options *o = &n->opt;
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
  return op_check_nhwc (n, y, p->batch, g->out_h, g->out_w, g->out_c, err);
}

/* Float32: weights, bias, and the kernel (GEMM when the set has one). */
static mnv_status
prepare_f32 (mnv_model *m, const mnv_node *n, const mnv_tensor *w,
    const mnv_tensor *b, int64_t depth, conv_params *p, mnv_error *err)
{
  const mnv_conv_geom *g = &p->g;
  const int dw = p->depthwise;
  mnv_status st;
  if ((st = op_f32_activation_range (n, n->opt.activation, &p->mm.out_min,
           &p->mm.out_max, err)) ||
      (st = op_pack_f32_weights (m, n, w, (float **) &p->wf, err)) ||
      (st = op_pack_bias (m, n, b, g->out_c, 0, (void **) &p->bias, err)))
    return st;
  const mnv_kernel_table *k = mnv_kernels ();
  const mnv_kernel_table *ref = mnv_kernels_for_isa (MNV_ISA_REF);
  if (dw) {
    p->f32_fn = g->depth_multiplier == 1 && g->k_h * g->k_w <= MNV_DW_MAX_TAPS ?
        k->f32_dwconv :
        ref->f32_dwconv;
  } else if (k->f32_gemm_isa != MNV_ISA_REF) {
    p->use_gemm = 1;
    p->gemm.mm = p->mm;
    if ((st = mnv_gemm_prepare_f32 (m, k, p->wf, p->bias, g->out_c, (int) depth,
             &p->gemm, err)))
      return st;
  } else {
    p->f32_fn = k->f32_conv;
  }
  return MNV_OK;
}

/* Quantized: requantization, packed weights, and the kernel (GEMM, the
 * dot-product GEMM, the set's depthwise kernel, or the reference). */
static mnv_status
prepare_q8 (mnv_model *m, const mnv_node *n, const mnv_tensor *x,
    const mnv_tensor *w, const mnv_tensor *b, const mnv_tensor *y,
    int64_t depth, conv_params *p, mnv_error *err)
{
  const mnv_conv_geom *g = &p->g;
  const int dw = p->depthwise;
  mnv_status st;
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
  if ((st = op_q8_activation_range (n, y, n->opt.activation, &p->rq.out_min,
           &p->rq.out_max, err)) ||
      (st = op_pack_q8_weights (m, n, w, (int16_t **) &p->wq, err)) ||
      (st = op_requant_scales (m, n, x, w, y, g->out_c, (float **) &p->rq.scale,
           err)) ||
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
    const int pointwise = mnv_conv_geom_is_pointwise (g);
    int dot = mnv_gemm_prepare_dot (m, k, p->wq, p->bias, p->rq.scale, g->out_c,
        (int) depth, p->rq.in_zp, pointwise, &p->gemm, err);
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

  if ((st = conv_geometry (n, x, w, y, p, err)))
    return st;
  const mnv_conv_geom *g = &p->g;
  const int64_t depth = dw ? (int64_t) g->k_h * g->k_w :
                             (int64_t) g->k_h * g->k_w * g->in_c;
  if (x->info.type == MNV_TYPE_FLOAT32 && y->info.type == MNV_TYPE_FLOAT32)
    st = prepare_f32 (m, n, w, b, depth, p, err);
  else
    st = prepare_q8 (m, n, x, w, b, y, depth, p, err);
  if (st)
    return st;
  n->params = p;
  return MNV_OK;
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
      const int pointwise = mnv_conv_geom_is_pointwise (g);
      if ((!p->quantized || p->gemm.dot) && pointwise) /* A: the input rows */
        mnv_gemm_run (x, &p->gemm, g->out_h * g->out_w, NULL, bin, bout,
            (size_t) g->out_c);
      else
        mnv_gemm_run (x, &p->gemm, g->out_h * g->out_w, mnv_conv_fill_for (p),
            &f, bout, (size_t) g->out_c);
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
  const conv_params *p = n->params;
  return !p->depthwise && mnv_conv_geom_is_pointwise (&p->g);
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
      mnv_gemm_run_serial (x, &p->gemm, thread, M, mnv_conv_fill_for (p), &f,
          out, (size_t) g.out_c);
    }
  } else if (p->quantized) {
    p->qs8_fn (&g, (const int8_t *) src, p->direct_weights, p->bias, out,
        &p->rq, 0, g.out_h);
  } else {
    p->f32_fn (&g, (const float *) src, p->wf, p->bias, out, &p->mm, 0,
        g.out_h);
  }
}
