/* ARG_MAX over the last axis: the first index of the maximum (ties go to
 * the lowest index), as INT64 or INT32.  Stored quantized values keep the
 * order of the declared ones, so the kernels compare them directly. */
#include <string.h>

#include "../tflite_schema.h"
#include "bands.h"
#include "op_util.h"

typedef struct {
  size_t outer;
  int n;
  int f32, out64;
} argmax_params;

static mnv_status
argmax_prepare (mnv_model *m, mnv_node *n, mnv_error *err)
{
  mnv_status st;
  argmax_params *p;

  if ((st = op_check_arity (n, 2, 2, 1, err)) ||
      (st = op_check_activation_input (m, n, 0, err)))
    return st;
  mnv_tensor *x = op_in (m, n, 0), *axis = op_in (m, n, 1),
             *y = op_out (m, n, 0);
  int32_t a;
  if (!axis->data || axis->info.type != MNV_TYPE_INT32 || axis->info.bytes != 4)
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "the axis must be one constant INT32");
  memcpy (&a, axis->data, 4);
  if (a < 0)
    a += x->info.rank;
  if (x->info.rank < 1 || a != x->info.rank - 1)
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "only the last axis is supported (axis %d of rank %d)", a,
        x->info.rank);
  if (y->info.type != MNV_TYPE_INT64 && y->info.type != MNV_TYPE_INT32)
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "output type %s is not INT64 or INT32", mnv_type_name (y->info.type));
  if (x->info.type != MNV_TYPE_FLOAT32 && !is_q8 (x))
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "input type %s is not supported", mnv_type_name (x->info.type));
  if (!(p = mnv_model_alloc (m, sizeof *p)))
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  p->n = x->info.dims[x->info.rank - 1];
  p->outer = op_elements (x) / (size_t) p->n;
  if (op_elements (y) != p->outer)
    return op_error (err, n, MNV_ERR_FORMAT,
        "output holds %zu values, expected %zu", op_elements (y), p->outer);
  p->f32 = x->info.type == MNV_TYPE_FLOAT32;
  p->out64 = y->info.type == MNV_TYPE_INT64;
  n->params = p;
  return MNV_OK;
}

void
mnv_argmax_rows (mnv_exec *x, const mnv_node *n, const void *in, void *out,
    size_t outer)
{
  const argmax_params *p = n->params;

  if (!p->f32) {
    x->k->qs8_argmax (outer, p->n, in, out, p->out64);
    return;
  }
  for (size_t o = 0; o < outer; o++) {
    const float *v = (const float *) in + o * (size_t) p->n;
    int best = 0;
    for (int i = 1; i < p->n; i++)
      if (v[i] > v[best])
        best = i;
    if (p->out64)
      ((int64_t *) out)[o] = best;
    else
      ((int32_t *) out)[o] = best;
  }
}

static void
argmax_run (mnv_exec *x, const mnv_node *n)
{
  const argmax_params *p = n->params;
  mnv_argmax_rows (x, n, mnv_exec_tensor (x, n->inputs[0]),
      mnv_exec_tensor (x, n->outputs[0]), p->outer);
}

const mnv_op_def mnv_op_arg_max = { TFL_OP_ARG_MAX, "ARG_MAX", argmax_prepare,
  argmax_run };
