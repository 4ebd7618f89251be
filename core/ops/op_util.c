#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../tflite_schema.h"
#include "op_util.h"
#include "registry.h"

mnv_status
op_error (mnv_error *err, const mnv_node *n, mnv_status st, const char *fmt,
    ...)
{
  char what[384];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (what, sizeof what, fmt, ap);
  va_end (ap);
  return mnv_set_error (err, st, "operator %d (%s): %s", n->index,
      n->def ? n->def->name : mnv_builtin_name (n->builtin), what);
}

mnv_status
op_check_arity (const mnv_node *n, int min_in, int max_in, int n_out,
    mnv_error *err)
{
  if (n->n_inputs < min_in || n->n_inputs > max_in)
    return op_error (err, n, MNV_ERR_FORMAT, "has %d inputs, expected %d..%d",
        n->n_inputs, min_in, max_in);
  for (int i = 0; i < min_in; i++)
    if (n->inputs[i] < 0)
      return op_error (err, n, MNV_ERR_FORMAT, "required input %d is absent",
          i);
  if (n->n_outputs != n_out)
    return op_error (err, n, MNV_ERR_FORMAT, "has %d outputs, expected %d",
        n->n_outputs, n_out);
  return MNV_OK;
}

mnv_status
op_check_activation_input (mnv_model *m, const mnv_node *n, int i,
    mnv_error *err)
{
  if (m->tensors[n->inputs[i]].data)
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "input %d is a constant tensor, which is not supported here", i);
  return MNV_OK;
}

mnv_status
op_check_q8_per_tensor (const mnv_node *n, const mnv_tensor *t,
    const char *what, mnv_error *err)
{
  if (!is_q8 (t))
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "%s has type %s%s; expected quantized UINT8 or INT8", what,
        mnv_type_name (t->info.type), t->n_scales ? "" : " without scale");
  if (t->n_scales != 1)
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "%s is quantized per channel; only per-tensor is supported here", what);
  int32_t lo = t->info.type == MNV_TYPE_UINT8 ? 0 : -128;
  if (t->info.zero_point < lo || t->info.zero_point > lo + 255)
    return op_error (err, n, MNV_ERR_FORMAT,
        "%s has zero point %d outside the %s range", what, t->info.zero_point,
        mnv_type_name (t->info.type));
  return MNV_OK;
}

/* The quantized value of real value R, as TFLite computes activation
 * bounds: zero_point + round(r / scale).  Saturated before the conversion:
 * a tiny scale makes r / scale infinite (found by fuzzing). */
static int64_t
quantize_bound (const mnv_tensor *t, float r)
{
  float q = roundf (r / t->info.scale);
  if (!(q > -1e9f))
    q = r < 0 ? -1e9f : 0.0f;
  else if (q > 1e9f)
    q = 1e9f;
  return (int64_t) t->info.zero_point + (int64_t) q;
}

mnv_status
op_q8_activation_range (const mnv_node *n, const mnv_tensor *out,
    int activation, int32_t *lo, int32_t *hi, mnv_error *err)
{
  const int32_t off = q8_offset (out);
  int64_t qmin = -128 + off, qmax = 127 + off, a = qmin, b = qmax;

  switch (activation) {
    case TFL_ACT_NONE: break;
    case TFL_ACT_RELU: a = quantize_bound (out, 0.0f); break;
    case TFL_ACT_RELU6:
      a = quantize_bound (out, 0.0f);
      b = quantize_bound (out, 6.0f);
      break;
    case TFL_ACT_RELU_N1_TO_1:
      a = quantize_bound (out, -1.0f);
      b = quantize_bound (out, 1.0f);
      break;
    default:
      return op_error (err, n, MNV_ERR_UNSUPPORTED,
          "fused activation %d is not supported", activation);
  }
  a = a < qmin ? qmin : a > qmax ? qmax : a;
  b = b < qmin ? qmin : b > qmax ? qmax : b;
  *lo = (int32_t) (a - off);
  *hi = (int32_t) (b - off);
  return MNV_OK;
}

