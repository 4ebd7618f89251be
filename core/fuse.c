/* Fused inverted-residual blocks: recognition and band execution (see
 * fuse.h). */
#include <stdlib.h>
#include <string.h>

#include "fuse.h"
#include "ops/bands.h"
#include "pool.h"
#include "tflite_schema.h"

#define ALIGN 64
/* Bytes of inner rows a band aims at: small enough that the expanded rows
 * and the depthwise band stay in L2 between the three steps, and that the
 * band buffers of the widest block stay a small part of the peak (for
 * MobileNetV2-224 the paper's 400 KiB budget leaves about 50 KiB above the
 * input and the first block's output).  Measured with mnv2 bench. */
#define BAND_BYTES (32 * 1024)
/* Row ranges per thread.  Each range recomputes the expanded rows its
 * window shares with the previous one, which costs more than the balance
 * that several ranges taken as threads finish buy: with one range per
 * thread, 2 threads, interleaved runs, medians: MobileNetV2 uint8 1.86 ->
 * 1.60 ms, float 2.70 -> 2.56, DeepLabv3-513 13.0 -> 12.3 (2 per thread
 * had measured 3% faster before the depthwise and GEMM kernels changed). */
#define TASKS_PER_THREAD 1
/* Output pixels per band the widening pass aims at: fewer, and each
 * weight loaded by the GEMMs serves too few rows (DeepLab's 33x33 blocks
 * one row per band: 15% slower than op by op; 256 pixels: 4% faster). */
#define MIN_BAND_PIXELS 256
/* Each of several threads takes a range of at least this many output rows
 * (each range recomputes the expanded rows its window shares with the
 * previous one).  Even MobileNetV2's 7x7 blocks gain from it on 2 threads:
 * one hand-off per block instead of one per op (median 2.09 ms with 8 rows
 * as the minimum, which left the 14x14 and 7x7 blocks op by op, 1.84 with
 * 3, 1.88 with 2 or 1). */
#define MIN_ROWS_PER_TASK 3

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

static int
same_shape (const mnv_tensor *a, const mnv_tensor *b)
{
  if (a->info.rank != b->info.rank || a->info.bytes != b->info.bytes)
    return 0;
  for (int i = 0; i < a->info.rank; i++)
    if (a->info.dims[i] != b->info.dims[i])
      return 0;
  return 1;
}

static size_t
row_bytes (const mnv_tensor *t)
{
  return t->info.dims[1] > 0 ? t->info.bytes / (size_t) t->info.dims[1] : 0;
}

/* Rows of the buffer before the last step for bands of BAND rows.  For an
 * inverted-residual block, the expanded-row buffer holds up to twice the
 * depthwise window, so that the rows a band shares with the next move to
 * the front only when it is full (at most one row moved per row computed,
 * usually far fewer; a dilated window of 9 rows moved every band cost
 * 15-20% of the block).  For a resize + argmax head, the band itself. */
static int
buffer_rows (const mnv_fused_block *b, int band)
{
  if (b->kind == MNV_FUSED_HEAD)
    return band;
  const int window = (band - 1) * b->win_stride + b->win_extent;
  /* Consecutive bands share OVERLAP rows and each adds STEP; of twice the
   * window, only OVERLAP plus whole steps is ever filled before a move
   * (MobileNetV2's stride-2 blocks: 5 rows, not 6, as often moved). */
  const int overlap = b->win_extent > b->win_stride ?
      b->win_extent - b->win_stride :
      0;
  const int step = band * b->win_stride;
  int rows = overlap + (2 * window - overlap) / step * step;
  /* A stride larger than the window (no overlap, a step over twice the
   * window) leaves no whole step: one band's window at least. */
  if (rows < window)
    rows = window;
  return rows > b->win_limit ? b->win_limit : rows;
}

