/* gst-mnv2 inference core: public API.
 *
 * Plain C11, no GLib.  A model (mnv_model) is opened once from a .tflite
 * file, validated completely and its weights packed; it is immutable and may
 * be shared by any number of sessions and threads.  A session (mnv_session)
 * owns the activation arena and runs the graph.
 *
 * Errors: every call that can fail returns an mnv_status and, when given an
 * mnv_error, fills its message with a sentence naming the cause.
 */
#ifndef MNV_H
#define MNV_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MNV_MAX_RANK 6

typedef enum {
  MNV_OK = 0,
  MNV_ERR_IO,          /* file cannot be opened / read / mapped */
  MNV_ERR_FORMAT,      /* the file is not a valid .tflite model */
  MNV_ERR_UNSUPPORTED, /* valid model using an op/type we do not run */
  MNV_ERR_NOMEM,
  MNV_ERR_ARGUMENT, /* caller error: bad index, wrong size, NULL */
  MNV_ERR_LIMIT     /* would exceed a resource limit */
} mnv_status;

typedef struct {
  mnv_status status;
  char message[512];
} mnv_error;

/* Tensor element types, as declared by the model. */
typedef enum {
  MNV_TYPE_FLOAT32 = 0,
  MNV_TYPE_INT32,
  MNV_TYPE_UINT8,
  MNV_TYPE_INT8,
  MNV_TYPE_INT64,
  MNV_TYPE_INT16,
  MNV_TYPE_OTHER
} mnv_type;

typedef struct {
  const char *name; /* owned by the model */
  mnv_type type;
  int rank;
  int32_t dims[MNV_MAX_RANK];
  size_t bytes; /* size of the tensor's data */
  float scale;  /* 0 when not quantized */
  int32_t zero_point;
} mnv_tensor_info;

typedef struct mnv_model mnv_model;
typedef struct mnv_session mnv_session;

const char *mnv_status_name (mnv_status status);
const char *mnv_type_name (mnv_type type);

/* --- model ------------------------------------------------------------- */

typedef struct {
  /* Refuse models whose activation arena or packed weights would need more
   * than this many bytes (0: the default, 1 GiB). */
  size_t max_bytes;
} mnv_model_options;

/* Maps PATH read-only and builds the model.  OPTIONS may be NULL. */
mnv_status mnv_model_open (const char *path, const mnv_model_options *options,
    mnv_model **out, mnv_error *err);
/* Same from memory; DATA is copied, the caller keeps ownership. */
mnv_status mnv_model_open_memory (const void *data, size_t size,
    const mnv_model_options *options, mnv_model **out, mnv_error *err);
/* Models are reference counted so elements can share one. */
mnv_model *mnv_model_ref (mnv_model *model);
void mnv_model_unref (mnv_model *model);

int mnv_model_num_inputs (const mnv_model *model);
int mnv_model_num_outputs (const mnv_model *model);
mnv_status mnv_model_input_info (const mnv_model *model, int index,
    mnv_tensor_info *info);
mnv_status mnv_model_output_info (const mnv_model *model, int index,
    mnv_tensor_info *info);

/* Operators in execution order. */
int mnv_model_num_ops (const mnv_model *model);
const char *mnv_model_op_name (const mnv_model *model, int op_index);
/* Info of the first output tensor of operator OP_INDEX. */
mnv_status mnv_model_op_output_info (const mnv_model *model, int op_index,
    mnv_tensor_info *info);
/* The operator that writes model output INDEX, or -1 (an input or a
 * constant). */
int mnv_model_output_producer (const mnv_model *model, int index);

/* Labels embedded in the model (TFLite metadata associated file).  0 when
 * the model carries none. */
size_t mnv_model_num_labels (const mnv_model *model);
const char *mnv_model_label (const mnv_model *model, size_t index);
/* Name of the embedded file the labels came from, or NULL. */
const char *mnv_model_labels_file (const mnv_model *model);

/* Input normalization (per RGB channel) recorded in the model's TFLite
 * metadata: the model expects (pixel - mean) / std.  MNV_ERR_ARGUMENT when
 * the model carries none. */
mnv_status mnv_model_input_normalization (const mnv_model *model, float mean[3],
    float std[3]);

/* Bytes of packed weights and of the planned activation arena. */
size_t mnv_model_weight_bytes (const mnv_model *model);
/* Everything the model holds: its file's bytes and all it allocated
 * (packed weights included; what max_bytes was checked against). */
size_t mnv_model_memory_bytes (const mnv_model *model);
size_t mnv_model_arena_bytes (const mnv_model *model);

/* --- session ----------------------------------------------------------- */

