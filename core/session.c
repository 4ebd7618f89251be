/* Sessions: one activation arena per session, ops run in model order.
 *
 * Quantized tensors are stored as int8 (uint8 ones with 128 subtracted, see
 * kernels/kernels.h); inputs and outputs are converted from and to their
 * declared type at the boundary, so callers only ever see declared bytes. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "model.h"
#include "pool.h"

#define ARENA_ALIGN 64

struct mnv_session {
  mnv_model *model;
  const mnv_kernel_table *k;
  uint8_t *arena;
  size_t arena_bytes;
  size_t *offsets;
  int keep_all;
  uint8_t **outputs;            /* declared-type copies of graph outputs */
  mnv_pool *pool;
  uint8_t **scratch;            /* per thread */
  uint64_t *profile;            /* ns per op, when profiling */
};

/* Copies N bytes between declared and stored form: uint8 differs from its
 * stored int8 by 128, which is flipping the top bit. */
static void
copy_converted (void *dst, const void *src, size_t n, mnv_type type)
{
  if (type != MNV_TYPE_UINT8) {
    memcpy (dst, src, n);
    return;
  }
  const uint8_t *s = src;
  uint8_t *d = dst;
  for (size_t i = 0; i < n; i++)
    d[i] = s[i] ^ 0x80;
}

void
mnv_session_destroy (mnv_session *s)
{
  if (!s)
    return;
  if (s->outputs)
    for (int i = 0; i < s->model->n_outputs; i++)
      free (s->outputs[i]);
  free (s->outputs);
  free (s->offsets);
  free (s->arena);
  if (s->scratch)
    for (int i = 0; s->pool && i < mnv_pool_threads (s->pool); i++)
      free (s->scratch[i]);
  free (s->scratch);
  mnv_pool_destroy (s->pool);
  free (s->profile);
  mnv_model_unref (s->model);
  free (s);
}

mnv_status
mnv_session_create (mnv_model *model, const mnv_session_options *options,
    mnv_session **out, mnv_error *err)
{
  mnv_session *s;
  mnv_status st;

  *out = NULL;
  if (!model)
    return mnv_set_error (err, MNV_ERR_ARGUMENT, "no model");
  if (!(s = calloc (1, sizeof *s)))
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  s->model = mnv_model_ref (model);
  s->k = mnv_kernels ();
  s->keep_all = options && options->keep_intermediates;
  s->offsets = malloc (((size_t) model->n_tensors + 1) * sizeof *s->offsets);
  s->outputs = calloc ((size_t) model->n_outputs, sizeof *s->outputs);
  if (!s->offsets || !s->outputs) {
    mnv_session_destroy (s);
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  }
  if ((st = mnv_plan_arena (model, s->keep_all, s->offsets, &s->arena_bytes,
              err))) {
    mnv_session_destroy (s);
    return st;
  }
  s->arena = aligned_alloc (ARENA_ALIGN, s->arena_bytes + ARENA_ALIGN);
  if (!s->arena) {
    mnv_session_destroy (s);
    return mnv_set_error (err, MNV_ERR_NOMEM,
        "cannot allocate the %zu-byte activation arena", s->arena_bytes);
  }
  memset (s->arena, 0, s->arena_bytes);

  int threads = options ? options->threads : 1;
  if (threads <= 0) {
    long cores = sysconf (_SC_NPROCESSORS_ONLN);
    threads = cores > 0 ? (int) cores : 1;
  }
  if (threads > 64)
    threads = 64;
  if (!(s->pool = mnv_pool_create (threads)) ||
      !(s->scratch = calloc ((size_t) threads, sizeof *s->scratch))) {
    mnv_session_destroy (s);
    return mnv_set_error (err, MNV_ERR_NOMEM, "cannot start %d threads",
        threads);
  }
  for (int i = 0; i < threads; i++) {
    s->scratch[i] = aligned_alloc (ARENA_ALIGN,
        (model->scratch_bytes + ARENA_ALIGN) / ARENA_ALIGN * ARENA_ALIGN);
    if (!s->scratch[i]) {
      mnv_session_destroy (s);
      return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
    }
  }
  if (options && options->profile &&
      !(s->profile = calloc ((size_t) model->n_nodes, sizeof *s->profile))) {
    mnv_session_destroy (s);
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  }
  for (int i = 0; i < model->n_outputs; i++) {
    size_t bytes = model->tensors[model->outputs[i]].info.bytes;
    if (!(s->outputs[i] = calloc (1, bytes ? bytes : 1))) {
      mnv_session_destroy (s);
      return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
    }
  }
  *out = s;
  return MNV_OK;
}

mnv_status
mnv_session_set_input (mnv_session *s, int index, const void *data,
    size_t size, mnv_error *err)
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
  mnv_exec x = { m, s->k, s->arena, s->offsets, s->pool, s->scratch };

  (void) err;
  if (s->profile) {
    for (int i = 0; i < m->n_nodes; i++) {
      uint64_t t0 = now_ns ();
      m->nodes[i].def->run (&x, &m->nodes[i]);
      s->profile[i] += now_ns () - t0;
    }
  } else {
    for (int i = 0; i < m->n_nodes; i++)
      m->nodes[i].def->run (&x, &m->nodes[i]);
  }
  for (int i = 0; i < m->n_outputs; i++) {
    const mnv_tensor *t = &m->tensors[m->outputs[i]];
    copy_converted (s->outputs[i], mnv_exec_tensor (&x, m->outputs[i]),
        t->info.bytes, t->info.type);
  }
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
  return s->outputs[index];
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
        "operator %d does not exist (the model has %d)", op_index,
        m->n_nodes);
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
