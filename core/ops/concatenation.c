/* CONCATENATION along one axis.  Quantized inputs whose (scale, zero point)
 * differ from the output's are requantized with the reference runtime's
 * float formula (ARITHMETIC.md) -- through a table of its 256 results made
 * at load, since a byte has only 256 values (SSD MobileNetV1's box and class
 * concatenations: about 10% of its time with roundf per element); equal ones
 * are copied. */
#include <math.h>
#include <string.h>

#include "../kernels/requant.h"
#include "../tflite_schema.h"
#include "op_util.h"

typedef struct {
  int requant;       /* else copy */
  float scale, bias; /* declared domain */
  int32_t in_off, out_off, out_zp;
  size_t inner;    /* elements per outer slice */
  int8_t lut[256]; /* requant: stored input byte -> output */
} concat_input;

typedef struct {
  size_t outer, out_inner, esize;
  int n_inputs;
  concat_input *in;
} concat_params;

static mnv_status
concat_prepare (mnv_model *m, mnv_node *n, mnv_error *err)
{
  mnv_status st;
  concat_params *p;

  if (n->n_inputs < 1 || n->n_inputs > 1024 || n->n_outputs != 1)
    return op_error (err, n, MNV_ERR_FORMAT, "has %d inputs and %d outputs",
        n->n_inputs, n->n_outputs);
  mnv_tensor *y = op_out (m, n, 0);
  const int rank = y->info.rank;
  int axis = n->opt.axis < 0 ? n->opt.axis + rank : n->opt.axis;
  if (rank < 1 || axis < 0 || axis >= rank)
    return op_error (err, n, MNV_ERR_FORMAT, "axis %d is out of range",
        n->opt.axis);
  if (n->opt.activation != TFL_ACT_NONE)
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "a fused activation is not supported");
  if (!(p = mnv_model_alloc (m, sizeof *p)) ||
      !(p->in = mnv_model_alloc (m, (size_t) n->n_inputs * sizeof *p->in)))
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  p->n_inputs = n->n_inputs;
  p->esize = y->info.type == MNV_TYPE_FLOAT32 ? 4 : 1;
  p->outer = 1;
  for (int d = 0; d < axis; d++)
    p->outer *= (size_t) y->info.dims[d];
  const int quantized = y->info.type != MNV_TYPE_FLOAT32;
  if (quantized && (st = op_check_q8_per_tensor (n, y, "output", err)))
    return st;

  int64_t axis_sum = 0;
  for (int i = 0; i < n->n_inputs; i++) {
    if (n->inputs[i] < 0)
      return op_error (err, n, MNV_ERR_FORMAT, "input %d is absent", i);
    mnv_tensor *x = op_in (m, n, i);
    if (x->info.rank != rank || x->info.type != y->info.type)
      return op_error (err, n, MNV_ERR_FORMAT,
          "input %d has another rank or type than the output", i);
    for (int d = 0; d < rank; d++)
      if (d != axis && x->info.dims[d] != y->info.dims[d])
        return op_error (err, n, MNV_ERR_FORMAT,
            "input %d does not match the output outside the axis", i);
    axis_sum += x->info.dims[axis];
    concat_input *ci = &p->in[i];
    ci->inner = 1;
    for (int d = axis; d < rank; d++)
      ci->inner *= (size_t) x->info.dims[d];
    if (quantized) {
      if ((st = op_check_q8_per_tensor (n, x, "input", err)))
        return st;
      ci->requant = !(x->info.scale == y->info.scale &&
          x->info.zero_point == y->info.zero_point);
      ci->scale = x->info.scale * (1.0f / y->info.scale);
      ci->bias = (float) (-x->info.zero_point) * ci->scale;
      ci->in_off = q8_offset (x);
      ci->out_off = q8_offset (y);
      ci->out_zp = y->info.zero_point;
      const int32_t lo = -128 + ci->out_off, hi = 127 + ci->out_off;
      for (int b = 0; ci->requant && b < 256; b++) {
        /* x * s rounded, then + b rounded, half away from zero. */
        const float xv = (float) ((int8_t) b + ci->in_off);
        const float v = mnv_f32_clamp (xv * ci->scale + ci->bias, -1e9f, 1e9f);
        const int32_t q = mnv_clamp_i32 ((int64_t) roundf (v) + ci->out_zp, lo,
            hi);
        ci->lut[b] = (int8_t) (q - ci->out_off);
      }
    }
  }
  if (axis_sum != y->info.dims[axis])
    return op_error (err, n, MNV_ERR_FORMAT,
        "inputs add up to %lld along the axis, the output has %d",
        (long long) axis_sum, y->info.dims[axis]);
  p->out_inner = 1;
  for (int d = axis; d < rank; d++)
    p->out_inner *= (size_t) y->info.dims[d];
  n->params = p;
  return MNV_OK;
}

static void
concat_run (mnv_exec *x, const mnv_node *n)
{
  const concat_params *p = n->params;
  uint8_t *out = mnv_exec_tensor (x, n->outputs[0]);

  size_t at = 0;
  for (int i = 0; i < p->n_inputs; i++) {
    const concat_input *ci = &p->in[i];
    const uint8_t *in = mnv_exec_tensor (x, n->inputs[i]);
    for (size_t o = 0; o < p->outer; o++) {
      const uint8_t *src = in + o * ci->inner * p->esize;
      uint8_t *dst = out + (o * p->out_inner + at) * p->esize;
      if (!ci->requant) {
        memcpy (dst, src, ci->inner * p->esize);
        continue;
      }
      for (size_t j = 0; j < ci->inner; j++)
        dst[j] = (uint8_t) ci->lut[src[j]];
    }
    at += ci->inner;
  }
}

const mnv_op_def mnv_op_concatenation = { TFL_OP_CONCATENATION, "CONCATENATION",
  concat_prepare, concat_run };
