/* ADD of two same-shape tensors. */
#include <math.h>
#include <stdlib.h>

#include "../kernels/cpu.h"
#include "../tflite_schema.h"
#include "bands.h"
#include "op_util.h"

typedef struct {
  size_t count;
  int quantized;
  mnv_qs8_vadd_ukernel *fn;
  mnv_qs8_add_params q;
  mnv_f32_minmax_params mm;
} add_params;

static int
same_shape (const mnv_tensor *a, const mnv_tensor *b)
{
  if (a->info.rank != b->info.rank)
    return 0;
  for (int i = 0; i < a->info.rank; i++)
    if (a->info.dims[i] != b->info.dims[i])
      return 0;
  return 1;
}

/* Integer multipliers of the XNNPACK form (ARITHMETIC.md). */
static mnv_status
quantized_params (const mnv_node *n, const mnv_tensor *a, const mnv_tensor *b,
    const mnv_tensor *y, mnv_qs8_add_params *q, mnv_error *err)
{
  float fa = a->info.scale / y->info.scale;
  float fb = b->info.scale / y->info.scale;
  int e;
  frexpf (fa > fb ? fa : fb, &e);
  /* frexpf gives m * 2^e with m in [0.5, 1): the unbiased exponent is e-1. */
  int shift = 20 - (e - 1);
  if (shift < 1 || shift > 40)
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "input/output scale ratios %g and %g are out of the supported range",
        (double) fa, (double) fb);
  q->shift = shift;
  q->a_mult = (int32_t) lrintf (ldexpf (fa, shift));
  q->b_mult = (int32_t) lrintf (ldexpf (fb, shift));
  q->bias = ((int64_t) 1 << (shift - 1)) -
      (int64_t) q->a_mult * q8_stored_zp (a) -
      (int64_t) q->b_mult * q8_stored_zp (b);
  q->out_zp = q8_stored_zp (y);
  return MNV_OK;
}

static mnv_status
add_prepare (mnv_model *m, mnv_node *n, mnv_error *err)
{
  mnv_status st;
  add_params *p;

  if ((st = op_check_arity (n, 2, 2, 1, err)) ||
      (st = op_check_activation_input (m, n, 0, err)) ||
      (st = op_check_activation_input (m, n, 1, err)))
    return st;
  mnv_tensor *a = op_in (m, n, 0), *b = op_in (m, n, 1), *y = op_out (m, n, 0);
  if (!same_shape (a, b) || !same_shape (a, y))
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "inputs and output must have the same shape (broadcasting is not "
        "supported)");
  if (!(p = mnv_model_alloc (m, sizeof *p)))
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  p->count = op_elements (y);

  if (a->info.type == MNV_TYPE_FLOAT32 && b->info.type == MNV_TYPE_FLOAT32 &&
      y->info.type == MNV_TYPE_FLOAT32) {
    if ((st = op_f32_activation_range (n, n->opt.activation, &p->mm.out_min,
             &p->mm.out_max, err)))
      return st;
  } else {
    if ((st = op_check_q8_per_tensor (n, a, "input 0", err)) ||
        (st = op_check_q8_per_tensor (n, b, "input 1", err)) ||
        (st = op_check_q8_per_tensor (n, y, "output", err)) ||
        (st = quantized_params (n, a, b, y, &p->q, err)) ||
        (st = op_q8_activation_range (n, y, n->opt.activation, &p->q.out_min,
             &p->q.out_max, err)))
      return st;
    p->quantized = 1;
    /* SIMD kernels sum in int32 lanes: only when no sum can overflow. */
    int64_t bound = (p->q.bias < 0 ? -p->q.bias : p->q.bias) +
        128 * ((int64_t) abs (p->q.a_mult) + abs (p->q.b_mult));
    p->fn = bound < INT32_MAX ? mnv_kernels ()->qs8_vadd :
                                mnv_kernels_for_isa (MNV_ISA_REF)->qs8_vadd;
  }
  n->params = p;
  return MNV_OK;
}

static void
add_run (mnv_exec *x, const mnv_node *n)
{
  const add_params *p = n->params;
  void *a = mnv_exec_tensor (x, n->inputs[0]);
  void *b = mnv_exec_tensor (x, n->inputs[1]);
  void *y = mnv_exec_tensor (x, n->outputs[0]);

  mnv_add_elements (x, n, a, b, y, p->count);
}

void
mnv_add_elements (mnv_exec *x, const mnv_node *n, const void *a, const void *b,
    void *y, size_t count)
{
  const add_params *p = n->params;
  if (p->quantized)
    p->fn (count, a, b, y, &p->q);
  else
    x->k->f32_vadd (count, a, b, y, &p->mm);
}

const mnv_op_def mnv_op_add = { TFL_OP_ADD, "ADD", add_prepare, add_run };