/* Where one band's expanded rows go in a buffer of CAP rows that holds
 * expanded rows [*HELD_LO, *HELD_HI) from buffer row *BASE on: the band
 * reads rows [LO, HI).  Updates the three and fills S; 0 when the band
 * does not fit (the planner then does not fuse the block).  fused_task
 * runs exactly these steps; plan_fits checks them for every band first. */
typedef struct {
  int move_from, move_rows;   /* memmove these buffer rows to row 0 */
  int compute_lo, compute_at; /* compute rows [compute_lo, HI) there */
  int read_at;                /* buffer row of expanded row LO */
} band_step;

static int
band_step_plan (int *held_lo, int *held_hi, int *base, int lo, int hi, int cap,
    band_step *s)
{
  s->move_rows = 0;
  s->move_from = 0;
  if (hi <= lo || lo < 0)
    return 0;
  if (lo < *held_lo || lo >= *held_hi) {
    *held_lo = *held_hi = lo; /* nothing to reuse */
    *base = 0;
  } else if (*base + (hi - *held_lo) > cap) {
    /* Full: the rows still needed move to the front. */
    s->move_from = *base + lo - *held_lo;
    s->move_rows = *held_hi - lo;
    *base = 0;
    *held_lo = lo;
  }
  if (*base + (hi - *held_lo) > cap)
    return 0;
  s->compute_lo = hi > *held_hi ? *held_hi : hi;
  s->compute_at = *base + s->compute_lo - *held_lo;
  s->read_at = *base + lo - *held_lo;
  if (hi > *held_hi)
    *held_hi = hi;
  return 1;
}

/* Whether every band of every task of B fits its buffer (each window
 * inside the input, at least one row).  Planned heights always do; this
 * keeps a geometry nobody foresaw (a crafted model) from writing past the
 * buffer: such a block runs op by op instead. */
static int
plan_fits (const mnv_fused_block *b)
{
  const mnv_conv_geom *gd = b->dw_geom;
  if (b->kind == MNV_FUSED_HEAD)
    return 1; /* a band's rows into a buffer of a band */
  const int per_task = (b->rows + b->tasks - 1) / b->tasks;
  for (int y_begin = 0; y_begin < b->rows; y_begin += per_task) {
    const int y_end = y_begin + per_task < b->rows ? y_begin + per_task :
                                                     b->rows;
    int held_lo = 0, held_hi = 0, base = 0;
    for (int oy0 = y_begin; oy0 < y_end; oy0 += b->band) {
      const int oy1 = oy0 + b->band < y_end ? oy0 + b->band : y_end;
      int lo, hi;
      band_step s;
      mnv_conv_input_rows (gd, oy0, oy1, &lo, &hi);
      if (hi > b->win_limit ||
          !band_step_plan (&held_lo, &held_hi, &base, lo, hi, b->exp_rows, &s))
        return 0;
    }
  }
  return 1;
}

/* Bytes of one thread's buffers for bands of BAND rows. */
static size_t
block_bytes (const mnv_fused_block *b, int band)
{
  return align_up ((size_t) buffer_rows (b, band) * b->exp_row) +
      align_up ((size_t) band * b->dw_row) +
      (b->in_place ? align_up ((size_t) band * b->out_row) : 0);
}

static void
set_band (mnv_fused_block *b, int band)
{
  b->band = band > b->max_band ? b->max_band : band;
  b->exp_rows = buffer_rows (b, b->band);
  b->ws_bytes = block_bytes (b, b->band);
}

/* Row ranges and band of a matched block of B->rows rows of B->exp_row
 * bytes (and the other row sizes); 0 when it is too small to split over
 * THREADS. */
