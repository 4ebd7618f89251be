/* Activation arena planning by tensor lifetime.
 *
 * A tensor lives from the op that writes it (or the start, for graph
 * inputs) to the last op that reads it (or the end, for graph outputs).
 * Tensors are placed largest first at the lowest offset that does not
 * overlap any placed tensor whose lifetime intersects its own.
 *
 * With a fusion plan, a fused block's operators count as one step: every
 * tensor the block reads or writes is live for all of it, the tensors that
 * live only inside it take no space, and its band buffers (one per thread)
 * are placed like a tensor living for the block.
 *
 * In place: an ADD's output takes the memory of an input the ADD is the
 * last to read (the kernels read both inputs at an index before writing
 * it), and so does a fused block's output its input when the block runs in
 * place (fuse.h); the shared range lives as long as either tensor. */
#include <stdlib.h>
#include <string.h>

#include "arena_plan.h"
#include "fuse.h"
#include "tflite_schema.h"

#define ALIGN 64

typedef struct {
  int t;
  int begin, end; /* inclusive op indices */
  size_t size;
} span;

static int
by_size_desc (const void *a, const void *b)
{
  const span *x = a, *y = b;
  if (x->size != y->size)
    return x->size < y->size ? 1 : -1;
  return x->t - y->t;
}

/* The lifetime of tensor T in S; 0 when it takes no arena space. */
static int
tensor_span (const mnv_model *m, int keep_all, const mnv_fusion_plan *plan,
    int t, span *s)
{
  const mnv_tensor *tt = &m->tensors[t];
  if (tt->data || (tt->producer < 0 && !tt->is_input))
    return 0; /* constants and unused tensors */
  if (plan && plan->inner[t])
    return 0; /* exists only as a fused block's bands */
  s->t = t;
  s->begin = tt->is_input ? -1 : tt->producer;
  s->end = tt->is_output || keep_all ? m->n_nodes : tt->last_reader;
  s->size = (tt->info.bytes + ALIGN - 1) / ALIGN * ALIGN;
  if (s->end < s->begin)
    s->end = s->begin; /* written but never read */
  if (plan && s->begin >= 0 && plan->block_of[s->begin] >= 0)
    s->begin = plan->blocks[plan->block_of[s->begin]].first;
  if (plan && s->end >= 0 && s->end < m->n_nodes && plan->block_of[s->end] >= 0)
    s->end = plan->blocks[plan->block_of[s->end]].last;
  return 1;
}

void
mnv_plan_live_bytes (const mnv_model *m, const mnv_fusion_plan *plan,
    size_t *live)
{
  for (int b = 0; b < plan->n_blocks; b++)
    live[b] = 0;
  for (int t = 0; t < m->n_tensors; t++) {
    span s;
    if (!tensor_span (m, 0, plan, t, &s))
      continue;
    for (int b = 0; b < plan->n_blocks; b++)
      if (s.begin <= plan->blocks[b].last && plan->blocks[b].first <= s.end)
        live[b] += s.size;
  }
}

static int
root_of (const int *shares, int t)
{
  while (shares[t] >= 0)
    t = shares[t];
  return t;
}

/* SHARES[t]: the tensor whose memory T takes, or -1. */
static void
find_shares (const mnv_model *m, int keep_all, const mnv_fusion_plan *plan,
    int *shares)
{
  for (int t = 0; t < m->n_tensors; t++)
    shares[t] = -1;
  if (keep_all)
    return;
  for (int i = 0; i < m->n_nodes; i++) {
    const mnv_node *nd = &m->nodes[i];
    const int b = plan ? plan->block_of[i] : -1;
    if (b >= 0) {
      const mnv_fused_block *fb = &plan->blocks[b];
      if (i == fb->first && fb->in_place)
        shares[fb->out_t] = root_of (shares, fb->in_t);
      continue;
    }
    if (nd->builtin != TFL_OP_ADD || !nd->params || nd->n_inputs != 2 ||
        nd->n_outputs != 1)
      continue;
    const int y = nd->outputs[0];
    for (int k = 0; k < 2; k++) {
      const int in = nd->inputs[k];
      if (in < 0 || in == nd->inputs[1 - k])
        continue;
      const mnv_tensor *ti = &m->tensors[in];
      if (ti->data || ti->is_input || ti->is_output || ti->last_reader != i ||
          ti->info.bytes != m->tensors[y].info.bytes)
        continue;
      shares[y] = root_of (shares, in);
      break;
    }
  }
}

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

