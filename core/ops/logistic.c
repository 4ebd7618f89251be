/* LOGISTIC: quantized through a 256-entry table built at load exactly as
 * the reference runtime builds it (ARITHMETIC.md, LOGISTIC uint8); float
 * directly. */
#include <math.h>

#include "../kernels/requant.h"
#include "../tflite_schema.h"
#include "op_util.h"

typedef struct {
  size_t count;
  int quantized;
  int8_t table[256]; /* stored output by stored input + 128 */
} logistic_params;

static mnv_status
logistic_prepare (mnv_model *m, mnv_node *n, mnv_error *err)
{
  mnv_status st;
  logistic_params *p;

  if ((st = op_check_arity (n, 1, 1, 1, err)) ||
      (st = op_check_activation_input (m, n, 0, err)))
    return st;
  mnv_tensor *x = op_in (m, n, 0), *y = op_out (m, n, 0);
  if (op_elements (x) != op_elements (y))
    return op_error (err, n, MNV_ERR_FORMAT, "input and output sizes differ");
  if (!(p = mnv_model_alloc (m, sizeof *p)))
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  p->count = op_elements (y);
  if (x->info.type == MNV_TYPE_FLOAT32 && y->info.type == MNV_TYPE_FLOAT32) {
    n->params = p;
    return MNV_OK;
  }
  if ((st = op_check_q8_per_tensor (n, x, "input", err)) ||
      (st = op_check_q8_per_tensor (n, y, "output", err)))
    return st;
  const int32_t in_off = q8_offset (x), out_off = q8_offset (y);
  const int32_t lo = -128 + out_off, hi = 127 + out_off;
  const float inv_out = 1.0f / y->info.scale;
  for (int s = -128; s < 128; s++) {
    /* Declared input value q, real value x, sigmoid in double. */
    const int32_t q = s + in_off;
    const float xv = ((float) q - (float) x->info.zero_point) * x->info.scale;
    const double e = exp ((double) xv);
    float r = xv > 100.0f ? 1.0f :
        xv < -100.0f      ? 0.0f :
                            (float) (e / (1.0 + e));
    float v = r * inv_out + (float) y->info.zero_point;
    v = mnv_f32_clamp (v, -1e9f, 1e9f);
    p->table[s + 128] =
        (int8_t) (mnv_clamp_i32 ((int64_t) nearbyintf (v), lo, hi) - out_off);
  }
  p->quantized = 1;
  n->params = p;
  return MNV_OK;
}

static void
logistic_run (mnv_exec *x, const mnv_node *n)
{
  const logistic_params *p = n->params;
  const void *in = mnv_exec_tensor (x, n->inputs[0]);
  void *out = mnv_exec_tensor (x, n->outputs[0]);

  if (p->quantized) {
    const int8_t *qi = in;
    int8_t *qo = out;
    for (size_t i = 0; i < p->count; i++)
      qo[i] = p->table[qi[i] + 128];
  } else {
    const float *fi = in;
    float *fo = out;
    for (size_t i = 0; i < p->count; i++)
      fo[i] = 1.0f / (1.0f + expf (-fi[i]));
  }
}

const mnv_op_def mnv_op_logistic = { TFL_OP_LOGISTIC, "LOGISTIC",
  logistic_prepare, logistic_run };
