/* Reads a .tflite flatbuffer into the model's tensors and nodes.
 *
 * Everything read here is checked: offsets through the flatbuffer reader,
 * then every index (buffer, tensor, opcode), shape and data size against
 * the rest of the model, before any op sees it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/registry.h"
#include "tflite_loader.h"
#include "tflite_schema.h"

#define FB_TRY(expr) \
  do { \
    if (!(expr)) \
      return mnv_set_error (err, MNV_ERR_FORMAT, "%s", fb->error); \
  } while (0)

static mnv_type
map_type (int tfl)
{
  switch (tfl) {
    case TFL_FLOAT32: return MNV_TYPE_FLOAT32;
    case TFL_INT32: return MNV_TYPE_INT32;
    case TFL_UINT8: return MNV_TYPE_UINT8;
    case TFL_INT8: return MNV_TYPE_INT8;
    case TFL_INT64: return MNV_TYPE_INT64;
    case TFL_INT16: return MNV_TYPE_INT16;
    default: return MNV_TYPE_OTHER;
  }
}

static size_t
type_size (mnv_type t)
{
  switch (t) {
    case MNV_TYPE_UINT8:
    case MNV_TYPE_INT8: return 1;
    case MNV_TYPE_INT16: return 2;
    case MNV_TYPE_FLOAT32:
    case MNV_TYPE_INT32: return 4;
    case MNV_TYPE_INT64: return 8;
    default: return 0;
  }
}

/* Whether LEN bytes at P print as they are: no control characters (a
 * name goes into error messages and `mnv2 info` on a terminal). */
static int
printable (const uint8_t *p, size_t len)
{
  for (size_t i = 0; i < len; i++)
    if (p[i] < 0x20 || p[i] == 0x7f)
      return 0;
  return 1;
}

/* A string field as a NUL-terminated string ("" when absent).  Read in
 * place: FlatBuffers strings end in a NUL, and the file lives as long as
 * the model, so a name that many tensors share costs nothing per tensor.
 * A string without its NUL or with control characters is copied, with
 * those characters as '?', and all such copies together may not exceed
 * the file's size (a few shared names must not make us allocate
 * gigabytes). */
static mnv_status
read_string (mnv_model *m, mnv_fb *fb, const mnv_fb_table *t, int field,
    const char **out, mnv_error *err)
{
  mnv_fb_vec v;
  FB_TRY (mnv_fb_vector (fb, t, field, 1, &v));
  const uint8_t *p = fb->buf + v.start;
  if (v.start + v.len < fb->size && p[v.len] == 0 && printable (p, v.len)) {
    *out = (const char *) p;
    return MNV_OK;
  }
  if ((size_t) v.len + 1 > fb->size - m->string_copy_bytes)
    return mnv_set_error (err, MNV_ERR_FORMAT,
        "its strings, copied to be "
        "made printable or terminated, would take more than the file's "
        "%zu bytes",
        fb->size);
  m->string_copy_bytes += (size_t) v.len + 1;
  char *s = mnv_model_alloc (m, (size_t) v.len + 1);
  if (!s)
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory reading a name");
  for (uint32_t i = 0; i < v.len; i++)
    s[i] = p[i] < 0x20 || p[i] == 0x7f ? '?' : (char) p[i];
  *out = s;
  return MNV_OK;
}

/* Data of buffer BUF_INDEX: inline vector or (offset, size) for models over
 * 2 GiB.  *data = NULL for an empty buffer. */
static mnv_status
read_buffer (mnv_fb *fb, const mnv_fb_vec *buffers, uint32_t buf_index,
    const uint8_t **data, size_t *size, mnv_error *err)
{
  mnv_fb_table b;
  mnv_fb_vec v;
  uint64_t off, sz;

  *data = NULL;
  *size = 0;
  if (buf_index >= buffers->len)
    return mnv_set_error (err, MNV_ERR_FORMAT,
        "buffer index %u is out of range (the model has %u buffers)", buf_index,
        buffers->len);
  FB_TRY (mnv_fb_vector_table (fb, buffers, buf_index, &b));
  FB_TRY (mnv_fb_vector (fb, &b, TFL_BUFFER_DATA, 1, &v));
  FB_TRY (mnv_fb_u64 (fb, &b, TFL_BUFFER_OFFSET, 0, &off));
  FB_TRY (mnv_fb_u64 (fb, &b, TFL_BUFFER_SIZE, 0, &sz));
  if (v.len) {
    *data = fb->buf + v.start;
    *size = v.len;
  } else if (off > 1) {
    if (off > fb->size || sz > fb->size - off)
      return mnv_set_error (err, MNV_ERR_FORMAT,
          "buffer %u (offset %llu, size %llu) lies outside the file", buf_index,
          (unsigned long long) off, (unsigned long long) sz);
    *data = fb->buf + off;
    *size = (size_t) sz;
  }
  return MNV_OK;
}