mnv_status
mnv_plan_arena (const mnv_model *m, int keep_all, const mnv_fusion_plan *plan,
    int threads, const mnv_allocator *a, size_t *offsets, size_t *total,
    mnv_error *err)
{
  static const mnv_allocator plain = { plain_alloc, plain_release, NULL };
  if (plan && plan->n_blocks == 0)
    plan = NULL;
  const int n_blocks = plan ? plan->n_blocks : 0;
  int n = 0;
  size_t top = 0;

  if (!a)
    a = &plain;
  span *spans = a->alloc (((size_t) m->n_tensors + n_blocks + 1) *
          sizeof *spans,
      a->user);
  size_t *block_at = a->alloc (((size_t) n_blocks + 1) * sizeof *block_at,
      a->user);
  int *shares = a->alloc (((size_t) m->n_tensors + 1) * 2 * sizeof *shares,
      a->user);
  if (!spans || !block_at || !shares) {
    if (spans)
      a->release (spans, a->user);
    if (block_at)
      a->release (block_at, a->user);
    if (shares)
      a->release (shares, a->user);
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  }
  int *span_of = shares + m->n_tensors + 1;
  find_shares (m, keep_all, plan, shares);
  for (int t = 0; t < m->n_tensors; t++) {
    offsets[t] = SIZE_MAX;
    span_of[t] = -1;
    if (shares[t] < 0 && tensor_span (m, keep_all, plan, t, &spans[n]))
      span_of[t] = n++;
  }
  /* A tensor in another's memory keeps that range alive for its own
   * lifetime too (it comes later: its writer reads the other last). */
  for (int t = 0; t < m->n_tensors; t++) {
    span s;
    if (shares[t] < 0 || !tensor_span (m, keep_all, plan, t, &s))
      continue;
    span *r = &spans[span_of[root_of (shares, t)]];
    if (s.end > r->end)
      r->end = s.end;
  }
  for (int b = 0; b < n_blocks; b++) {
    const mnv_fused_block *fb = &plan->blocks[b];
    span s = { m->n_tensors + b, fb->first, fb->last,
      fb->ws_bytes * (size_t) threads };
    spans[n++] = s;
  }
  qsort (spans, (size_t) n, sizeof *spans, by_size_desc);

  for (int i = 0; i < n; i++) {
    size_t at = 0;
    /* Move past every conflicting placed span until none overlaps; with
     * at most a few hundred tensors the quadratic scan is cheap. */
    for (int moved = 1; moved;) {
      moved = 0;
      for (int j = 0; j < i; j++) {
        const span *o = &spans[j];
        size_t o_at = o->t < m->n_tensors ? offsets[o->t] :
                                            block_at[o->t - m->n_tensors];
        if (o->end < spans[i].begin || spans[i].end < o->begin)
          continue;
        if (at < o_at + o->size && o_at < at + spans[i].size) {
          at = o_at + o->size;
          moved = 1;
        }
      }
    }
    if (spans[i].t < m->n_tensors)
      offsets[spans[i].t] = at;
    else
      block_at[spans[i].t - m->n_tensors] = at;
    if (at + spans[i].size > top)
      top = at + spans[i].size;
    if (top > m->max_bytes) {
      a->release (spans, a->user);
      a->release (block_at, a->user);
      a->release (shares, a->user);
      return mnv_set_error (err, MNV_ERR_LIMIT,
          "activations need more than the %zu-byte limit", m->max_bytes);
    }
  }
  for (int b = 0; b < n_blocks; b++)
    plan->blocks[b].ws_offset = block_at[b];
  for (int t = 0; t < m->n_tensors; t++)
    if (shares[t] >= 0)
      offsets[t] = offsets[root_of (shares, t)];
  a->release (spans, a->user);
  a->release (block_at, a->user);
  a->release (shares, a->user);
  *total = top;
  return MNV_OK;
}