static int
plan_rows (mnv_fused_block *b, int threads, int band)
{
  b->tasks = threads;
  if (threads > 1 && b->rows < MIN_ROWS_PER_TASK * threads)
    return 0;
  if (threads > 1) {
    b->tasks = b->rows / MIN_ROWS_PER_TASK;
    if (b->tasks > TASKS_PER_THREAD * threads)
      b->tasks = TASKS_PER_THREAD * threads;
  }
  b->max_band = (b->rows + b->tasks - 1) / b->tasks;
  b->band = 1;
  if (band > 0) {
    b->band = band;
  } else {
    while (b->band < b->max_band && block_bytes (b, b->band + 1) <= BAND_BYTES)
      b->band++;
  }
  set_band (b, b->band);
  b->band0 = b->band;
  return 1;
}

/* Fills B when nodes I, I + 1 are a RESIZE_BILINEAR whose only reader is
 * an ARG_MAX over channels (DeepLab's head: the 513x513 logits then exist
 * only a band at a time); 0 when they are not. */
static int
match_head (const mnv_model *m, const int *readers, int i, int threads,
    int band, mnv_fused_block *b)
{
  if (i + 1 >= m->n_nodes)
    return 0;
  const mnv_node *rs = &m->nodes[i], *am = &m->nodes[i + 1];
  if (rs->builtin != TFL_OP_RESIZE_BILINEAR || !rs->params ||
      rs->n_outputs != 1 || am->builtin != TFL_OP_ARG_MAX || !am->params ||
      am->n_outputs != 1 || am->inputs[0] != rs->outputs[0] ||
      !private_tensor (m, readers, rs->outputs[0]))
    return 0;
  const mnv_tensor *r = &m->tensors[rs->outputs[0]];
  if (r->info.rank != 4 || r->info.dims[0] != 1 || r->info.dims[1] < 1 ||
      r->info.dims[2] < 1)
    return 0;
  memset (b, 0, sizeof *b);
  b->kind = MNV_FUSED_HEAD;
  b->first = b->producer = i;
  b->last = b->project = i + 1;
  b->dw = b->add = -1;
  b->in_t = rs->inputs[0];
  b->out_t = am->outputs[0];
  b->rows = r->info.dims[1];
  b->out_w = r->info.dims[2];
  b->exp_row = row_bytes (r);
  b->out_row = m->tensors[b->out_t].info.bytes / (size_t) b->rows;
  return plan_rows (b, threads, band);
}

/* Fills B when nodes I.. form a block; 0 when they do not.  BAND > 0 forces
 * the band height (tests: mnv_session_options.fuse_band). */
static int
match_block (const mnv_model *m, const int *readers, int i, int threads,
    int band, mnv_fused_block *b)
{
  if (i + 2 >= m->n_nodes)
    return 0;
  const mnv_node *pr = &m->nodes[i], *dw = &m->nodes[i + 1],
                 *pj = &m->nodes[i + 2];
  if (!is_conv (pr, TFL_OP_CONV_2D) ||
      !is_conv (dw, TFL_OP_DEPTHWISE_CONV_2D) ||
      !is_conv (pj, TFL_OP_CONV_2D) || !mnv_conv_is_pointwise (pj))
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
      gd->depth_multiplier != 1 || gd->in_h != gp->out_h || gd->in_h < 1 ||
      gd->out_h < 1 || gd->out_w < 1)
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
    /* Same shapes, not only sizes: the add's rows are the block's rows
     * (and in place, the input's). */
    if (reads (ad, y) >= 0 && reads (ad, x) >= 0 &&
        same_shape (&m->tensors[ad->outputs[0]], &m->tensors[y]) &&
        same_shape (&m->tensors[x], &m->tensors[y])) {
      b->last = b->add = i + 3;
      b->out_t = ad->outputs[0];
    }
  }

  b->rows = gd->out_h;
  b->out_w = gd->out_w;
  b->win_stride = gd->stride_h;
  b->win_extent = (gd->k_h - 1) * gd->dil_h + 1;
  b->win_limit = gd->in_h;
  b->exp_row = row_bytes (&m->tensors[e]);
  b->dw_row = row_bytes (&m->tensors[d]);
  b->out_row = row_bytes (&m->tensors[b->out_t]);
  b->dw_geom = gd;
  if (!plan_rows (b, threads, band) || !plan_fits (b))
    return 0;
  /* One row range: the output can overwrite the input in place, each band
   * after the rows it needs were read (the expansion is pointwise, so it
   * reads only rows at or below the ones it computes; the add reads the
   * band's own rows).  Several ranges would overwrite rows the next range
   * still expands. */
  const mnv_tensor *xt = &m->tensors[x];
  b->can_in_place = b->add >= 0 && b->tasks == 1 &&
      mnv_conv_is_pointwise (pr) && !xt->is_input && !xt->is_output &&
      xt->last_reader == b->add;
  return 1;
}

