#include <string.h>

#include "../kernels/cpu.h"
#include "../pool.h"
#include "gemm.h"

/* A chunk of rows of A should stay in L2 next to a weight block. */
#define A_CHUNK_BYTES (96 * 1024)

/* Rows per task chunk, so a chunk of A stays in L2; reserves its scratch. */
static void
plan_rows (mnv_model *m, mnv_gemm *g, size_t elem)
{
  g->mc = (int) (A_CHUNK_BYTES / ((size_t) g->kpad * elem)) / g->mr * g->mr;
  if (g->mc < g->mr)
    g->mc = g->mr;
  if (g->mc > 256)
    g->mc = 256;
  /* 64 bytes of slack: im2col may write a vector past a row's end. */
  size_t scratch = (size_t) g->mc * g->kpad * elem + 64;
  if (scratch > m->scratch_bytes)
    m->scratch_bytes = scratch;
}

mnv_status
mnv_gemm_prepare (mnv_model *m, const mnv_kernel_table *k, const int16_t *w,
    const int32_t *bias, const float *scale, int N, int K, mnv_gemm *g,
    mnv_error *err)
{
  g->fn = k->qs8_gemm;
  g->pack = k->qs8_pack;
  g->mr = k->qs8_gemm_mr;
  g->nr = k->qs8_gemm_nr;
  g->k = K;
  g->kpad = (K + 1) & ~1;
  g->n = N;
  g->npad = (N + g->nr - 1) / g->nr * g->nr;
  plan_rows (m, g, 2);

  int16_t *pw = mnv_model_alloc (m, (size_t) g->npad * g->kpad * 2);
  int32_t *pb = mnv_model_alloc (m, (size_t) g->npad * 4);
  float *ps = mnv_model_alloc (m, (size_t) g->npad * 4);
  if (!pw || !pb || !ps)
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  for (int j = 0; j < N; j++) {
    const int blk = j / g->nr, lane = j % g->nr;
    for (int kk = 0; kk < K; kk++)
      pw[(((size_t) blk * (g->kpad / 2) + kk / 2) * g->nr + lane) * 2 +
          kk % 2] = w[(size_t) j * K + kk];
    pb[j] = bias ? bias[j] : 0;
    ps[j] = scale[j];
  }
  g->w = pw;
  g->bias = pb;
  g->scale = ps;
  m->weight_bytes += (size_t) g->npad * (g->kpad * 2 + 8);
  return MNV_OK;
}