static mnv_status
read_quantization (mnv_model *m, mnv_fb *fb, const mnv_fb_table *tt,
    mnv_tensor *t, int index, mnv_error *err)
{
  mnv_fb_table q;
  mnv_fb_vec scale, zp;
  int present;
  int32_t dim;

  FB_TRY (mnv_fb_table_field (fb, tt, TFL_TENSOR_QUANTIZATION, &q, &present));
  if (!present)
    return MNV_OK;
  FB_TRY (mnv_fb_vector (fb, &q, TFL_QUANT_SCALE, 4, &scale));
  FB_TRY (mnv_fb_vector (fb, &q, TFL_QUANT_ZERO_POINT, 8, &zp));
  FB_TRY (mnv_fb_i32 (fb, &q, TFL_QUANT_DIMENSION, 0, &dim));
  if (scale.len == 0)
    return MNV_OK;
  if (zp.len != scale.len && zp.len != 0)
    return mnv_set_error (err, MNV_ERR_FORMAT,
        "tensor %d ('%s') has %u scales but %u zero points", index,
        t->info.name, scale.len, zp.len);
  if (scale.len > 1 &&
      (dim < 0 || dim >= t->info.rank ||
          (uint32_t) t->info.dims[dim] != scale.len))
    return mnv_set_error (err, MNV_ERR_FORMAT,
        "tensor %d ('%s') has %u per-channel scales that do not match "
        "its quantized dimension %d",
        index, t->info.name, scale.len, dim);

  float *s = mnv_model_alloc (m, scale.len * sizeof *s);
  int32_t *z = mnv_model_alloc (m, scale.len * sizeof *z);
  if (!s || !z)
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  for (uint32_t i = 0; i < scale.len; i++) {
    s[i] = mnv_fb_vec_f32 (fb, &scale, i);
    int64_t zv = zp.len ? mnv_fb_vec_i64 (fb, &zp, i) : 0;
    /* NaN fails both comparisons, so write them to reject it. */
    if (!(s[i] > 0.0f && s[i] < 1e30f))
      return mnv_set_error (err, MNV_ERR_FORMAT,
          "tensor %d ('%s') has an invalid quantization scale %g", index,
          t->info.name, (double) s[i]);
    if (zv < -32768 || zv > 65535)
      return mnv_set_error (err, MNV_ERR_FORMAT,
          "tensor %d ('%s') has an invalid zero point %lld", index,
          t->info.name, (long long) zv);
    z[i] = (int32_t) zv;
  }
  t->n_scales = (int) scale.len;
  t->scales = s;
  t->zero_points = z;
  t->quant_dim = scale.len > 1 ? dim : 0;
  t->info.scale = s[0];
  t->info.zero_point = z[0];
  return MNV_OK;
}

