/* Activation arena planning by tensor lifetime.
 *
 * A tensor lives from the op that writes it (or the start, for graph
 * inputs) to the last op that reads it (or the end, for graph outputs).
 * Tensors are placed largest first at the lowest offset that does not
 * overlap any placed tensor whose lifetime intersects its own. */
#include <stdlib.h>

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

mnv_status
mnv_plan_arena (const mnv_model *m, int keep_all, size_t *offsets,
    size_t *total, mnv_error *err)
{
  span *spans = malloc (((size_t) m->n_tensors + 1) * sizeof *spans);
  int n = 0;
  size_t top = 0;

  if (!spans)
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  for (int t = 0; t < m->n_tensors; t++) {
    const mnv_tensor *tt = &m->tensors[t];
    offsets[t] = SIZE_MAX;
    if (tt->data || (tt->producer < 0 && !tt->is_input))
      continue;                 /* constants and unused tensors */
    span s = { t, tt->is_input ? -1 : tt->producer,
      tt->is_output || keep_all ? m->n_nodes : tt->last_reader,
      (tt->info.bytes + ALIGN - 1) / ALIGN * ALIGN };
    if (s.end < s.begin)
      s.end = s.begin;          /* written but never read */
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
        size_t o_at = offsets[o->t];
        if (o->end < spans[i].begin || spans[i].end < o->begin)
          continue;
        if (at < o_at + o->size && o_at < at + spans[i].size) {
          at = o_at + o->size;
          moved = 1;
        }
      }
    }
    offsets[spans[i].t] = at;
    if (at + spans[i].size > top)
      top = at + spans[i].size;
    if (top > m->max_bytes) {
      free (spans);
      return mnv_set_error (err, MNV_ERR_LIMIT,
          "activations need more than the %zu-byte limit", m->max_bytes);
    }
  }
  free (spans);
  *total = top;
  return MNV_OK;
}
