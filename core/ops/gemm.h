/* Quantized convolutions and fully connected layers as GEMM:
 * C[M x N] = requant(bias + A[M x K] . W[K x N]), with A built from the
 * input rows (x - zp as int16; im2col for windows) in per-thread scratch,
 * W packed once for the chosen microkernel's NR. */
#ifndef MNV_OPS_GEMM_H
#define MNV_OPS_GEMM_H

#include "op_util.h"

typedef struct {
  int k, kpad, n, npad;
  int mr, nr, mc;               /* tile of the kernel, rows per task */
  mnv_qs8_gemm_ukernel *fn;
  mnv_qs8_pack_ukernel *pack;
  const int16_t *w;             /* [npad / nr][kpad / 2][nr][2] */
  const int32_t *bias;          /* npad */
  const float *scale;           /* npad */
  mnv_qs8_requant_params rq;    /* out_zp, out_min, out_max */
} mnv_gemm;

/* Packs plain centered weights W [N][K] (row n = output channel n), BIAS
 * (N or NULL) and SCALE (N) for the table's GEMM; reserves the scratch the
 * run needs. */
mnv_status mnv_gemm_prepare (mnv_model *m, const mnv_node *n,
    const mnv_kernel_table *k, const int16_t *w, const int32_t *bias,
    const float *scale, int N, int K, mnv_gemm *g, mnv_error *err);

/* Writes rows [m0, m1) of A (kpad int16 each, stride kpad) into DST. */
typedef void (*mnv_gemm_fill_a) (const void *ctx, const mnv_gemm *g, int m0,
    int m1, int16_t *dst);

/* Runs the GEMM for M rows on the session's threads; C row m at
 * c + m * c_stride. */
void mnv_gemm_run (mnv_exec *x, const mnv_gemm *g, int M,
    mnv_gemm_fill_a fill, const void *fill_ctx, int8_t *c, size_t c_stride);

#endif