mnv_status
op_f32_activation_range (const mnv_node *n, int activation, float *lo,
    float *hi, mnv_error *err)
{
  switch (activation) {
    case TFL_ACT_NONE:
      *lo = -INFINITY;
      *hi = INFINITY;
      return MNV_OK;
    case TFL_ACT_RELU:
      *lo = 0.0f;
      *hi = INFINITY;
      return MNV_OK;
    case TFL_ACT_RELU6:
      *lo = 0.0f;
      *hi = 6.0f;
      return MNV_OK;
    case TFL_ACT_RELU_N1_TO_1:
      *lo = -1.0f;
      *hi = 1.0f;
      return MNV_OK;
    default:
      return op_error (err, n, MNV_ERR_UNSUPPORTED,
          "fused activation %d is not supported", activation);
  }
}

mnv_status
op_check_nhwc (const mnv_node *n, const mnv_tensor *y, int batch, int h, int w,
    int c, mnv_error *err)
{
  if (y->info.dims[0] != batch || y->info.dims[1] != h ||
      y->info.dims[2] != w || y->info.dims[3] != c)
    return op_error (err, n, MNV_ERR_FORMAT,
        "output shape [%d,%d,%d,%d] does not match the computed "
        "[%d,%d,%d,%d]",
        y->info.dims[0], y->info.dims[1], y->info.dims[2], y->info.dims[3],
        batch, h, w, c);
  return MNV_OK;
}

void
op_conv_axis (int in, int k, int stride, int dil, int valid, int *out,
    int *pad_before)
{
  int64_t eff = (int64_t) (k - 1) * dil + 1;
  if (valid) {
    *out = in >= eff ? (int) ((in - eff) / stride + 1) : 0;
    *pad_before = 0;
  } else {
    *out = (int) (((int64_t) in + stride - 1) / stride);
    int64_t total = ((int64_t) *out - 1) * stride + eff - in;
    *pad_before = total > 0 ? (int) (total / 2) : 0;
  }
}

/* Channel of element I along dimension DIM. */
static size_t
channel_of (const mnv_tensor *t, size_t i)
{
  size_t inner = 1;
  for (int d = t->quant_dim + 1; d < t->info.rank; d++)
    inner *= (size_t) t->info.dims[d];
  return (i / inner) % (size_t) t->info.dims[t->quant_dim];
}

mnv_status
op_pack_q8_weights (mnv_model *m, const mnv_node *n, const mnv_tensor *w,
    int16_t **out, mnv_error *err)
{
  const size_t count = w->info.bytes;
  int16_t *p;

  if (!w->data)
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "weights are not constant, which is not supported");
  if (!is_q8 (w))
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "weights have type %s; expected quantized UINT8 or INT8",
        mnv_type_name (w->info.type));
  /* Every zero point within the type's range, so each w - zp is within
   * +-255: it fits int16, and the accumulation bound holds
   * (op_check_accumulation). */
  const int32_t lo = w->info.type == MNV_TYPE_UINT8 ? 0 : -128;
  for (int c = 0; c < w->n_scales; c++)
    if (w->zero_points[c] < lo || w->zero_points[c] > lo + 255)
      return op_error (err, n, MNV_ERR_FORMAT,
          "weights have zero point %d "
          "(channel %d) outside the %s range",
          w->zero_points[c], c, mnv_type_name (w->info.type));
  if (!(p = mnv_model_alloc (m, count * sizeof *p)))
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  for (size_t i = 0; i < count; i++) {
    int32_t zp = w->zero_points[w->n_scales > 1 ? channel_of (w, i) : 0];
    int32_t v = w->info.type == MNV_TYPE_UINT8 ? w->data[i] :
                                                 (int8_t) w->data[i];
    p[i] = (int16_t) (v - zp);
  }
  m->weight_bytes += count * sizeof *p;
  *out = p;
  return MNV_OK;
}