mnv_status
mnv_fusion_plan_build (const mnv_model *m, int threads, int band,
    const mnv_allocator *a, mnv_fusion_plan *plan)
{
  memset (plan, 0, sizeof *plan);
  int *readers = a->alloc (((size_t) m->n_tensors + 1) * sizeof *readers,
      a->user);
  plan->block_of = a->alloc (((size_t) m->n_nodes + 1) * sizeof *plan->block_of,
      a->user);
  plan->inner = a->alloc ((size_t) m->n_tensors + 1, a->user);
  /* At most one block per three nodes. */
  plan->blocks = a->alloc (((size_t) m->n_nodes / 3 + 1) * sizeof *plan->blocks,
      a->user);
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
    if (!match_block (m, readers, i, threads, band, b) &&
        !match_head (m, readers, i, threads, band, b)) {
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

int
mnv_fusion_widen_bands (mnv_fusion_plan *plan, int threads, const size_t *live,
    size_t peak)
{
  int changed = 0;
  for (int i = 0; i < plan->n_blocks; i++) {
    mnv_fused_block *b = &plan->blocks[i];
    int band = b->band;
    while (band < b->max_band && band * b->out_w < MIN_BAND_PIXELS &&
        live[i] + block_bytes (b, band + 1) * (size_t) threads <= peak)
      band++;
    if (band != b->band) {
      const int before = b->band;
      set_band (b, band);
      if (plan_fits (b))
        changed = 1;
      else
        set_band (b, before);
    }
  }
  return changed;
}

int
mnv_fusion_set_in_place (mnv_fusion_plan *plan, int on)
{
  int changed = 0;
  for (int i = 0; i < plan->n_blocks; i++) {
    mnv_fused_block *b = &plan->blocks[i];
    const int want = on && b->can_in_place;
    if (want != b->in_place) {
      b->in_place = want;
      set_band (b, b->band);
      changed = 1;
    }
  }
  return changed;
}

void
mnv_fusion_narrow_bands (mnv_fusion_plan *plan)
{
  for (int i = 0; i < plan->n_blocks; i++)
    set_band (&plan->blocks[i], plan->blocks[i].band0);
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

/* A head's rows [task * rows_per_task, ...): each band resized into the
 * buffer, then its argmax straight into the output. */
static void
head_task (const fused_job *j, int task, int thread)
{
  const mnv_fused_block *b = j->b;
  mnv_exec *x = j->x;
  const mnv_model *m = x->model;
  const mnv_node *rs = &m->nodes[b->producer], *am = &m->nodes[b->project];
  uint8_t *out = mnv_exec_tensor (x, b->out_t);
  uint8_t *buf = x->guard ?
      x->guard[((b - x->guard_blocks) * x->guard_threads + thread) * 3] :
      x->arena + b->ws_offset + (size_t) thread * b->ws_bytes;
  const int y_begin = task * j->rows_per_task;
  const int y_end = y_begin + j->rows_per_task < b->rows ?
      y_begin + j->rows_per_task :
      b->rows;

  for (int oy0 = y_begin; oy0 < y_end; oy0 += b->band) {
    const int oy1 = oy0 + b->band < y_end ? oy0 + b->band : y_end;
    mnv_resize_rows (x, rs, buf, oy0, oy1);
    mnv_argmax_rows (x, am, buf, out + (size_t) oy0 * b->out_row,
        (size_t) (oy1 - oy0) * (size_t) b->out_w);
  }
}

/* Output rows [task * rows_per_task, ...) band by band: compute the
 * expanded rows the band's depthwise windows reach that the buffer does not
 * hold yet, the depthwise band, its projection straight into the output,
 * then the residual add there. */
static void
fused_task (void *ctx, int task, int thread)
{
  const fused_job *j = ctx;
  const mnv_fused_block *b = j->b;
  if (b->kind == MNV_FUSED_HEAD) {
    head_task (j, task, thread);
    return;
  }
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
  uint8_t *tmp = dwb + align_up ((size_t) b->band * b->dw_row);
  if (x->guard) {
    uint8_t *const *g = x->guard +
        ((b - x->guard_blocks) * x->guard_threads + thread) * 3;
    exp = g[0];
    dwb = g[1];
    tmp = g[2];
  }
  const int y_begin = task * j->rows_per_task;
  const int y_end = y_begin + j->rows_per_task < b->rows ?
      y_begin + j->rows_per_task :
      b->rows;
  /* Buffer row BASE holds expanded row HELD_LO; rows up to HELD_HI. */
  int held_lo = 0, held_hi = 0, base = 0;

  for (int oy0 = y_begin; oy0 < y_end; oy0 += b->band) {
    const int oy1 = oy0 + b->band < y_end ? oy0 + b->band : y_end;
    int lo, hi;
    band_step s = { 0 };
    mnv_conv_input_rows (gd, oy0, oy1, &lo, &hi);
    /* plan_fits checked every band: this cannot fail. */
    band_step_plan (&held_lo, &held_hi, &base, lo, hi, b->exp_rows, &s);
    if (s.move_rows)
      memmove (exp, exp + (size_t) s.move_from * b->exp_row,
          (size_t) s.move_rows * b->exp_row);
    if (s.compute_lo < hi)
      mnv_conv_rows (x, pr, thread, in, 0, gp->in_h,
          exp + (size_t) s.compute_at * b->exp_row, s.compute_lo, hi);
    mnv_conv_rows (x, dw, thread, exp + (size_t) s.read_at * b->exp_row, lo,
        hi - lo, dwb, oy0, oy1);
    uint8_t *o = out + (size_t) oy0 * b->out_row;
    uint8_t *proj = b->in_place ? tmp : o;
    mnv_conv_rows (x, pj, thread, dwb, oy0, oy1 - oy0, proj, oy0, oy1);
    if (b->add >= 0) {
      const mnv_node *ad = &m->nodes[b->add];
      const uint8_t *res = in + (size_t) oy0 * b->out_row;
      const size_t count = (size_t) (oy1 - oy0) * b->out_row /
          (m->tensors[b->out_t].info.type == MNV_TYPE_FLOAT32 ? 4 : 1);
      if (ad->inputs[0] == b->in_t)
        mnv_add_elements (x, ad, res, proj, o, count);
      else
        mnv_add_elements (x, ad, proj, res, o, count);
    }
  }
}

size_t
mnv_fused_block_buffer_bytes (const mnv_fused_block *b, int which)
{
  if (b->kind == MNV_FUSED_HEAD)
    return which == 0 ? (size_t) b->band * b->exp_row : 0;
  switch (which) {
    case 0: return (size_t) b->exp_rows * b->exp_row;
    case 1: return (size_t) b->band * b->dw_row;
    default: return b->in_place ? (size_t) b->band * b->out_row : 0;
  }
}

void
mnv_fused_block_run (mnv_exec *x, const mnv_fused_block *b)
{
  fused_job j = { x, b, (b->rows + b->tasks - 1) / b->tasks };
  mnv_pool_run (x->pool, fused_task, &j,
      (b->rows + j.rows_per_task - 1) / j.rows_per_task);
}
