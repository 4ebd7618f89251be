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
 * are placed like a tensor living for the block. */
#include <stdlib.h>
#include <string.h>

#include "fuse.h"
#include "model.h"

#define ALIGN 64

typedef struct {
  int t;
  int begin, end;               /* inclusive op indices */
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
    return 0;                   /* constants and unused tensors */
  if (plan && plan->inner[t])
    return 0;                   /* exists only as a fused block's bands */
  s->t = t;
  s->begin = tt->is_input ? -1 : tt->producer;
  s->end = tt->is_output || keep_all ? m->n_nodes : tt->last_reader;
  s->size = (tt->info.bytes + ALIGN - 1) / ALIGN * ALIGN;
  if (s->end < s->begin)
    s->end = s->begin;          /* written but never read */
  if (plan && s->begin >= 0 && plan->block_of[s->begin] >= 0)
    s->begin = plan->blocks[plan->block_of[s->begin]].first;
  if (plan && s->end >= 0 && s->end < m->n_nodes &&
      plan->block_of[s->end] >= 0)
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
mnv_plan_arena (const mnv_model *m, int keep_all,
    const mnv_fusion_plan *plan, int threads, const mnv_allocator *a,
    size_t *offsets, size_t *total, mnv_error *err)
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
      sizeof *spans, a->user);
  size_t *block_at = a->alloc (((size_t) n_blocks + 1) * sizeof *block_at,
      a->user);
  if (!spans || !block_at) {
    if (spans)
      a->release (spans, a->user);
    if (block_at)
      a->release (block_at, a->user);
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  }
  for (int t = 0; t < m->n_tensors; t++) {
    offsets[t] = SIZE_MAX;
    if (tensor_span (m, keep_all, plan, t, &spans[n]))
      n++;
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
      return mnv_set_error (err, MNV_ERR_LIMIT,
          "activations need more than the %zu-byte limit", m->max_bytes);
    }
  }
  for (int b = 0; b < n_blocks; b++)
    plan->blocks[b].ws_offset = block_at[b];
  a->release (spans, a->user);
  a->release (block_at, a->user);
  *total = top;
  return MNV_OK;
}