mnv_status
op_pack_f32_weights (mnv_model *m, const mnv_node *n, const mnv_tensor *w,
    float **out, mnv_error *err)
{
  float *p;
  size_t count;

  if (!w->data)
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "weights are not constant, which is not supported");
  if (w->info.type == MNV_TYPE_FLOAT32) {
    count = w->info.bytes / 4;
    if (!(p = mnv_model_alloc (m, w->info.bytes)))
      return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
    memcpy (p, w->data, w->info.bytes);
  } else if (is_q8 (w)) {
    count = w->info.bytes;
    if (!(p = mnv_model_alloc (m, count * sizeof *p)))
      return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < count; i++) {
      size_t c = w->n_scales > 1 ? channel_of (w, i) : 0;
      int32_t v = w->info.type == MNV_TYPE_UINT8 ? w->data[i] :
                                                   (int8_t) w->data[i];
      p[i] = (float) (v - w->zero_points[c]) * w->scales[c];
    }
  } else {
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "weights of type %s are not supported with float activations",
        mnv_type_name (w->info.type));
  }
  m->weight_bytes += count * sizeof *p;
  *out = p;
  return MNV_OK;
}

mnv_status
op_requant_scales (mnv_model *m, const mnv_node *n, const mnv_tensor *x,
    const mnv_tensor *w, const mnv_tensor *out, int channels, float **scales,
    mnv_error *err)
{
  float *s;

  if (w->n_scales != 1 && w->n_scales != channels)
    return op_error (err, n, MNV_ERR_FORMAT,
        "weights have %d scales for %d output channels", w->n_scales, channels);
  if (!(s = mnv_model_alloc (m, (size_t) channels * sizeof *s)))
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  for (int c = 0; c < channels; c++) {
    /* Two float32 operations in this order (ARITHMETIC.md). */
    float sw = w->scales[w->n_scales > 1 ? c : 0];
    float prod = x->info.scale * sw;
    s[c] = prod / out->info.scale;
    if (!(s[c] > 0.0f && s[c] < 1e30f))
      return op_error (err, n, MNV_ERR_FORMAT,
          "input, weight and output scales give an unusable requantization "
          "multiplier %g for channel %d",
          (double) s[c], c);
  }
  *scales = s;
  return MNV_OK;
}

mnv_status
op_check_accumulation (const mnv_node *n, int64_t depth, const int32_t *bias,
    int channels, mnv_error *err)
{
  /* Each product (x - zp_x) * (w - zp_w) is within 255 * 255. */
  const int64_t products = depth * 255 * 255;
  if (depth > MNV_MAX_ACCUMULATION_DEPTH)
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "accumulation depth %lld exceeds what int32 accumulators hold",
        (long long) depth);
  for (int c = 0; bias && c < channels; c++) {
    const int64_t b = bias[c] < 0 ? -(int64_t) bias[c] : bias[c];
    if (b + products > INT32_MAX)
      return op_error (err, n, MNV_ERR_UNSUPPORTED,
          "bias %d of output "
          "channel %d with %lld products could overflow the int32 "
          "accumulator",
          bias[c], c, (long long) depth);
  }
  return MNV_OK;
}

mnv_status
op_pack_bias (mnv_model *m, const mnv_node *n, const mnv_tensor *b,
    int channels, int quantized, void **out, mnv_error *err)
{
  mnv_type want = quantized ? MNV_TYPE_INT32 : MNV_TYPE_FLOAT32;

  *out = NULL;
  if (!b)
    return MNV_OK;
  if (!b->data || b->info.type != want ||
      b->info.bytes != (size_t) channels * 4)
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "bias must be a constant %s vector of %d values (found %s, %zu "
        "bytes%s)",
        mnv_type_name (want), channels, mnv_type_name (b->info.type),
        b->info.bytes, b->data ? "" : ", not constant");
  if (!(*out = mnv_model_alloc (m, b->info.bytes)))
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  memcpy (*out, b->data, b->info.bytes); /* aligned copy */
  m->weight_bytes += b->info.bytes;
  return MNV_OK;
}
