/* Fused inverted-residual blocks: recognition and band execution (see
 * fuse.h). */
#include <stdlib.h>
#include <string.h>

#include "fuse.h"
#include "ops/conv.h"
#include "pool.h"
#include "tflite_schema.h"

#define ALIGN 64
/* Bytes of inner rows a band aims at: small enough that the expanded rows
 * and the depthwise band stay in L2 between the three steps, and that the
 * band buffers of the widest block stay a small part of the peak (for
 * MobileNetV2-224 the paper's 400 KiB budget leaves about 50 KiB above the
 * input and the first block's output).  Measured with mnv2 bench. */
#define BAND_BYTES (32 * 1024)
/* Each of several threads takes a range of at least this many output rows:
 * every range recomputes the expanded rows its window shares with the
 * previous range, which costs more than it saves on short ranges.  Smaller
 * blocks run op by op, each op split over the threads. */
#define MIN_ROWS_PER_TASK 8

static size_t
align_up (size_t n)
{
  return (n + ALIGN - 1) / ALIGN * ALIGN;
}

/* Input slot of node N that reads tensor T, or -1. */
static int
reads (const mnv_node *n, int t)
{
  for (int i = 0; i < n->n_inputs; i++)
    if (n->inputs[i] == t)
      return i;
  return -1;
}

/* Whether tensor T is written by one op and read by exactly one op, once,
 * and is not a graph output: it may then live only inside a block. */
static int
private_tensor (const mnv_model *m, const int *readers, int t)
{
  return t >= 0 && !m->tensors[t].is_output && !m->tensors[t].is_input &&
      readers[t] == 1;
}

static int
is_conv (const mnv_node *n, int builtin)
{
  return n->builtin == builtin && n->params != NULL && n->n_outputs == 1;
}

static size_t
row_bytes (const mnv_tensor *t)
{
  return t->info.dims[1] > 0 ? t->info.bytes / (size_t) t->info.dims[1] : 0;
}

/* Fills B when nodes I.. form a block; 0 when they do not.  BAND > 0 forces
 * the band height (tests: MNV2_FUSE_BAND). */
static int
match_block (const mnv_model *m, const int *readers, int i, int threads,
    int band, mnv_fused_block *b)
{
  if (i + 2 >= m->n_nodes)
    return 0;
  const mnv_node *pr = &m->nodes[i], *dw = &m->nodes[i + 1],
      *pj = &m->nodes[i + 2];
  if (!is_conv (pr, TFL_OP_CONV_2D) || !is_conv (dw, TFL_OP_DEPTHWISE_CONV_2D)
      || !is_conv (pj, TFL_OP_CONV_2D) || !mnv_conv_is_pointwise (pj))
    return 0;
  const int x = pr->inputs[0], e = pr->outputs[0], d = dw->outputs[0],
      y = pj->outputs[0];
  if (dw->inputs[0] != e || pj->inputs[0] != d ||
      !private_tensor (m, readers, e) || !private_tensor (m, readers, d))
    return 0;
  int batch[3];
  const mnv_conv_geom *gp = mnv_conv_geometry (pr, &batch[0]);
  const mnv_conv_geom *gd = mnv_conv_geometry (dw, &batch[1]);
  mnv_conv_geometry (pj, &batch[2]);
  if (batch[0] != 1 || batch[1] != 1 || batch[2] != 1 ||
      gd->depth_multiplier != 1 || gd->in_h != gp->out_h)
    return 0;

  memset (b, 0, sizeof *b);
  b->first = b->producer = i;
  b->dw = i + 1;
  b->last = b->project = i + 2;
  b->add = -1;
  b->in_t = x;
  b->out_t = y;
  /* The residual ADD of the block's input, when it follows. */
  if (i + 3 < m->n_nodes && m->nodes[i + 3].builtin == TFL_OP_ADD &&
      m->nodes[i + 3].params && m->nodes[i + 3].n_inputs == 2 &&
      private_tensor (m, readers, y)) {
    const mnv_node *ad = &m->nodes[i + 3];
    if (reads (ad, y) >= 0 && reads (ad, x) >= 0 &&
        m->tensors[ad->outputs[0]].info.bytes == m->tensors[y].info.bytes &&
        m->tensors[x].info.bytes == m->tensors[y].info.bytes) {
      b->last = b->add = i + 3;
      b->out_t = ad->outputs[0];
    }
  }

  b->rows = gd->out_h;
  b->tasks = threads;
  if (threads > 1 && b->rows < MIN_ROWS_PER_TASK * threads)
    return 0;
  b->exp_row = row_bytes (&m->tensors[e]);
  b->dw_row = row_bytes (&m->tensors[d]);
  b->out_row = row_bytes (&m->tensors[b->out_t]);
  const int per_task = (b->rows + b->tasks - 1) / b->tasks;
  const size_t per_row = (size_t) gd->stride_h * b->exp_row + b->dw_row;
  b->band = per_row ? (int) (BAND_BYTES / per_row) : 1;
  if (b->band < 1)
    b->band = 1;
  if (band > 0)
    b->band = band;
  if (b->band > per_task)
    b->band = per_task;
  b->exp_rows = (b->band - 1) * gd->stride_h + (gd->k_h - 1) * gd->dil_h + 1;
  if (b->exp_rows > gd->in_h)
    b->exp_rows = gd->in_h;
  b->ws_bytes = align_up ((size_t) b->exp_rows * b->exp_row) +
      align_up ((size_t) b->band * b->dw_row);
  return 1;
}