static mnv_status
read_tensor (mnv_model *m, mnv_fb *fb, const mnv_fb_vec *tensors,
    const mnv_fb_vec *buffers, int index, mnv_error *err)
{
  mnv_tensor *t = &m->tensors[index];
  mnv_fb_table tt;
  mnv_fb_vec shape;
  uint8_t type;
  uint32_t buf_index;
  const uint8_t *data;
  size_t data_size;
  mnv_status st;

  FB_TRY (mnv_fb_vector_table (fb, tensors, (uint32_t) index, &tt));
  if ((st = read_string (m, fb, &tt, TFL_TENSOR_NAME, &t->info.name, err)))
    return st;
  FB_TRY (mnv_fb_vector (fb, &tt, TFL_TENSOR_SHAPE, 4, &shape));
  FB_TRY (mnv_fb_u8 (fb, &tt, TFL_TENSOR_TYPE, 0, &type));
  FB_TRY (mnv_fb_u32 (fb, &tt, TFL_TENSOR_BUFFER, 0, &buf_index));

  t->info.type = map_type (type);
  t->producer = -1;
  t->last_reader = -1;
  if (shape.len > MNV_MAX_RANK)
    return mnv_set_error (err, MNV_ERR_UNSUPPORTED,
        "tensor %d ('%s') has rank %u; at most %d is supported", index,
        t->info.name, shape.len, MNV_MAX_RANK);
  t->info.rank = (int) shape.len;

  /* Element count with overflow and size-limit checks. */
  size_t elems = 1, esize = type_size (t->info.type);
  for (uint32_t i = 0; i < shape.len; i++) {
    int32_t d = mnv_fb_vec_i32 (fb, &shape, i);
    if (d <= 0)
      return mnv_set_error (err, MNV_ERR_FORMAT,
          "tensor %d ('%s') has dimension %u of size %d; sizes must be "
          "positive",
          index, t->info.name, i, d);
    t->info.dims[i] = d;
    if (elems > m->max_bytes / (size_t) d)
      return mnv_set_error (err, MNV_ERR_LIMIT,
          "tensor %d ('%s') is too large (over the %zu-byte limit)", index,
          t->info.name, m->max_bytes);
    elems *= (size_t) d;
  }
  if (esize && elems > m->max_bytes / esize)
    return mnv_set_error (err, MNV_ERR_LIMIT,
        "tensor %d ('%s') is too large (over the %zu-byte limit)", index,
        t->info.name, m->max_bytes);
  t->info.bytes = elems * esize;

  if ((st = read_buffer (fb, buffers, buf_index, &data, &data_size, err)))
    return st;
  if (data) {
    if (t->info.type == MNV_TYPE_OTHER)
      return mnv_set_error (err, MNV_ERR_UNSUPPORTED,
          "tensor %d ('%s') has unsupported type %u", index, t->info.name,
          type);
    if (data_size != t->info.bytes)
      return mnv_set_error (err, MNV_ERR_FORMAT,
          "tensor %d ('%s') has %zu bytes of data but its shape needs %zu",
          index, t->info.name, data_size, t->info.bytes);
    t->data = data;
  }
  return read_quantization (m, fb, &tt, t, index, err);
}