int
mnv_gemm_prepare_dot (mnv_model *m, const mnv_kernel_table *k, const int16_t *w,
    const int32_t *bias, const float *scale, int N, int K, int32_t in_zp,
    int in_place, mnv_gemm *g, mnv_error *err)
{
  if (k->qs8_gemm_dot_isa == MNV_ISA_REF || (in_place && K % 4 != 0) || K <= 0)
    return 0;
  int32_t lo = w[0], hi = w[0];
  for (size_t i = 0; i < (size_t) N * K; i++) {
    lo = w[i] < lo ? w[i] : lo;
    hi = w[i] > hi ? w[i] : hi;
  }
  if (hi - lo > 255)
    return 0;
  /* w = w8 + d with w8 in [-128, 127]:
   * sum (x - zp) w = sum x w8 + d sum x - zp sum w8 - zp d K.  d = 0 when
   * the weights fit as they are (int8 per-channel models): no row sums. */
  const int32_t d = lo >= -128 && hi <= 127 ? 0 : lo + 128;
  g->dot = 1;
  g->dot_fn = k->qs8_gemm_dot;
  g->mr = k->qs8_gemm_dot_mr;
  g->nr = k->qs8_gemm_dot_nr;
  g->k = K;
  g->kpad = (K + 3) & ~3;
  g->n = N;
  g->npad = (N + g->nr - 1) / g->nr * g->nr;
  g->rq.row_mult = d;
  plan_rows (m, g, 1);

  /* Per block: [KPAD/4][NR][4] int8 (XOR MNV_DOT_W_FLIP).  The columns
   * past K are left as allocated (zeroed): A is zero there, so whatever
   * they hold adds nothing to the dot product nor to the row sum. */
  const size_t block = (size_t) g->kpad * g->nr;
  int8_t *pw = mnv_model_alloc (m, (size_t) (g->npad / g->nr) * block);
  int32_t *pb = mnv_model_alloc (m, (size_t) g->npad * 4);
  float *ps = mnv_model_alloc (m, (size_t) g->npad * 4);
  if (!pw || !pb || !ps) {
    mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
    return -1;
  }
  for (int j = 0; j < N; j++) {
    const int blk = j / g->nr, lane = j % g->nr;
    int8_t *bw = pw + (size_t) blk * block;
    uint32_t colsum = 0;
    for (int kk = 0; kk < K; kk++) {
      const int8_t v = (int8_t) (w[(size_t) j * K + kk] - d);
      bw[(((size_t) kk / 4) * g->nr + lane) * 4 + kk % 4] = (int8_t) (v ^
          MNV_DOT_W_FLIP);
      colsum += (uint32_t) (int32_t) v;
    }
    pb[j] = (int32_t) ((uint32_t) (bias ? bias[j] : 0) -
        (uint32_t) in_zp * colsum -
        (uint32_t) in_zp * (uint32_t) d * (uint32_t) K);
    ps[j] = scale[j];
  }
  g->w = pw;
  g->bias = pb;
  g->scale = ps;
  m->weight_bytes += (size_t) (g->npad / g->nr) * block + (size_t) g->npad * 8;
  return 1;
}

mnv_status
mnv_gemm_prepare_f32 (mnv_model *m, const mnv_kernel_table *k, const float *w,
    const float *bias, int N, int K, mnv_gemm *g, mnv_error *err)
{
  g->f32 = 1;
  g->f32_fn = k->f32_gemm;
  g->mr = k->f32_gemm_mr;
  g->nr = k->f32_gemm_nr;
  g->k = g->kpad = K;
  g->n = N;
  g->npad = (N + g->nr - 1) / g->nr * g->nr;
  plan_rows (m, g, 4);

  float *pw = mnv_model_alloc (m, (size_t) g->npad * K * 4);
  float *pb = mnv_model_alloc (m, (size_t) g->npad * 4);
  if (!pw || !pb)
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  for (int j = 0; j < N; j++) {
    for (int kk = 0; kk < K; kk++)
      pw[((size_t) (j / g->nr) * K + kk) * g->nr + j % g->nr] =
          w[(size_t) j * K + kk];
    pb[j] = bias ? bias[j] : 0.0f;
  }
  g->w = pw;
  g->bias = pb;
  m->weight_bytes += (size_t) g->npad * (K + 1) * 4;
  return MNV_OK;
}

typedef struct {
  mnv_exec *x;
  const mnv_gemm *g;
  int M, mc, m_chunks, n_splits, blocks_per_split;
  mnv_gemm_fill_a fill;
  const void *fill_ctx;
  void *c;
  size_t c_stride;
} gemm_job;

