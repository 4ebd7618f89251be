/* Sessions: one activation arena per session, ops run in model order
 * (fused inverted-residual blocks as one step each, see fuse.h).
 *
 * Every byte a session uses is taken in mnv_session_create through its
 * allocator; mnv_session_run allocates nothing.
 *
 * Quantized tensors are stored as int8 (uint8 ones with 128 subtracted, see
 * kernels/kernels.h); inputs and outputs are converted from and to their
 * declared type at the boundary, so callers only ever see declared bytes. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena_plan.h"
#include "flip.h"
#include "fuse.h"
#include "image_pool.h"
#include "pool.h"

#define ARENA_ALIGN 64

struct mnv_session {
  mnv_model *model;
  const mnv_kernel_table *k;
  mnv_allocator a;
  uint8_t *arena; /* aligned, inside arena_raw */
  void *arena_raw;
  size_t arena_bytes;
  size_t *offsets;
  int keep_all;
  int fuse_band, fuse_in_place; /* test options, see mnv.h */
  uint8_t **guard;              /* fuse_guard: 3 per (block, thread) */
  mnv_fusion_plan plan;
  uint8_t **outputs; /* declared-type copies of graph outputs */
  mnv_pool *pool;
  int threads;
  uint8_t **scratch; /* per thread, aligned */
  void **scratch_raw;
  uint64_t *profile; /* ns per op, when profiling */
};

static void *
plain_alloc (size_t size, void *user)
{
  (void) user;
  return malloc (size);
}

static void
plain_release (void *ptr, void *user)
{
  (void) user;
  free (ptr);
}

/* SIZE zeroed bytes from the session's allocator, or NULL. */
static void *
s_alloc (mnv_session *s, size_t size)
{
  void *p = s->a.alloc (size ? size : 1, s->a.user);
  if (p)
    memset (p, 0, size);
  return p;
}

static void
s_free (mnv_session *s, void *p)
{
  if (p)
    s->a.release (p, s->a.user);
}

/* SIZE zeroed bytes aligned to ARENA_ALIGN; *RAW receives what to free. */
static uint8_t *
s_alloc_aligned (mnv_session *s, size_t size, void **raw)
{
  uint8_t *p = *raw = s_alloc (s, size + ARENA_ALIGN);
  if (!p)
    return NULL;
  return p + (ARENA_ALIGN - (uintptr_t) p % ARENA_ALIGN) % ARENA_ALIGN;
}

/* Copies N bytes between declared and stored form: uint8 differs from its
 * stored int8 by 128, which is flipping the top bit. */
static void
copy_converted (void *dst, const void *src, size_t n, mnv_type type)
{
  if (type != MNV_TYPE_UINT8) {
    memcpy (dst, src, n);
    return;
  }
  mnv_flip_bytes (dst, src, n);
}

void
mnv_session_destroy (mnv_session *s)
{
  if (!s)
    return;
  if (s->outputs)
    for (int i = 0; i < s->model->n_outputs; i++)
      s_free (s, s->outputs[i]);
  s_free (s, s->outputs);
  s_free (s, s->offsets);
  s_free (s, s->arena_raw);
  if (s->scratch_raw)
    for (int i = 0; i < s->threads; i++)
      s_free (s, s->scratch_raw[i]);
  s_free (s, s->scratch_raw);
  s_free (s, s->scratch);
  if (s->guard)
    for (size_t i = 0; i < (size_t) s->plan.n_blocks * (size_t) s->threads * 3;
         i++)
      s_free (s, s->guard[i]);
  s_free (s, s->guard);
  mnv_fusion_plan_clear (&s->plan, &s->a);
  mnv_pool_destroy (s->pool);
  s_free (s, s->profile);
  mnv_model_unref (s->model);
  mnv_allocator a = s->a;
  a.release (s, a.user);
}

/* Fusion unless the options turn it off, or every tensor must be kept. */
static int
wants_fusion (const mnv_session_options *o)
{
  return !(o && (o->no_fusion || o->keep_intermediates));
}

/* Plans the arena.  With fused blocks, up to four times: the blocks that
 * do not set the peak get wider bands (faster) within it, kept unless the
 * wider plan places worse; then residual blocks in place, kept only if
 * that lowers the peak (in place costs ~3% of MobileNetV2's time, for no
 * memory there: its peak is the first block). */