static mnv_status
read_options (mnv_fb *fb, const mnv_fb_table *op, mnv_node *n, mnv_error *err)
{
  mnv_op_options *o = &n->opt;
  mnv_fb_table t;
  uint8_t otype, u8;
  int present;

  o->stride_w = o->stride_h = 1;
  o->dilation_w = o->dilation_h = 1;
  o->depth_multiplier = 1;
  o->beta = 1.0f;
  FB_TRY (mnv_fb_u8 (fb, op, TFL_OP_BUILTIN_OPTIONS_TYPE, 0, &otype));
  FB_TRY (mnv_fb_table_field (fb, op, TFL_OP_BUILTIN_OPTIONS, &t, &present));
  if (!present)
    return MNV_OK;

  switch (otype) {
    case TFL_OPT_CONV2D:
      FB_TRY (mnv_fb_u8 (fb, &t, 0, 0, &u8));
      o->padding_valid = u8;
      FB_TRY (mnv_fb_i32 (fb, &t, 1, 1, &o->stride_w));
      FB_TRY (mnv_fb_i32 (fb, &t, 2, 1, &o->stride_h));
      FB_TRY (mnv_fb_u8 (fb, &t, 3, 0, &u8));
      o->activation = u8;
      FB_TRY (mnv_fb_i32 (fb, &t, 4, 1, &o->dilation_w));
      FB_TRY (mnv_fb_i32 (fb, &t, 5, 1, &o->dilation_h));
      break;
    case TFL_OPT_DEPTHWISE_CONV2D:
      FB_TRY (mnv_fb_u8 (fb, &t, 0, 0, &u8));
      o->padding_valid = u8;
      FB_TRY (mnv_fb_i32 (fb, &t, 1, 1, &o->stride_w));
      FB_TRY (mnv_fb_i32 (fb, &t, 2, 1, &o->stride_h));
      FB_TRY (mnv_fb_i32 (fb, &t, 3, 1, &o->depth_multiplier));
      FB_TRY (mnv_fb_u8 (fb, &t, 4, 0, &u8));
      o->activation = u8;
      FB_TRY (mnv_fb_i32 (fb, &t, 5, 1, &o->dilation_w));
      FB_TRY (mnv_fb_i32 (fb, &t, 6, 1, &o->dilation_h));
      break;
    case TFL_OPT_POOL2D:
      FB_TRY (mnv_fb_u8 (fb, &t, 0, 0, &u8));
      o->padding_valid = u8;
      FB_TRY (mnv_fb_i32 (fb, &t, 1, 1, &o->stride_w));
      FB_TRY (mnv_fb_i32 (fb, &t, 2, 1, &o->stride_h));
      FB_TRY (mnv_fb_i32 (fb, &t, 3, 0, &o->filter_w));
      FB_TRY (mnv_fb_i32 (fb, &t, 4, 0, &o->filter_h));
      FB_TRY (mnv_fb_u8 (fb, &t, 5, 0, &u8));
      o->activation = u8;
      break;
    case TFL_OPT_FULLY_CONNECTED:
      FB_TRY (mnv_fb_u8 (fb, &t, 0, 0, &u8));
      o->activation = u8;
      FB_TRY (mnv_fb_u8 (fb, &t, 2, 0, &u8));
      o->keep_dims = u8;
      break;
    case TFL_OPT_SOFTMAX:
      FB_TRY (mnv_fb_f32 (fb, &t, 0, 1.0f, &o->beta));
      break;
    case TFL_OPT_ADD:
      FB_TRY (mnv_fb_u8 (fb, &t, 0, 0, &u8));
      o->activation = u8;
      break;
    case TFL_OPT_CONCATENATION:
      FB_TRY (mnv_fb_i32 (fb, &t, 0, 0, &o->axis));
      FB_TRY (mnv_fb_u8 (fb, &t, 1, 0, &u8));
      o->activation = u8;
      break;
    case TFL_OPT_PACK:
      /* PackOptions: values_count, axis */
      FB_TRY (mnv_fb_i32 (fb, &t, 1, 0, &o->axis));
      break;
    case TFL_OPT_REDUCER:
      FB_TRY (mnv_fb_u8 (fb, &t, 0, 0, &u8));
      o->keep_dims = u8;
      break;
    case TFL_OPT_RESIZE_BILINEAR:
      FB_TRY (mnv_fb_u8 (fb, &t, 2, 0, &u8));
      o->align_corners = u8;
      FB_TRY (mnv_fb_u8 (fb, &t, 3, 0, &u8));
      o->half_pixel_centers = u8;
      break;
    default: break;
  }
  /* SIGN_BIT (5) is the last ActivationFunctionType. */
  if (o->padding_valid > 1 || o->activation > 5)
    return mnv_set_error (err, MNV_ERR_FORMAT,
        "operator %d has invalid options (padding %d, activation %d)", n->index,
        o->padding_valid, o->activation);
  return MNV_OK;
}

/* Reads an int vector of tensor indices, each -1 or in range. */
static mnv_status
read_indices (mnv_model *m, mnv_fb *fb, const mnv_fb_table *t, int field,
    int32_t **out, int *count, const char *what, int op, mnv_error *err)
{
  mnv_fb_vec v;
  FB_TRY (mnv_fb_vector (fb, t, field, 4, &v));
  int32_t *idx = mnv_model_alloc (m, (v.len + 1) * sizeof *idx);
  if (!idx)
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  for (uint32_t i = 0; i < v.len; i++) {
    idx[i] = mnv_fb_vec_i32 (fb, &v, i);
    if (idx[i] < -1 || idx[i] >= m->n_tensors) {
      char where[32];
      if (op >= 0)
        snprintf (where, sizeof where, "operator %d", op);
      else
        snprintf (where, sizeof where, "the graph");
      return mnv_set_error (err, MNV_ERR_FORMAT,
          "%s %u of %s refers to tensor %d, but the model has %d tensors", what,
          i, where, idx[i], m->n_tensors);
    }
  }
  *out = idx;
  *count = (int) v.len;
  return MNV_OK;
}

/* Data flow checks: every op reads tensors that exist by then, every tensor
 * has one writer, and records lifetimes for the arena planner. */
