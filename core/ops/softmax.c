/* SOFTMAX over the last axis. */
#include "../mathlib.h"
#include "../tflite_schema.h"
#include "op_util.h"

typedef struct {
  int rows, n;
  int quantized;
  float beta;
  float table[256];
  mnv_qs8_softmax_params q;
} softmax_params;

static mnv_status
softmax_prepare (mnv_model *m, mnv_node *n, mnv_error *err)
{
  mnv_status st;
  softmax_params *p;

  if ((st = op_check_arity (n, 1, 1, 1, err)) ||
      (st = op_check_activation_input (m, n, 0, err)))
    return st;
  mnv_tensor *x = op_in (m, n, 0), *y = op_out (m, n, 0);
  if (x->info.rank < 1 || x->info.bytes != y->info.bytes ||
      x->info.rank != y->info.rank)
    return op_error (err, n, MNV_ERR_FORMAT,
        "output shape differs from input shape");
  if (!(p = mnv_model_alloc (m, sizeof *p)))
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  p->n = x->info.dims[x->info.rank - 1];
  p->rows = (int) (op_elements (x) / (size_t) p->n);
  p->beta = n->opt.beta;

  if (x->info.type == MNV_TYPE_FLOAT32 && y->info.type == MNV_TYPE_FLOAT32) {
    /* nothing to precompute */
  } else {
    if ((st = op_check_q8_per_tensor (n, x, "input", err)) ||
        (st = op_check_q8_per_tensor (n, y, "output", err)))
      return st;
    /* table[255 - d] = exp(-s_in * beta * d) (ARITHMETIC.md, SOFTMAX) */
    float sc = -x->info.scale * p->beta;
    for (int d = 0; d < 256; d++)
      p->table[255 - d] = mnv_expf (sc * (float) d);
    p->q.table = p->table;
    p->q.out_scale = y->info.scale;
    p->q.out_zp = y->info.zero_point;
    p->q.out_uint8 = y->info.type == MNV_TYPE_UINT8;
    p->quantized = 1;
  }
  n->params = p;
  return MNV_OK;
}

static void
softmax_run (mnv_exec *x, const mnv_node *n)
{
  const softmax_params *p = n->params;
  void *in = mnv_exec_tensor (x, n->inputs[0]);
  void *out = mnv_exec_tensor (x, n->outputs[0]);

  if (p->quantized)
    x->k->qs8_softmax (p->rows, p->n, in, out, &p->q);
  else
    x->k->f32_softmax (p->rows, p->n, in, out, p->beta);
}

const mnv_op_def mnv_op_softmax = { TFL_OP_SOFTMAX, "SOFTMAX", softmax_prepare,
  softmax_run };
