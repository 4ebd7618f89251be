/* What conv.c (preparation, dispatch) and conv_im2col.c (the GEMM's A
 * rows) share: a convolution's prepared parameters. */
#ifndef MNV_OPS_CONV_PRIV_H
#define MNV_OPS_CONV_PRIV_H

#include "../kernels/kernels.h"
#include "gemm.h"

typedef struct {
  mnv_conv_geom g;
  int batch;
  int depthwise;
  int quantized;
  const int16_t *wq;
  const float *wf;
  const void *bias;
  mnv_qs8_requant_params rq;
  mnv_f32_minmax_params mm;
  int use_gemm;
  mnv_gemm gemm;
  mnv_qs8_conv_ukernel *qs8_fn; /* direct kernels (ref conv, depthwise) */
  mnv_f32_conv_ukernel *f32_fn;
  const void *direct_weights; /* weights in the layout qs8_fn wants */
} conv_params;

/* A 1x1 window at stride 1 without padding: the GEMM's A is the input
 * itself (one pixel's channels per row).  The one predicate every path
 * asks. */
static inline int
mnv_conv_geom_is_pointwise (const mnv_conv_geom *g)
{
  return g->k_h == 1 && g->k_w == 1 && g->stride_h == 1 && g->stride_w == 1 &&
      g->pad_top == 0 && g->pad_left == 0;
}

/* Rows of A for the GEMM: one output pixel each, its window's inputs minus
 * the zero point (im2col); padding is zero. */
typedef struct {
  const mnv_conv_geom *g;
  const void *input;
  int32_t zp;
} fill_ctx;

/* The A fill of a GEMM convolution that is not read in place. */
mnv_gemm_fill_a mnv_conv_fill_for (const conv_params *p);

#endif