static mnv_status
check_data_flow (mnv_model *m, mnv_error *err)
{
  for (int i = 0; i < m->n_inputs; i++) {
    int t = m->inputs[i];
    if (t < 0 || m->tensors[t].data)
      return mnv_set_error (err, MNV_ERR_FORMAT,
          "graph input %d is not a valid activation tensor", i);
    m->tensors[t].is_input = 1;
  }
  for (int i = 0; i < m->n_nodes; i++) {
    mnv_node *n = &m->nodes[i];
    for (int j = 0; j < n->n_inputs; j++) {
      int t = n->inputs[j];
      if (t < 0)
        continue;
      mnv_tensor *tt = &m->tensors[t];
      if (!tt->data && !tt->is_input && tt->producer < 0)
        return mnv_set_error (err, MNV_ERR_FORMAT,
            "operator %d (%s) reads tensor %d ('%s') before any operator "
            "writes it",
            i, mnv_builtin_name (n->builtin), t, tt->info.name);
      tt->last_reader = i;
    }
    for (int j = 0; j < n->n_outputs; j++) {
      int t = n->outputs[j];
      mnv_tensor *tt = &m->tensors[t];
      if (t < 0 || tt->data || tt->is_input || tt->producer >= 0)
        return mnv_set_error (err, MNV_ERR_FORMAT,
            "operator %d (%s) writes tensor %d, which is a constant, an "
            "input or written by another operator",
            i, mnv_builtin_name (n->builtin), t);
      tt->producer = i;
    }
  }
  for (int i = 0; i < m->n_outputs; i++) {
    int t = m->outputs[i];
    if (t < 0 || (m->tensors[t].producer < 0 && !m->tensors[t].is_input))
      return mnv_set_error (err, MNV_ERR_FORMAT,
          "graph output %d (tensor %d) is not written by any operator", i, t);
    m->tensors[t].is_output = 1;
  }
  return MNV_OK;
}

/* Operator I: its opcode, tensors, options and the op that runs it. */
static mnv_status
read_node (mnv_model *m, mnv_fb *fb, const mnv_fb_vec *ops,
    const mnv_fb_vec *codes, int i, mnv_error *err)
{
  mnv_status st;
  mnv_node *n = &m->nodes[i];
  mnv_fb_table op, code;
  uint32_t opcode_index;
  int32_t builtin;
  uint8_t deprecated;

  n->index = i;
  FB_TRY (mnv_fb_vector_table (fb, ops, (uint32_t) i, &op));
  FB_TRY (mnv_fb_u32 (fb, &op, TFL_OP_OPCODE_INDEX, 0, &opcode_index));
  if (opcode_index >= codes->len)
    return mnv_set_error (err, MNV_ERR_FORMAT,
        "operator %d uses opcode %u, but the model has %u opcodes", i,
        opcode_index, codes->len);
  FB_TRY (mnv_fb_vector_table (fb, codes, opcode_index, &code));
  FB_TRY (mnv_fb_u8 (fb, &code, TFL_OPCODE_DEPRECATED_BUILTIN, 0, &deprecated));
  FB_TRY (mnv_fb_i32 (fb, &code, TFL_OPCODE_BUILTIN, 0, &builtin));
  /* Files older than the int32 field only set the deprecated byte. */
  n->builtin = builtin > (int8_t) deprecated ? builtin : (int8_t) deprecated;

  if ((st = read_indices (m, fb, &op, TFL_OP_INPUTS, &n->inputs, &n->n_inputs,
           "input", i, err)) ||
      (st = read_indices (m, fb, &op, TFL_OP_OUTPUTS, &n->outputs,
           &n->n_outputs, "output", i, err)) ||
      (st = read_options (fb, &op, n, err)))
    return st;
  if (n->n_outputs < 1)
    return mnv_set_error (err, MNV_ERR_FORMAT, "operator %d (%s) has no output",
        i, mnv_builtin_name (n->builtin));

  if (n->builtin == TFL_OP_CUSTOM) {
    const char *name;
    mnv_fb_vec opts;
    if ((st = read_string (m, fb, &code, TFL_OPCODE_CUSTOM_CODE, &name, err)))
      return st;
    FB_TRY (mnv_fb_vector (fb, &op, TFL_OP_CUSTOM_OPTIONS, 1, &opts));
    n->custom_options = opts.len ? fb->buf + opts.start : NULL;
    n->custom_options_size = opts.len;
    n->def = mnv_op_lookup_custom (name);
    if (!n->def)
      return mnv_set_error (err, MNV_ERR_UNSUPPORTED,
          "operator %d is the custom op '%s', which is not supported", i, name);
  } else {
    n->def = mnv_op_lookup (n->builtin);
  }
  if (!n->def) {
    return mnv_set_error (err, MNV_ERR_UNSUPPORTED,
        "operator %d is %s (builtin code %d), which is not supported", i,
        mnv_builtin_name (n->builtin), n->builtin);
  }
  return MNV_OK;
}