/* Where a session's memory comes from (see mnv_session_options). */
typedef struct {
  /* SIZE bytes, or NULL when it cannot (the session then fails with
   * MNV_ERR_NOMEM).  Any alignment malloc gives is enough. */
  void *(*alloc) (size_t size, void *user);
  void (*release) (void *ptr, void *user);
  void *user;
} mnv_allocator;

typedef struct {
  int threads; /* 0: one per online core; 1: calling thread */
  /* Give every tensor its own memory so mnv_session_read_op_output() works
   * for every operator after a run (debugging, layer tests). */
  int keep_intermediates;
  int profile; /* time every operator (mnv_session_profile) */
  /* Run every operator on its own instead of fusing inverted-residual
   * blocks (the results are identical; for comparisons and benchmarks). */
  int no_fusion;
  /* For tests that sweep the fused execution (results are identical):
   * fuse_band > 0 runs every fused block FUSE_BAND output rows at a time
   * (as far as a block has rows), instead of the planned heights;
   * fuse_in_place keeps residual blocks in place even where that does not
   * lower the arena's peak. */
  int fuse_band;
  int fuse_in_place;
  /* For tests under AddressSanitizer: each fused block's band buffers
   * are allocations of their own, of their exact size, so a write past
   * one is caught instead of landing in the arena (results identical). */
  int fuse_guard;
  /* Memory of the session (activation arena, scratch, bookkeeping), all of
   * it taken in mnv_session_create; a run allocates nothing.  NULL: malloc.
   * The thread pool's threads are started by the system as usual. */
  const mnv_allocator *allocator;
} mnv_session_options;

mnv_status mnv_session_create (mnv_model *model,
    const mnv_session_options *options, mnv_session **out, mnv_error *err);
void mnv_session_destroy (mnv_session *session);

/* Copies SIZE bytes, which must be exactly the input tensor's size, in the
 * tensor's declared type. */
mnv_status mnv_session_set_input (mnv_session *session, int index,
    const void *data, size_t size, mnv_error *err);
/* Where input INDEX is kept, to be written in place instead of copied by
 * mnv_session_set_input (an element's pre-processing writes its frame
 * there).  *STORED receives the type its bytes are kept in: the declared
 * one, but int8 for a uint8 input (each value - 128, the top bit flipped).
 * Valid as long as the session; the run may overwrite it (the arena reuses
 * an input's memory once it is read), so write it before every run.  NULL
 * when INDEX is not an input. */
void *mnv_session_input_buffer (mnv_session *session, int index,
    mnv_type *stored);
mnv_status mnv_session_run (mnv_session *session, mnv_error *err);
/* Output INDEX of the last run, in its declared type; valid until the next
 * run or the next input given (mnv_session_set_input, _set_input_image or
 * a write into mnv_session_input_buffer): an output other than uint8 is
 * read where the run left it, in memory an input may share.  SIZE
 * (optional) receives its byte count. */
const void *mnv_session_output (mnv_session *session, int index, size_t *size);
/* Copies the output of operator OP_INDEX (declared type) into DST, which
 * must hold exactly its size.  Requires keep_intermediates. */
mnv_status mnv_session_read_op_output (mnv_session *session, int op_index,
    void *dst, size_t size, mnv_error *err);

/* Bytes of the session's activation arena: every tensor the graph computes
 * (inputs and outputs included) and the fused blocks' band buffers, placed
 * by lifetime in one allocation.  This is the figure `mnv2 bench` reports
 * as peak_activation_bytes. */
size_t mnv_session_arena_bytes (const mnv_session *session);
/* Everything the session allocated: the arena, each thread's scratch, the
 * output copies and its tables (the model's own bytes apart:
 * mnv_model_memory_bytes). */
size_t mnv_session_memory_bytes (const mnv_session *session);
/* The fused block operator OP_INDEX runs in (0, 1, ...), or -1 when it
 * runs on its own.  Optional: FIRST/LAST the block's operators, BAND the
 * output rows computed per step, IN_PLACE whether the block's output
 * overwrites its input (a residual block on one thread). */
int mnv_session_fused_block (const mnv_session *session, int op_index,
    int *first, int *last, int *band, int *in_place);
int mnv_session_num_fused_blocks (const mnv_session *session);

/* Threads the session runs on. */
int mnv_session_threads (const mnv_session *session);
/* With the profile option: nanoseconds spent in each operator over all runs
 * so far (mnv_model_num_ops entries), else NULL. */
const uint64_t *mnv_session_profile (const mnv_session *session);
void mnv_session_profile_reset (mnv_session *session);

/* --- kernels ----------------------------------------------------------- */

/* The kernel set in use: "ref" (plain C).  Chosen at first use from the
 * environment variable MNV2_ISA (default: the best the CPU runs). */
const char *mnv_isa_name (void);

#ifdef __cplusplus
}
#endif
#endif /* MNV_H */
