/* MEAN over the spatial axes (1, 2) of an NHWC tensor, the form classifier
 * heads use. */
#include <string.h>

#include "../tflite_schema.h"
#include "op_util.h"

typedef struct {
  int outer, n, c;
  int quantized;
  mnv_qs8_mean_params q;
} mean_params;

static mnv_status
mean_prepare (mnv_model *m, mnv_node *n, mnv_error *err)
{
  mnv_status st;
  mean_params *p;

  if ((st = op_check_arity (n, 2, 2, 1, err)) ||
      (st = op_check_activation_input (m, n, 0, err)))
    return st;
  mnv_tensor *x = op_in (m, n, 0), *axes = op_in (m, n, 1),
             *y = op_out (m, n, 0);
  if (!axes->data || axes->info.type != MNV_TYPE_INT32)
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "axes must be a constant INT32 tensor");
  int mask = 0;
  for (size_t i = 0; i < axes->info.bytes / 4; i++) {
    int32_t a;
    memcpy (&a, axes->data + 4 * i, 4);
    if (a < 0)
      a += x->info.rank;
    if (a < 0 || a >= x->info.rank)
      return op_error (err, n, MNV_ERR_FORMAT, "axis %d is out of range", a);
    mask |= 1 << a;
  }
  if (x->info.rank != 4 || mask != 6)
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "only the mean over axes 1 and 2 of a 4-D tensor is supported");
  if (!(p = mnv_model_alloc (m, sizeof *p)))
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  p->outer = x->info.dims[0];
  p->n = x->info.dims[1] * x->info.dims[2];
  p->c = x->info.dims[3];
  if (op_elements (y) != (size_t) p->outer * (size_t) p->c)
    return op_error (err, n, MNV_ERR_FORMAT,
        "output holds %zu values, expected %d", op_elements (y),
        p->outer * p->c);
  if (p->n > (1 << 23))
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "mean over %d values is too large", p->n);

  if (x->info.type == MNV_TYPE_FLOAT32 && y->info.type == MNV_TYPE_FLOAT32) {
    /* nothing to precompute */
  } else {
    if ((st = op_check_q8_per_tensor (n, x, "input", err)) ||
        (st = op_check_q8_per_tensor (n, y, "output", err)))
      return st;
    if (x->info.type != y->info.type)
      return op_error (err, n, MNV_ERR_UNSUPPORTED,
          "input and output types differ");
    /* float32 steps in this order (ARITHMETIC.md, MEAN). */
    float ratio = x->info.scale / y->info.scale;
    float inv_n = 1.0f / (float) p->n;
    p->q.scale = ratio * inv_n;
    float zp_term = (float) (p->n * x->info.zero_point) * p->q.scale;
    p->q.zp = (float) y->info.zero_point - zp_term;
    if (!(p->q.scale > 0.0f && p->q.scale < 1e30f && p->q.zp > -1e30f &&
            p->q.zp < 1e30f))
      return op_error (err, n, MNV_ERR_FORMAT,
          "input and output scales give an unusable multiplier %g",
          (double) p->q.scale);
    p->q.offset = q8_offset (x);
    p->q.out_min = -128 + p->q.offset;
    p->q.out_max = 127 + p->q.offset;
    p->quantized = 1;
  }
  n->params = p;
  return MNV_OK;
}

static void
mean_run (mnv_exec *x, const mnv_node *n)
{
  const mean_params *p = n->params;
  void *in = mnv_exec_tensor (x, n->inputs[0]);
  void *out = mnv_exec_tensor (x, n->outputs[0]);

  if (p->quantized)
    x->k->qs8_mean (p->outer, p->n, p->c, in, out, &p->q);
  else
    x->k->f32_mean (p->outer, p->n, p->c, in, out);
}

const mnv_op_def mnv_op_mean = { TFL_OP_MEAN, "MEAN", mean_prepare, mean_run };