static mnv_status
plan_memory (mnv_session *s, mnv_error *err)
{
  const mnv_model *m = s->model;
  mnv_status st = mnv_plan_arena (m, s->keep_all, &s->plan, s->threads, &s->a,
      s->offsets, &s->arena_bytes, err);
  if (st || s->plan.n_blocks == 0)
    return st;
  size_t *live = s_alloc (s, (size_t) s->plan.n_blocks * sizeof *live);
  if (!live)
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  mnv_plan_live_bytes (m, &s->plan, live);
  const size_t peak = s->arena_bytes;
  if (!s->fuse_band &&
      mnv_fusion_widen_bands (&s->plan, s->threads, live, peak)) {
    st = mnv_plan_arena (m, s->keep_all, &s->plan, s->threads, &s->a,
        s->offsets, &s->arena_bytes, err);
    if (!st && s->arena_bytes > peak) {
      mnv_fusion_narrow_bands (&s->plan);
      st = mnv_plan_arena (m, s->keep_all, &s->plan, s->threads, &s->a,
          s->offsets, &s->arena_bytes, err);
    }
  }
  const size_t before = s->arena_bytes;
  if (!st && mnv_fusion_set_in_place (&s->plan, 1)) {
    st = mnv_plan_arena (m, s->keep_all, &s->plan, s->threads, &s->a,
        s->offsets, &s->arena_bytes, err);
    if (!st && s->arena_bytes >= before && !s->fuse_in_place) {
      mnv_fusion_set_in_place (&s->plan, 0);
      st = mnv_plan_arena (m, s->keep_all, &s->plan, s->threads, &s->a,
          s->offsets, &s->arena_bytes, err);
    }
  }
  s_free (s, live);
  return st;
}

mnv_status
mnv_session_create (mnv_model *model, const mnv_session_options *options,
    mnv_session **out, mnv_error *err)
{
  static const mnv_allocator plain = { plain_alloc, plain_release, NULL };
  const mnv_allocator *a = options && options->allocator &&
          options->allocator->alloc && options->allocator->release ?
      options->allocator :
      &plain;
  mnv_session *s;
  mnv_status st;

  *out = NULL;
  if (!model)
    return mnv_set_error (err, MNV_ERR_ARGUMENT, "no model");
  if (!(s = a->alloc (sizeof *s, a->user)))
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  memset (s, 0, sizeof *s);
  s->a = *a;
  s->model = mnv_model_ref (model);
  s->k = mnv_kernels ();
  s->keep_all = options && options->keep_intermediates;
  s->fuse_band = options && options->fuse_band > 0 ? options->fuse_band : 0;
  s->fuse_in_place = options && options->fuse_in_place;
  const int fuse_guard = options && options->fuse_guard;

  int threads = options ? options->threads : 1;
  if (threads <= 0) {
    long cores = sysconf (_SC_NPROCESSORS_ONLN);
    threads = cores > 0 ? (int) cores : 1;
  }
  if (threads > 64)
    threads = 64;
  s->threads = threads;

  s->offsets = s_alloc (s,
      ((size_t) model->n_tensors + 1) * sizeof *s->offsets);
  s->outputs = s_alloc (s, (size_t) model->n_outputs * sizeof *s->outputs);
  if (!s->offsets || !s->outputs)
    goto nomem;
  if (wants_fusion (options) &&
      mnv_fusion_plan_build (model, threads, s->fuse_band, &s->a, &s->plan) !=
          MNV_OK)
    goto nomem;
  if ((st = plan_memory (s, err))) {
    mnv_session_destroy (s);
    return st;
  }
  if (!(s->arena = s_alloc_aligned (s, s->arena_bytes, &s->arena_raw))) {
    const size_t bytes = s->arena_bytes;
    mnv_session_destroy (s);
    return mnv_set_error (err, MNV_ERR_NOMEM,
        "cannot allocate the %zu-byte activation arena", bytes);
  }

  s->scratch = s_alloc (s, (size_t) threads * sizeof *s->scratch);
  s->scratch_raw = s_alloc (s, (size_t) threads * sizeof *s->scratch_raw);
  if (!s->scratch || !s->scratch_raw)
    goto nomem;
  for (int i = 0; i < threads; i++)
    if (!(s->scratch[i] = s_alloc_aligned (s, model->scratch_bytes,
              &s->scratch_raw[i])))
      goto nomem;
  if (fuse_guard && s->plan.n_blocks) {
    const size_t n = (size_t) s->plan.n_blocks * (size_t) threads * 3;
    if (!(s->guard = s_alloc (s, n * sizeof *s->guard)))
      goto nomem;
    for (size_t i = 0; i < n; i++) {
      const mnv_fused_block *b = &s->plan.blocks[i / 3 / (size_t) threads];
      if (!(s->guard[i] = s_alloc (s,
                mnv_fused_block_buffer_bytes (b, (int) (i % 3)))))
        goto nomem;
    }
  }
  if (options && options->profile &&
      !(s->profile = s_alloc (s, (size_t) model->n_nodes * sizeof *s->profile)))
    goto nomem;
  /* Only uint8 outputs need a copy of their own (converted from the int8
   * they are kept as); the others are read where the run left them (graph
   * outputs live in the arena to the end of the run): a 513x513 int64
   * class map is 2 MB not copied on every frame, nor kept twice. */
  for (int i = 0; i < model->n_outputs; i++) {
    const mnv_tensor_info *o = &model->tensors[model->outputs[i]].info;
    if (o->type == MNV_TYPE_UINT8 && !(s->outputs[i] = s_alloc (s, o->bytes)))
      goto nomem;
  }
  if (!(s->pool = mnv_pool_create (threads))) {
    mnv_session_destroy (s);
    return mnv_set_error (err, MNV_ERR_NOMEM, "cannot start %d threads",
        threads);
  }
  *out = s;
  return MNV_OK;

nomem:
  mnv_session_destroy (s);
  return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
}

