/* Builtin operator names and the table of ops the core runs. */
#include <stddef.h>

#include "registry.h"

#include <string.h>

extern const mnv_op_def mnv_op_add, mnv_op_arg_max, mnv_op_average_pool_2d,
    mnv_op_concatenation, mnv_op_conv_2d, mnv_op_depthwise_conv_2d,
    mnv_op_dequantize, mnv_op_fully_connected, mnv_op_logistic, mnv_op_mean,
    mnv_op_pack, mnv_op_quantize, mnv_op_reshape, mnv_op_resize_bilinear,
    mnv_op_softmax, mnv_op_detection_postprocess;

/* clang-format off */
static const mnv_op_def *const ops[] = {
  &mnv_op_add, &mnv_op_arg_max, &mnv_op_average_pool_2d,
  &mnv_op_concatenation,
  &mnv_op_conv_2d, &mnv_op_depthwise_conv_2d, &mnv_op_dequantize,
  &mnv_op_fully_connected, &mnv_op_logistic, &mnv_op_mean, &mnv_op_pack,
  &mnv_op_quantize, &mnv_op_reshape, &mnv_op_resize_bilinear,
  &mnv_op_softmax,
};
/* clang-format on */

/* Custom ops, by their custom_code name. */
static const mnv_op_def *const custom_ops[] = {
  &mnv_op_detection_postprocess,
};

const mnv_op_def *
mnv_op_lookup_custom (const char *name)
{
  for (size_t i = 0; i < sizeof custom_ops / sizeof custom_ops[0]; i++)
    if (strcmp (custom_ops[i]->name, name) == 0)
      return custom_ops[i];
  return NULL;
}

const mnv_op_def *
mnv_op_lookup (int builtin)
{
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
    if (ops[i]->builtin == builtin)
      return ops[i];
  return NULL;
}

/* BuiltinOperator names in schema order (index = code), for messages. */
/* clang-format off */
static const char *const builtin_names[] = {
  "ADD", "AVERAGE_POOL_2D", "CONCATENATION", "CONV_2D",
  "DEPTHWISE_CONV_2D", "DEPTH_TO_SPACE", "DEQUANTIZE", "EMBEDDING_LOOKUP",
  "FLOOR", "FULLY_CONNECTED", "HASHTABLE_LOOKUP", "L2_NORMALIZATION",
  "L2_POOL_2D", "LOCAL_RESPONSE_NORMALIZATION", "LOGISTIC", "LSH_PROJECTION",
  "LSTM", "MAX_POOL_2D", "MUL", "RELU",
  "RELU_N1_TO_1", "RELU6", "RESHAPE", "RESIZE_BILINEAR",
  "RNN", "SOFTMAX", "SPACE_TO_DEPTH", "SVDF",
  "TANH", "CONCAT_EMBEDDINGS", "SKIP_GRAM", "CALL",
  "CUSTOM", "EMBEDDING_LOOKUP_SPARSE", "PAD", "UNIDIRECTIONAL_SEQUENCE_RNN",
  "GATHER", "BATCH_TO_SPACE_ND", "SPACE_TO_BATCH_ND", "TRANSPOSE",
  "MEAN", "SUB", "DIV", "SQUEEZE",
  "UNIDIRECTIONAL_SEQUENCE_LSTM", "STRIDED_SLICE", "BIDIRECTIONAL_SEQUENCE_RNN", "EXP",
  "TOPK_V2", "SPLIT", "LOG_SOFTMAX", "DELEGATE",
  "BIDIRECTIONAL_SEQUENCE_LSTM", "CAST", "PRELU", "MAXIMUM",
  "ARG_MAX", "MINIMUM", "LESS", "NEG",
  "PADV2", "GREATER", "GREATER_EQUAL", "LESS_EQUAL",
  "SELECT", "SLICE", "SIN", "TRANSPOSE_CONV",
  "SPARSE_TO_DENSE", "TILE", "EXPAND_DIMS", "EQUAL",
  "NOT_EQUAL", "LOG", "SUM", "SQRT",
  "RSQRT", "SHAPE", "POW", "ARG_MIN",
  "FAKE_QUANT", "REDUCE_PROD", "REDUCE_MAX", "PACK",
  "LOGICAL_OR", "ONE_HOT", "LOGICAL_AND", "LOGICAL_NOT",
  "UNPACK", "REDUCE_MIN", "FLOOR_DIV", "REDUCE_ANY",
  "SQUARE", "ZEROS_LIKE", "FILL", "FLOOR_MOD",
  "RANGE", "RESIZE_NEAREST_NEIGHBOR", "LEAKY_RELU", "SQUARED_DIFFERENCE",
  "MIRROR_PAD", "ABS", "SPLIT_V", "UNIQUE",
  "CEIL", "REVERSE_V2", "ADD_N", "GATHER_ND",
  "COS", "WHERE", "RANK", "ELU",
  "REVERSE_SEQUENCE", "MATRIX_DIAG", "QUANTIZE", "MATRIX_SET_DIAG",
  "ROUND", "HARD_SWISH", "IF", "WHILE",
  "NON_MAX_SUPPRESSION_V4", "NON_MAX_SUPPRESSION_V5", "SCATTER_ND", "SELECT_V2",
  "DENSIFY", "SEGMENT_SUM", "BATCH_MATMUL", "PLACEHOLDER_FOR_GREATER_OP_CODES",
  "CUMSUM", "CALL_ONCE", "BROADCAST_TO", "RFFT2D",
  "CONV_3D", "IMAG", "REAL", "COMPLEX_ABS",
  "HASHTABLE", "HASHTABLE_FIND", "HASHTABLE_IMPORT", "HASHTABLE_SIZE",
  "REDUCE_ALL", "CONV_3D_TRANSPOSE", "VAR_HANDLE", "READ_VARIABLE",
  "ASSIGN_VARIABLE", "BROADCAST_ARGS", "RANDOM_STANDARD_NORMAL", "BUCKETIZE",
  "RANDOM_UNIFORM", "MULTINOMIAL", "GELU", "DYNAMIC_UPDATE_SLICE",
  "RELU_0_TO_1", "UNSORTED_SEGMENT_PROD", "UNSORTED_SEGMENT_MAX", "UNSORTED_SEGMENT_SUM",
  "ATAN2", "UNSORTED_SEGMENT_MIN", "SIGN", "BITCAST",
  "BITWISE_XOR", "RIGHT_SHIFT",
};
/* clang-format on */

const char *
mnv_builtin_name (int builtin)
{
  if (builtin >= 0 &&
      (size_t) builtin < sizeof builtin_names / sizeof builtin_names[0])
    return builtin_names[builtin];
  return "an unknown builtin operator";
}