mnv_status
mnv_tflite_load (mnv_model *m, mnv_error *err)
{
  mnv_fb fb_storage, *fb = &fb_storage;
  mnv_fb_table root, sg;
  mnv_fb_vec codes, subgraphs, buffers, tensors, ops;
  uint32_t version;
  mnv_status st;

  FB_TRY (mnv_fb_init (fb, m->file, m->file_size));
  if (m->file_size < 8)
    return mnv_set_error (err, MNV_ERR_FORMAT,
        "the data is too short (%zu bytes) to be a model", m->file_size);
  if (memcmp (m->file + 4, "TFL3", 4) != 0)
    return mnv_set_error (err, MNV_ERR_FORMAT,
        "not a TensorFlow Lite model (missing the 'TFL3' identifier)");
  FB_TRY (mnv_fb_root (fb, &root));
  FB_TRY (mnv_fb_u32 (fb, &root, TFL_MODEL_VERSION, 0, &version));
  if (version != 3)
    return mnv_set_error (err, MNV_ERR_UNSUPPORTED,
        "schema version %u is not supported (expected 3)", version);
  FB_TRY (mnv_fb_vector (fb, &root, TFL_MODEL_OPERATOR_CODES, 4, &codes));
  FB_TRY (mnv_fb_vector (fb, &root, TFL_MODEL_SUBGRAPHS, 4, &subgraphs));
  FB_TRY (mnv_fb_vector (fb, &root, TFL_MODEL_BUFFERS, 4, &buffers));
  if (subgraphs.len < 1)
    return mnv_set_error (err, MNV_ERR_FORMAT, "the model has no subgraph");
  FB_TRY (mnv_fb_vector_table (fb, &subgraphs, 0, &sg));
  FB_TRY (mnv_fb_vector (fb, &sg, TFL_SUBGRAPH_TENSORS, 4, &tensors));
  FB_TRY (mnv_fb_vector (fb, &sg, TFL_SUBGRAPH_OPERATORS, 4, &ops));
  if (ops.len == 0)
    return mnv_set_error (err, MNV_ERR_FORMAT, "the model has no operators");

  /* Vector lengths are bounded by the file size, so these stay small. */
  m->n_tensors = (int) tensors.len;
  m->tensors = mnv_model_alloc (m, (tensors.len + 1) * sizeof *m->tensors);
  m->n_nodes = (int) ops.len;
  m->nodes = mnv_model_alloc (m, ops.len * sizeof *m->nodes);
  if (!m->tensors || !m->nodes)
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");

  for (int i = 0; i < m->n_tensors; i++)
    if ((st = read_tensor (m, fb, &tensors, &buffers, i, err)))
      return st;

  if ((st = read_indices (m, fb, &sg, TFL_SUBGRAPH_INPUTS, &m->inputs,
           &m->n_inputs, "input", -1, err)) ||
      (st = read_indices (m, fb, &sg, TFL_SUBGRAPH_OUTPUTS, &m->outputs,
           &m->n_outputs, "output", -1, err)))
    return st;
  if (m->n_inputs < 1 || m->n_outputs < 1)
    return mnv_set_error (err, MNV_ERR_FORMAT,
        "the model declares %d inputs and %d outputs", m->n_inputs,
        m->n_outputs);

  for (int i = 0; i < m->n_nodes; i++)
    if ((st = read_node (m, fb, &ops, &codes, i, err)))
      return st;
  if ((st = check_data_flow (m, err)))
    return st;
  mnv_tflite_read_metadata (m, fb, &root, &buffers);
  return MNV_OK;
}