mnv_status
mnv_fusion_plan_build (const mnv_model *m, int threads,
    const mnv_allocator *a, mnv_fusion_plan *plan)
{
  memset (plan, 0, sizeof *plan);
  /* Tests sweep band heights with it: 1 row, 2, 3... */
  const char *env = getenv ("MNV2_FUSE_BAND");
  const int band = env ? atoi (env) : 0;
  int *readers = a->alloc (((size_t) m->n_tensors + 1) * sizeof *readers,
      a->user);
  plan->block_of = a->alloc (((size_t) m->n_nodes + 1) *
      sizeof *plan->block_of, a->user);
  plan->inner = a->alloc ((size_t) m->n_tensors + 1, a->user);
  /* At most one block per three nodes. */
  plan->blocks = a->alloc (((size_t) m->n_nodes / 3 + 1) *
      sizeof *plan->blocks, a->user);
  if (!readers || !plan->block_of || !plan->inner || !plan->blocks) {
    if (readers)
      a->release (readers, a->user);
    mnv_fusion_plan_clear (plan, a);
    return MNV_ERR_NOMEM;
  }
  memset (readers, 0, ((size_t) m->n_tensors + 1) * sizeof *readers);
  memset (plan->inner, 0, (size_t) m->n_tensors + 1);
  for (int i = 0; i < m->n_nodes; i++) {
    plan->block_of[i] = -1;
    for (int j = 0; j < m->nodes[i].n_inputs; j++)
      if (m->nodes[i].inputs[j] >= 0)
        readers[m->nodes[i].inputs[j]]++;
  }
  for (int i = 0; i < m->n_nodes;) {
    mnv_fused_block *b = &plan->blocks[plan->n_blocks];
    if (!match_block (m, readers, i, threads, band, b)) {
      i++;
      continue;
    }
    for (int k = b->first; k <= b->last; k++) {
      plan->block_of[k] = plan->n_blocks;
      if (k < b->last)
        plan->inner[m->nodes[k].outputs[0]] = 1;
    }
    plan->n_blocks++;
    i = b->last + 1;
  }
  a->release (readers, a->user);
  return MNV_OK;
}

void
mnv_fusion_plan_clear (mnv_fusion_plan *plan, const mnv_allocator *a)
{
  if (plan->blocks)
    a->release (plan->blocks, a->user);
  if (plan->block_of)
    a->release (plan->block_of, a->user);
  if (plan->inner)
    a->release (plan->inner, a->user);
  memset (plan, 0, sizeof *plan);
}

typedef struct {
  mnv_exec *x;
  const mnv_fused_block *b;
  int rows_per_task;
} fused_job;

/* Output rows [task * rows_per_task, ...) band by band: compute the
 * expanded rows the band's depthwise windows reach that the sliding buffer
 * does not hold yet, the depthwise band, its projection straight into the
 * output, then the residual add there. */
static void
fused_task (void *ctx, int task, int thread)
{
  const fused_job *j = ctx;
  const mnv_fused_block *b = j->b;
  mnv_exec *x = j->x;
  const mnv_model *m = x->model;
  const mnv_node *pr = &m->nodes[b->producer], *dw = &m->nodes[b->dw],
      *pj = &m->nodes[b->project];
  const mnv_conv_geom *gp = mnv_conv_geometry (pr, NULL);
  const mnv_conv_geom *gd = mnv_conv_geometry (dw, NULL);
  const uint8_t *in = mnv_exec_tensor (x, b->in_t);
  uint8_t *out = mnv_exec_tensor (x, b->out_t);
  uint8_t *exp = x->arena + b->ws_offset + (size_t) thread * b->ws_bytes;
  uint8_t *dwb = exp + align_up ((size_t) b->exp_rows * b->exp_row);
  const int y_begin = task * j->rows_per_task;
  const int y_end = y_begin + j->rows_per_task < b->rows ?
      y_begin + j->rows_per_task : b->rows;
  int held_lo = 0, held_hi = 0;         /* expanded rows in the buffer */

  for (int oy0 = y_begin; oy0 < y_end; oy0 += b->band) {
    const int oy1 = oy0 + b->band < y_end ? oy0 + b->band : y_end;
    int lo, hi;
    mnv_conv_input_rows (gd, oy0, oy1, &lo, &hi);
    int from = lo;
    if (lo >= held_lo && lo < held_hi) {
      /* Slide: the rows this band shares with the last one move to the
       * front (a few rows; cheaper than computing them again). */
      memmove (exp, exp + (size_t) (lo - held_lo) * b->exp_row,
          (size_t) (held_hi - lo) * b->exp_row);
      from = held_hi;
    }
    if (hi > from)
      mnv_conv_rows (x, pr, thread, in, 0, gp->in_h,
          exp + (size_t) (from - lo) * b->exp_row, from, hi);
    held_lo = lo;
    held_hi = hi > from ? hi : from;
    mnv_conv_rows (x, dw, thread, exp, lo, hi - lo, dwb, oy0, oy1);
    uint8_t *o = out + (size_t) oy0 * b->out_row;
    mnv_conv_rows (x, pj, thread, dwb, oy0, oy1 - oy0, o, oy0, oy1);
    if (b->add >= 0) {
      const mnv_node *ad = &m->nodes[b->add];
      const uint8_t *res = in + (size_t) oy0 * b->out_row;
      const size_t count = (size_t) (oy1 - oy0) * b->out_row /
          (m->tensors[b->out_t].info.type == MNV_TYPE_FLOAT32 ? 4 : 1);
      if (ad->inputs[0] == b->in_t)
        mnv_add_elements (x, ad, res, o, o, count);
      else
        mnv_add_elements (x, ad, o, res, o, count);
    }
  }
}

void
mnv_fused_block_run (mnv_exec *x, const mnv_fused_block *b)
{
  fused_job j = { x, b, (b->rows + b->tasks - 1) / b->tasks };
  mnv_pool_run (x->pool, fused_task, &j,
      (b->rows + j.rows_per_task - 1) / j.rows_per_task);
}
