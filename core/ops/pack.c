/* PACK: stacks N same-shape tensors along a new axis.  Quantized inputs
 * must share the output's quantization (as TFLite requires), so bytes are
 * copied as they are. */
#include <string.h>

#include "../tflite_schema.h"
#include "op_util.h"

typedef struct {
  size_t outer, inner_bytes;
} pack_params;

static mnv_status
pack_prepare (mnv_model *m, mnv_node *n, mnv_error *err)
{
  pack_params *p;

  if (n->n_inputs < 1 || n->n_inputs > 1024 || n->n_outputs != 1)
    return op_error (err, n, MNV_ERR_FORMAT, "has %d inputs and %d outputs",
        n->n_inputs, n->n_outputs);
  mnv_tensor *y = op_out (m, n, 0), *x0 = NULL;
  for (int i = 0; i < n->n_inputs; i++) {
    if (n->inputs[i] < 0)
      return op_error (err, n, MNV_ERR_FORMAT, "input %d is absent", i);
    mnv_tensor *x = op_in (m, n, i);
    if (!x0)
      x0 = x;
    if (x->info.type != y->info.type || x->info.rank != x0->info.rank ||
        memcmp (x->info.dims, x0->info.dims, sizeof x->info.dims) != 0 ||
        x->info.scale != y->info.scale ||
        x->info.zero_point != y->info.zero_point)
      return op_error (err, n, MNV_ERR_UNSUPPORTED,
          "inputs must share shape, type and quantization with the output");
  }
  const int rank = x0->info.rank;
  int axis = n->opt.axis < 0 ? n->opt.axis + rank + 1 : n->opt.axis;
  if (axis < 0 || axis > rank || y->info.rank != rank + 1 ||
      y->info.dims[axis] != n->n_inputs)
    return op_error (err, n, MNV_ERR_FORMAT,
        "output shape does not stack %d inputs along axis %d", n->n_inputs,
        n->opt.axis);
  for (int d = 0; d < rank; d++)
    if (y->info.dims[d < axis ? d : d + 1] != x0->info.dims[d])
      return op_error (err, n, MNV_ERR_FORMAT,
          "output shape does not match the inputs");
  if (!(p = mnv_model_alloc (m, sizeof *p)))
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  p->outer = 1;
  for (int d = 0; d < axis; d++)
    p->outer *= (size_t) x0->info.dims[d];
  p->inner_bytes = x0->info.bytes / p->outer;
  n->params = p;
  return MNV_OK;
}

static void
pack_run (mnv_exec *x, const mnv_node *n)
{
  const pack_params *p = n->params;
  uint8_t *out = mnv_exec_tensor (x, n->outputs[0]);
  for (int i = 0; i < n->n_inputs; i++) {
    const uint8_t *in = mnv_exec_tensor (x, n->inputs[i]);
    for (size_t o = 0; o < p->outer; o++)
      memcpy (out + (o * (size_t) n->n_inputs + (size_t) i) * p->inner_bytes,
          in + o * p->inner_bytes, p->inner_bytes);
  }
}

const mnv_op_def mnv_op_pack = { TFL_OP_PACK, "PACK", pack_prepare, pack_run };
