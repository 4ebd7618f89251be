/* AVERAGE_POOL_2D over NHWC. */
#include "../tflite_schema.h"
#include "op_util.h"

#define MAX_Q8_WINDOW (1 << 22)

typedef struct {
  mnv_conv_geom g;
  int batch;
  int quantized;
  mnv_qs8_avgpool_params q;
  mnv_f32_minmax_params mm;
} pool_params;

static mnv_status
pool_prepare (mnv_model *m, mnv_node *n, mnv_error *err)
{
  const mnv_op_options *o = &n->opt;
  mnv_status st;
  pool_params *p;

  if ((st = op_check_arity (n, 1, 1, 1, err)) ||
      (st = op_check_activation_input (m, n, 0, err)))
    return st;
  mnv_tensor *x = op_in (m, n, 0), *y = op_out (m, n, 0);
  if (x->info.rank != 4 || y->info.rank != 4)
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "input and output must be 4-D");
  if (o->filter_w < 1 || o->filter_h < 1 || o->stride_w < 1 ||
      o->stride_h < 1 || o->filter_w > 4096 || o->filter_h > 4096 ||
      o->stride_w > 4096 || o->stride_h > 4096)
    return op_error (err, n, MNV_ERR_FORMAT,
        "invalid filter %dx%d or stride %dx%d", o->filter_w, o->filter_h,
        o->stride_w, o->stride_h);
  if (!(p = mnv_model_alloc (m, sizeof *p)))
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");

  mnv_conv_geom *g = &p->g;
  p->batch = x->info.dims[0];
  g->in_h = x->info.dims[1];
  g->in_w = x->info.dims[2];
  g->in_c = g->out_c = x->info.dims[3];
  g->k_h = o->filter_h;
  g->k_w = o->filter_w;
  g->stride_h = o->stride_h;
  g->stride_w = o->stride_w;
  g->dil_h = g->dil_w = 1;
  op_conv_axis (g->in_h, g->k_h, g->stride_h, 1, o->padding_valid, &g->out_h,
      &g->pad_top);
  op_conv_axis (g->in_w, g->k_w, g->stride_w, 1, o->padding_valid, &g->out_w,
      &g->pad_left);
  if ((st = op_check_nhwc (n, y, p->batch, g->out_h, g->out_w, g->out_c, err)))
    return st;

  if (x->info.type == MNV_TYPE_FLOAT32 && y->info.type == MNV_TYPE_FLOAT32) {
    if ((st = op_f32_activation_range (n, o->activation, &p->mm.out_min,
             &p->mm.out_max, err)))
      return st;
  } else {
    if ((st = op_check_q8_per_tensor (n, x, "input", err)) ||
        (st = op_check_q8_per_tensor (n, y, "output", err)))
      return st;
    /* The integer average does not rescale: TFLite requires equal
     * quantization of input and output. */
    if (x->info.type != y->info.type || x->info.scale != y->info.scale ||
        x->info.zero_point != y->info.zero_point)
      return op_error (err, n, MNV_ERR_UNSUPPORTED,
          "input and output quantization differ");
    /* The window's sum is an int32: with each value and the offset within
     * 128 in magnitude, 2^22 positions keep it (and the rounding term) far
     * from overflow; a larger window (2048x2048) is refused. */
    if ((int64_t) g->k_h * g->k_w > MAX_Q8_WINDOW)
      return op_error (err, n, MNV_ERR_UNSUPPORTED,
          "a %dx%d window sums "
          "more than the %d values an int32 average holds",
          g->k_w, g->k_h, MAX_Q8_WINDOW);
    p->quantized = 1;
    p->q.offset = q8_offset (x);
    if ((st = op_q8_activation_range (n, y, o->activation, &p->q.out_min,
             &p->q.out_max, err)))
      return st;
  }
  n->params = p;
  return MNV_OK;
}

static void
pool_run (mnv_exec *x, const mnv_node *n)
{
  const pool_params *p = n->params;
  const mnv_conv_geom *g = &p->g;
  const size_t in_stride = (size_t) g->in_h * g->in_w * g->in_c;
  const size_t out_stride = (size_t) g->out_h * g->out_w * g->out_c;
  uint8_t *in = mnv_exec_tensor (x, n->inputs[0]);
  uint8_t *out = mnv_exec_tensor (x, n->outputs[0]);

  for (int b = 0; b < p->batch; b++) {
    if (p->quantized)
      x->k->qs8_avgpool (g, (const int8_t *) in + b * in_stride,
          (int8_t *) out + b * out_stride, &p->q);
    else
      x->k->f32_avgpool (g, (const float *) in + b * in_stride,
          (float *) out + b * out_stride, &p->mm);
  }
}

const mnv_op_def mnv_op_average_pool_2d = { TFL_OP_AVERAGE_POOL_2D,
  "AVERAGE_POOL_2D", pool_prepare, pool_run };