static void
gemm_task (void *ctx, int task, int thread)
{
  const gemm_job *j = ctx;
  const mnv_gemm *g = j->g;
  const int mi = task / j->n_splits, ni = task % j->n_splits;
  const int m0 = mi * j->mc, m1 = m0 + j->mc < j->M ? m0 + j->mc : j->M;
  const int nblocks = g->npad / g->nr;
  const int b0 = ni * j->blocks_per_split;
  const int b1 = b0 + j->blocks_per_split < nblocks ? b0 + j->blocks_per_split :
                                                      nblocks;
  const size_t esize = g->f32 ? 4 : g->dot ? 1 : 2;
  const void *a = j->x->scratch[thread];
  /* dot: the row sums of A, from the first channel block (mc <= 256) */
  int32_t rowsum[256];

  if (j->fill)
    j->fill (j->fill_ctx, g, m0, m1, j->x->scratch[thread]);
  else
    a = (const uint8_t *) j->fill_ctx + (size_t) m0 * g->kpad * esize;
  for (int b = b0; b < b1; b++) {
    const size_t w_off = (size_t) b * g->kpad * g->nr; /* elements */
    const int nc = g->n - b * g->nr < g->nr ? g->n - b * g->nr : g->nr;
    for (int r = m0; r < m1; r += g->mr) {
      const int mr = m1 - r < g->mr ? m1 - r : g->mr;
      const size_t a_off = (size_t) (r - m0) * g->kpad;
      const size_t c_off = (size_t) r * j->c_stride + (size_t) b * g->nr;
      if (g->dot)
        g->dot_fn (mr, nc, g->kpad, (const int8_t *) a + a_off, g->kpad,
            (const int8_t *) g->w + w_off,
            (const int32_t *) g->bias + b * g->nr, g->scale + b * g->nr,
            (int8_t *) j->c + c_off, j->c_stride, &g->rq, rowsum + (r - m0),
            b != b0);
      else if (g->f32)
        g->f32_fn (mr, nc, g->k, (const float *) a + a_off, g->kpad,
            (const float *) g->w + w_off, (const float *) g->bias + b * g->nr,
            (float *) j->c + c_off, j->c_stride, &g->mm);
      else
        g->fn (mr, nc, g->kpad, (const int16_t *) a + a_off, g->kpad,
            (const int16_t *) g->w + w_off,
            (const int32_t *) g->bias + b * g->nr, g->scale + b * g->nr,
            (int8_t *) j->c + c_off, j->c_stride, &g->rq);
    }
  }
}

void
mnv_gemm_run (mnv_exec *x, const mnv_gemm *g, int M, mnv_gemm_fill_a fill,
    const void *fill_ctx, void *c, size_t c_stride)
{
  const int threads = mnv_pool_threads (x->pool);
  const int nblocks = g->npad / g->nr;
  gemm_job j = { x, g, M, g->mc, (M + g->mc - 1) / g->mc, 1, nblocks, fill,
    fill_ctx, c, c_stride };
  /* Equal shares: as many chunks as a multiple of the threads, of equal
   * size (a multiple of MR, at most the scratch's mc). */
  if (threads > 1 && j.m_chunks >= threads) {
    int chunks = (j.m_chunks + threads - 1) / threads * threads;
    int mc = ((M + chunks - 1) / chunks + g->mr - 1) / g->mr * g->mr;
    if (mc <= g->mc) {
      j.mc = mc;
      j.m_chunks = (M + mc - 1) / mc;
    }
  }
  /* Few rows (late layers, fully connected): split the channels too, so
   * every thread has work. */
  if (threads > 1 && j.m_chunks < 2 * threads) {
    int want = (2 * threads + j.m_chunks - 1) / j.m_chunks;
    j.n_splits = want < nblocks ? want : nblocks;
    j.blocks_per_split = (nblocks + j.n_splits - 1) / j.n_splits;
    j.n_splits = (nblocks + j.blocks_per_split - 1) / j.blocks_per_split;
  }
  mnv_pool_run (x->pool, gemm_task, &j, j.m_chunks * j.n_splits);
}

void
mnv_gemm_run_serial (mnv_exec *x, const mnv_gemm *g, int thread, int M,
    mnv_gemm_fill_a fill, const void *fill_ctx, void *c, size_t c_stride)
{
  const int nblocks = g->npad / g->nr;
  gemm_job j = { x, g, M, g->mc, (M + g->mc - 1) / g->mc, 1, nblocks, fill,
    fill_ctx, c, c_stride };
  for (int t = 0; t < j.m_chunks; t++)
    gemm_task (&j, t, thread);
}
