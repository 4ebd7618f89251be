/* Helpers shared by op prepare functions. */
#ifndef MNV_OP_UTIL_H
#define MNV_OP_UTIL_H

#include "../model.h"

/* The op's tensor at input/output slot I (callers checked the count). */
static inline mnv_tensor *
op_in (mnv_model *m, const mnv_node *n, int i)
{
  return n->inputs[i] < 0 ? NULL : &m->tensors[n->inputs[i]];
}

static inline mnv_tensor *
op_out (mnv_model *m, const mnv_node *n, int i)
{
  return &m->tensors[n->outputs[i]];
}

/* Number of elements (shapes were checked against the size limit). */
static inline size_t
op_elements (const mnv_tensor *t)
{
  size_t e = 1;
  for (int i = 0; i < t->info.rank; i++)
    e *= (size_t) t->info.dims[i];
  return e;
}

static inline int
is_q8 (const mnv_tensor *t)
{
  return (t->info.type == MNV_TYPE_UINT8 || t->info.type == MNV_TYPE_INT8) &&
      t->n_scales > 0;
}

/* 128 for uint8 tensors (stored as int8 minus 128), 0 for int8. */
static inline int32_t
q8_offset (const mnv_tensor *t)
{
  return t->info.type == MNV_TYPE_UINT8 ? 128 : 0;
}

/* Zero point in the stored (int8) domain. */
static inline int32_t
q8_stored_zp (const mnv_tensor *t)
{
  return t->info.zero_point - q8_offset (t);
}

/* An error naming the op: "operator 3 (CONV_2D): <what>". */
mnv_status op_error (mnv_error *err, const mnv_node *n, mnv_status st,
    const char *fmt, ...) MNV_PRINTF (4, 5);

/* Checks input/output counts (optional inputs may be -1 beyond MIN_IN). */
mnv_status op_check_arity (const mnv_node *n, int min_in, int max_in, int n_out,
    mnv_error *err);
/* Checks that a required input is present and not constant, etc. */
mnv_status op_check_activation_input (mnv_model *m, const mnv_node *n, int i,
    mnv_error *err);
/* Quantized tensor of type uint8/int8 with one scale, zero point in range. */
mnv_status op_check_q8_per_tensor (const mnv_node *n, const mnv_tensor *t,
    const char *what, mnv_error *err);

/* Output range of a fused activation, in the stored domain of OUT. */
mnv_status op_q8_activation_range (const mnv_node *n, const mnv_tensor *out,
    int activation, int32_t *lo, int32_t *hi, mnv_error *err);
mnv_status op_f32_activation_range (const mnv_node *n, int activation,
    float *lo, float *hi, mnv_error *err);

/* Checks that Y is [batch, h, w, c]; the error shows both shapes. */
mnv_status op_check_nhwc (const mnv_node *n, const mnv_tensor *y, int batch,
    int h, int w, int c, mnv_error *err);

/* Output size and leading padding of one spatial axis (TFLite rules). */
void op_conv_axis (int in, int k, int stride, int dil, int valid, int *out,
    int *pad_before);

/* Packs constant quantized weights as int16 (w - zp[channel]) where the
 * channel runs along the tensor's quantized dimension. */
mnv_status op_pack_q8_weights (mnv_model *m, const mnv_node *n,
    const mnv_tensor *w, int16_t **out, mnv_error *err);
/* Float weights (copied aligned), or quantized weights dequantized to
 * float32 for "dynamic range" models. */
mnv_status op_pack_f32_weights (mnv_model *m, const mnv_node *n,
    const mnv_tensor *w, float **out, mnv_error *err);
/* Per-output-channel requantization scales (s_x * s_w[c]) / s_out. */
mnv_status op_requant_scales (mnv_model *m, const mnv_node *n,
    const mnv_tensor *x, const mnv_tensor *w, const mnv_tensor *out,
    int channels, float **scales, mnv_error *err);
/* Sums of DEPTH products of 8-bit values (zero points subtracted) plus a
 * bias stay within int32: at most 33025 products, and each BIAS (CHANNELS
 * values, may be NULL) small enough beside them.  Else an error naming
 * the channel. */
#define MNV_MAX_ACCUMULATION_DEPTH 33025
mnv_status op_check_accumulation (const mnv_node *n, int64_t depth,
    const int32_t *bias, int channels, mnv_error *err);
/* Bias: int32 for quantized ops, float for float ops; NULL if absent. */
mnv_status op_pack_bias (mnv_model *m, const mnv_node *n, const mnv_tensor *b,
    int channels, int quantized, void **out, mnv_error *err);

#endif