mnv_status
mnv_session_set_input (mnv_session *s, int index, const void *data, size_t size,
    mnv_error *err)
{
  const mnv_model *m = s->model;
  if (index < 0 || index >= m->n_inputs)
    return mnv_set_error (err, MNV_ERR_ARGUMENT,
        "input %d does not exist (the model has %d)", index, m->n_inputs);
  const mnv_tensor *t = &m->tensors[m->inputs[index]];
  if (size != t->info.bytes || !data)
    return mnv_set_error (err, MNV_ERR_ARGUMENT,
        "input %d needs %zu bytes (%s) but %zu were given", index,
        t->info.bytes, mnv_type_name (t->info.type), size);
  copy_converted (s->arena + s->offsets[m->inputs[index]], data, size,
      t->info.type);
  return MNV_OK;
}

void *
mnv_session_input_buffer (mnv_session *s, int index, mnv_type *stored)
{
  const mnv_model *m = s->model;
  if (index < 0 || index >= m->n_inputs)
    return NULL;
  const int t = m->inputs[index];
  if (s->offsets[t] == SIZE_MAX)
    return NULL; /* a constant: not written */
  const mnv_type type = m->tensors[t].info.type;
  if (stored)
    *stored = type == MNV_TYPE_UINT8 ? MNV_TYPE_INT8 : type;
  return s->arena + s->offsets[t];
}

mnv_status
mnv_session_set_input_image (mnv_session *s, int index, mnv_image_prep *prep,
    const mnv_image *image, const mnv_rect *src, const mnv_rect *dst,
    const mnv_normalization *norm, mnv_error *err)
{
  mnv_tensor_info info;
  void *in = mnv_session_input_buffer (s, index, &info.type);
  if (!in)
    return mnv_set_error (err, MNV_ERR_ARGUMENT,
        "input %d does not exist or cannot be written", index);
  const mnv_type stored = info.type;
  mnv_model_input_info (s->model, index, &info);
  info.type = stored;
  return mnv_image_to_input_pool (prep, s->pool, image, src, dst, &info, norm,
      in, err);
}

static uint64_t
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

