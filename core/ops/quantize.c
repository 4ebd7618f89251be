/* QUANTIZE (float or quantized in, quantized out) and DEQUANTIZE.  These
 * are elementwise and run once per graph edge, so they stay scalar. */
#include <math.h>
#include <string.h>

#include "../kernels/requant.h"
#include "../tflite_schema.h"
#include "op_util.h"

typedef enum {
  CONVERT_COPY,       /* uint8 <-> int8, same scale, zp +-128 */
  CONVERT_REQUANTIZE, /* q8 -> q8 with another scale */
  CONVERT_QUANTIZE,   /* float32 -> q8 */
  CONVERT_DEQUANTIZE  /* q8 -> float32 */
} convert_kind;

typedef struct {
  convert_kind kind;
  size_t count;
  int32_t in_zp, out_zp; /* stored domain */
  int32_t multiplier;    /* requantize: ratio * 256 */
  float scale;           /* quantize: out scale; dequantize: in */
} convert_params;

static mnv_status
convert_prepare (mnv_model *m, mnv_node *n, mnv_error *err)
{
  mnv_status st;
  convert_params *p;

  if ((st = op_check_arity (n, 1, 1, 1, err)) ||
      (st = op_check_activation_input (m, n, 0, err)))
    return st;
  mnv_tensor *x = op_in (m, n, 0), *y = op_out (m, n, 0);
  if (op_elements (x) != op_elements (y))
    return op_error (err, n, MNV_ERR_FORMAT, "input and output sizes differ");
  if (!(p = mnv_model_alloc (m, sizeof *p)))
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  p->count = op_elements (y);

  if (n->builtin == TFL_OP_DEQUANTIZE) {
    if ((st = op_check_q8_per_tensor (n, x, "input", err)))
      return st;
    if (y->info.type != MNV_TYPE_FLOAT32)
      return op_error (err, n, MNV_ERR_UNSUPPORTED,
          "output type %s is not FLOAT32", mnv_type_name (y->info.type));
    p->kind = CONVERT_DEQUANTIZE;
    p->in_zp = q8_stored_zp (x);
    p->scale = x->info.scale;
  } else if (x->info.type == MNV_TYPE_FLOAT32) {
    if ((st = op_check_q8_per_tensor (n, y, "output", err)))
      return st;
    p->kind = CONVERT_QUANTIZE;
    p->out_zp = q8_stored_zp (y);
    p->scale = y->info.scale;
  } else {
    if ((st = op_check_q8_per_tensor (n, x, "input", err)) ||
        (st = op_check_q8_per_tensor (n, y, "output", err)))
      return st;
    p->in_zp = q8_stored_zp (x);
    p->out_zp = q8_stored_zp (y);
    if (x->info.scale == y->info.scale && p->in_zp == p->out_zp) {
      /* Same real values: the stored bytes are already right. */
      p->kind = CONVERT_COPY;
    } else {
      /* XNNPACK's convert: ratio as an 8-bit fixed-point multiplier. */
      float ratio = x->info.scale / y->info.scale;
      if (!(ratio >= 1.0f / 256.0f && ratio <= 128.0f))
        return op_error (err, n, MNV_ERR_UNSUPPORTED,
            "scale ratio %g is outside [1/256, 128]", (double) ratio);
      p->kind = CONVERT_REQUANTIZE;
      p->multiplier = (int32_t) lrintf (256.0f * ratio);
    }
  }
  n->params = p;
  return MNV_OK;
}

static void
convert_run (mnv_exec *x, const mnv_node *n)
{
  const convert_params *p = n->params;
  void *in = mnv_exec_tensor (x, n->inputs[0]);
  void *out = mnv_exec_tensor (x, n->outputs[0]);
  const int8_t *qi = in;
  int8_t *qo = out;

  switch (p->kind) {
    case CONVERT_COPY: memmove (out, in, p->count); break;
    case CONVERT_REQUANTIZE:
      for (size_t i = 0; i < p->count; i++) {
        int32_t v = (((qi[i] - p->in_zp) * p->multiplier + 128) >> 8) +
            p->out_zp;
        qo[i] = (int8_t) mnv_clamp_i32 (v, -128, 127);
      }
      break;
    case CONVERT_QUANTIZE:
      for (size_t i = 0; i < p->count; i++) {
        float v = ((const float *) in)[i] / p->scale;
        v = mnv_f32_clamp (v, -1e9f, 1e9f); /* NaN stays NaN */
        long r = v == v ? lrintf (v) : 0;
        qo[i] = (int8_t) mnv_clamp_i32 ((int64_t) r + p->out_zp, -128, 127);
      }
      break;
    case CONVERT_DEQUANTIZE:
      for (size_t i = 0; i < p->count; i++)
        ((float *) out)[i] = (float) (qi[i] - p->in_zp) * p->scale;
      break;
  }
}

const mnv_op_def mnv_op_quantize = { TFL_OP_QUANTIZE, "QUANTIZE",
  convert_prepare, convert_run };
const mnv_op_def mnv_op_dequantize = { TFL_OP_DEQUANTIZE, "DEQUANTIZE",
  convert_prepare, convert_run };
