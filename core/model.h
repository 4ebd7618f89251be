/* Internal representation of a loaded model (not part of the public API):
 * its tensors, operators and what one run hands to them.  Who fills it:
 * tflite_loader.h; how its memory is planned: arena_plan.h. */
#ifndef MNV_MODEL_H
#define MNV_MODEL_H

#include <stdatomic.h>

#include "error.h"
#include "kernels/kernels.h"
#include "mnv.h"

typedef struct {
  mnv_tensor_info info; /* as declared by the model */
  const uint8_t *data;  /* constant data in the file, or NULL */
  /* Quantization (scales/zero points along quant_dim when n_scales > 1). */
  int n_scales;
  const float *scales;
  const int32_t *zero_points;
  int quant_dim;
  int producer;    /* index of the op writing it, -1 if none */
  int last_reader; /* index of the last op reading it, -1 */
  int is_input, is_output;
} mnv_tensor;

/* Builtin options, decoded for the op types we run. */
typedef struct {
  int padding_valid; /* 0: SAME, 1: VALID */
  int stride_w, stride_h;
  int dilation_w, dilation_h;
  int filter_w, filter_h;
  int depth_multiplier;
  int activation; /* TFLite ActivationFunctionType */
  float beta;
  int keep_dims;
  int axis;
  int align_corners, half_pixel_centers;
} mnv_op_options;

typedef struct mnv_node mnv_node;
typedef struct mnv_exec mnv_exec;

typedef struct {
  int builtin;
  const char *name;
  /* Validates types and shapes, packs weights, fills node->params. */
  mnv_status (*prepare) (mnv_model *m, mnv_node *n, mnv_error *err);
  void (*run) (mnv_exec *x, const mnv_node *n);
} mnv_op_def;

struct mnv_node {
  int index;
  int builtin;
  const mnv_op_def *def;
  int n_inputs, n_outputs;
  int32_t *inputs; /* -1: optional input absent */
  int32_t *outputs;
  mnv_op_options opt;
  const uint8_t *custom_options; /* custom ops: FlexBuffers map */
  size_t custom_options_size;
  void *params;
};

typedef struct mnv_alloc {
  struct mnv_alloc *next;
  max_align_t data[];
} mnv_alloc;

struct mnv_model {
  atomic_int refcount;
  uint8_t *file;
  size_t file_size;
  int file_mapped;
  size_t max_bytes;

  mnv_tensor *tensors;
  int n_tensors;
  mnv_node *nodes;
  int n_nodes;
  int32_t *inputs, *outputs;
  int n_inputs, n_outputs;

  char **labels;
  size_t n_labels;
  char *labels_file;

  /* Input normalization from the TFLite metadata, if present. */
  int has_input_normalization;
  float input_mean[3], input_std[3];

  size_t alloc_bytes;       /* all of mnv_model_alloc, within max_bytes */
  size_t string_copy_bytes; /* names copied by the loader (<= file) */
  int over_budget;          /* an allocation passed max_bytes */
  size_t weight_bytes;      /* packed weights */
  size_t scratch_bytes;     /* per-thread scratch any op needs */
  size_t arena_bytes;       /* planned activations (with reuse) */
  mnv_alloc *allocs;
};

/* Context of one run, handed to op run functions. */
struct mnv_exec {
  const mnv_model *model;
  const mnv_kernel_table *k;
  uint8_t *arena;
  const size_t *offsets; /* per tensor, SIZE_MAX: constant */
  struct mnv_pool *pool;
  uint8_t *const *scratch; /* per thread, model->scratch_bytes each */
  /* mnv_session_options.fuse_guard: per (block, thread) its three band
   * buffers (expanded rows, depthwise band, in-place projection), block
   * index B - GUARD_BLOCKS; NULL: the buffers are in the arena. */
  uint8_t *const *guard;
  const struct mnv_fused_block_s *guard_blocks;
  int guard_threads;
};

/* Zeroed memory owned by the model, freed with it.  NULL on failure, or
 * when the model's allocations would pass its max_bytes (model_build then
 * reports the limit, whatever the caller said). */
void *mnv_model_alloc (mnv_model *m, size_t size);

/* Data of tensor T during a run (stored representation: uint8 tensors are
 * int8 with 128 subtracted, see kernels.h). */
static inline void *
mnv_exec_tensor (const mnv_exec *x, int t)
{
  if (x->offsets[t] == SIZE_MAX)
    return (void *) x->model->tensors[t].data;
  return x->arena + x->offsets[t];
}

#endif
