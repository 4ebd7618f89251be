/* Convolutions and fully connected layers as GEMM:
 * C[M x N] = requant(bias + A[M x K] . W[K x N]) (quantized, A = x - zp as
 * int16) or clamp(bias + A . W) (float), with A built from the input rows
 * (im2col for windows) in per-thread scratch and W packed once for the
 * chosen microkernel's NR. */
#ifndef MNV_OPS_GEMM_H
#define MNV_OPS_GEMM_H

#include "op_util.h"

typedef struct {
  int f32;              /* float GEMM, else quantized */
  int k, kpad, n, npad; /* kpad: row length of A (even for qs8) */
  int mr, nr, mc;       /* tile of the kernel, rows per task */
  mnv_qs8_gemm_ukernel *fn;
  int dot; /* int8 dot-product kernel, A read in place */
  mnv_qs8_gemm_dot_ukernel *dot_fn;
  mnv_f32_gemm_ukernel *f32_fn;
  mnv_qs8_pack_ukernel *pack;
  const void *w;             /* qs8: [npad/nr][kpad/2][nr][2] int16
                                 * (dot: [npad/nr][kpad/4][nr][4] int8 XOR
                                 * MNV_DOT_W_FLIP);
                                 * f32: [npad/nr][k][nr] float */
  const void *bias;          /* npad int32 or float */
  const float *scale;        /* npad (qs8) */
  mnv_qs8_requant_params rq; /* out_zp, out_min, out_max */
  mnv_f32_minmax_params mm;
} mnv_gemm;

/* Packs plain centered weights W [N][K] (row n = output channel n), BIAS
 * (N or NULL) and SCALE (N) for the table's GEMM; reserves the scratch the
 * run needs. */
mnv_status mnv_gemm_prepare (mnv_model *m, const mnv_kernel_table *k,
    const int16_t *w, const int32_t *bias, const float *scale, int N, int K,
    mnv_gemm *g, mnv_error *err);

/* For a convolution on a set with an int8 dot-product GEMM: packs W as
 * int8 shifted by one per-layer constant (8-bit weights span at most 255
 * values) and folds IN_ZP and that constant into the bias and
 * rq.row_mult, so the kernel reads stored int8 activations as they are.
 * IN_PLACE (pointwise): A is the input itself, so K must be a multiple of
 * 4; otherwise A rows are filled (im2col) with K rounded up to 4, the
 * extra columns zero in A and in W.  Returns 1 when prepared, 0 when it
 * does not apply (no such kernel, K, weights spanning more than 255), -1 on
 * error. */
int mnv_gemm_prepare_dot (mnv_model *m, const mnv_kernel_table *k,
    const int16_t *w, const int32_t *bias, const float *scale, int N, int K,
    int32_t in_zp, int in_place, mnv_gemm *g, mnv_error *err);

/* The same for float weights W [N][K] and BIAS (N or NULL). */
mnv_status mnv_gemm_prepare_f32 (mnv_model *m, const mnv_kernel_table *k,
    const float *w, const float *bias, int N, int K, mnv_gemm *g,
    mnv_error *err);

/* Writes rows [m0, m1) of A (kpad elements each, int16 or float) into
 * DST. */
typedef void (*mnv_gemm_fill_a) (const void *ctx, const mnv_gemm *g, int m0,
    int m1, void *dst);

/* Runs the GEMM for M rows on the session's threads; C row m at
 * c + m * c_stride elements.  FILL NULL: FILL_CTX is A itself (float rows of
 * kpad elements, e.g. the input of a 1x1 convolution). */
void mnv_gemm_run (mnv_exec *x, const mnv_gemm *g, int M, mnv_gemm_fill_a fill,
    const void *fill_ctx, void *c, size_t c_stride);

/* The same on the calling thread THREAD only (its scratch), for callers
 * that already split the work between threads. */
void mnv_gemm_run_serial (mnv_exec *x, const mnv_gemm *g, int thread, int M,
    mnv_gemm_fill_a fill, const void *fill_ctx, void *c, size_t c_stride);

#endif
