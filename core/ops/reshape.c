/* RESHAPE: the bytes stay as they are; only the declared shape changes. */
#include <string.h>

#include "../tflite_schema.h"
#include "op_util.h"

static mnv_status
reshape_prepare (mnv_model *m, mnv_node *n, mnv_error *err)
{
  mnv_status st;

  /* The optional second input (the new shape) is implied by the output. */
  if ((st = op_check_arity (n, 1, 2, 1, err)) ||
      (st = op_check_activation_input (m, n, 0, err)))
    return st;
  mnv_tensor *x = op_in (m, n, 0), *y = op_out (m, n, 0);
  if (x->info.type != y->info.type || x->info.bytes != y->info.bytes ||
      x->info.scale != y->info.scale ||
      x->info.zero_point != y->info.zero_point)
    return op_error (err, n, MNV_ERR_FORMAT,
        "output (%s, %zu bytes) differs from input (%s, %zu bytes) in type, "
        "size or quantization",
        mnv_type_name (y->info.type), y->info.bytes,
        mnv_type_name (x->info.type), x->info.bytes);
  return MNV_OK;
}

static void
reshape_run (mnv_exec *x, const mnv_node *n)
{
  const mnv_tensor *t = &x->model->tensors[n->outputs[0]];
  void *in = mnv_exec_tensor (x, n->inputs[0]);
  void *out = mnv_exec_tensor (x, n->outputs[0]);
  if (in != out)
    memmove (out, in, t->info.bytes);
}

const mnv_op_def mnv_op_reshape = { TFL_OP_RESHAPE, "RESHAPE", reshape_prepare,
  reshape_run };