mnv_status
mnv_session_run (mnv_session *s, mnv_error *err)
{
  const mnv_model *m = s->model;
  mnv_exec x = { m, s->k, s->arena, s->offsets, s->pool, s->scratch, s->guard,
    s->plan.blocks, s->threads };

  (void) err;
  for (int i = 0; i < m->n_nodes;) {
    const int b = s->plan.n_blocks ? s->plan.block_of[i] : -1;
    uint64_t t0 = s->profile ? now_ns () : 0;
    if (b >= 0)
      mnv_fused_block_run (&x, &s->plan.blocks[b]);
    else
      m->nodes[i].def->run (&x, &m->nodes[i]);
    /* A fused block's time is counted on its first operator. */
    if (s->profile)
      s->profile[i] += now_ns () - t0;
    i = b >= 0 ? s->plan.blocks[b].last + 1 : i + 1;
  }
  for (int i = 0; i < m->n_outputs; i++)
    if (s->outputs[i])
      copy_converted (s->outputs[i], mnv_exec_tensor (&x, m->outputs[i]),
          m->tensors[m->outputs[i]].info.bytes, MNV_TYPE_UINT8);
  return MNV_OK;
}

const void *
mnv_session_output (mnv_session *s, int index, size_t *size)
{
  const mnv_model *m = s->model;
  if (index < 0 || index >= m->n_outputs)
    return NULL;
  if (size)
    *size = m->tensors[m->outputs[index]].info.bytes;
  if (s->outputs[index])
    return s->outputs[index];
  const int t = m->outputs[index];
  return s->offsets[t] == SIZE_MAX ? m->tensors[t].data :
                                     s->arena + s->offsets[t];
}

mnv_status
mnv_session_read_op_output (mnv_session *s, int op_index, void *dst,
    size_t size, mnv_error *err)
{
  const mnv_model *m = s->model;
  if (!s->keep_all)
    return mnv_set_error (err, MNV_ERR_ARGUMENT,
        "operator outputs are kept only by sessions created with "
        "keep_intermediates");
  if (op_index < 0 || op_index >= m->n_nodes)
    return mnv_set_error (err, MNV_ERR_ARGUMENT,
        "operator %d does not exist (the model has %d)", op_index, m->n_nodes);
  int t = m->nodes[op_index].outputs[0];
  const mnv_tensor *tt = &m->tensors[t];
  if (size != tt->info.bytes)
    return mnv_set_error (err, MNV_ERR_ARGUMENT,
        "operator %d output has %zu bytes, not %zu", op_index, tt->info.bytes,
        size);
  mnv_exec x = { m, s->k, s->arena, s->offsets, NULL, NULL };
  copy_converted (dst, mnv_exec_tensor (&x, t), size, tt->info.type);
  return MNV_OK;
}

int
mnv_session_threads (const mnv_session *s)
{
  return mnv_pool_threads (s->pool);
}

size_t
mnv_session_memory_bytes (const mnv_session *s)
{
  const mnv_model *m = s->model;
  size_t total = sizeof *s + s->arena_bytes +
      (size_t) s->threads * m->scratch_bytes +
      ((size_t) m->n_tensors + 1) * sizeof *s->offsets;
  for (int i = 0; i < m->n_outputs; i++)
    if (s->outputs[i])
      total += m->tensors[m->outputs[i]].info.bytes;
  if (s->guard)
    for (int b = 0; b < s->plan.n_blocks; b++)
      for (int k = 0; k < 3; k++)
        total += (size_t) s->threads *
            mnv_fused_block_buffer_bytes (&s->plan.blocks[b], k);
  return total;
}

size_t
mnv_session_arena_bytes (const mnv_session *s)
{
  return s->arena_bytes;
}

int
mnv_session_num_fused_blocks (const mnv_session *s)
{
  return s->plan.n_blocks;
}

int
mnv_session_fused_block (const mnv_session *s, int op_index, int *first,
    int *last, int *band, int *in_place)
{
  if (!s->plan.n_blocks || op_index < 0 || op_index >= s->model->n_nodes ||
      s->plan.block_of[op_index] < 0)
    return -1;
  const int b = s->plan.block_of[op_index];
  if (first)
    *first = s->plan.blocks[b].first;
  if (last)
    *last = s->plan.blocks[b].last;
  if (band)
    *band = s->plan.blocks[b].band;
  if (in_place)
    *in_place = s->plan.blocks[b].in_place;
  return b;
}

const uint64_t *
mnv_session_profile (const mnv_session *s)
{
  return s->profile;
}

void
mnv_session_profile_reset (mnv_session *s)
{
  if (s->profile)
    memset (s->profile, 0, (size_t) s->model->n_nodes * sizeof *s->profile);
}

const char *
mnv_isa_name (void)
{
  return mnv_kernels ()->isa_name;
}
