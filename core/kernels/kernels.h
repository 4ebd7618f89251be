/* Microkernel interfaces shared by every ISA variant.
 *
 * Kernels know only sizes, pointers and parameter structs: no tensors, no
 * model.  Quantized activations are always stored as int8 ("qs8"): uint8
 * tensors are kept with 128 subtracted (value and zero point alike), which
 * leaves every (x - zero_point) difference unchanged, so one integer kernel
 * serves both uint8 and int8 models.  The few ops whose reference formula is
 * not invariant under that shift take an `offset` (128 for uint8 tensors) and
 * work in the declared domain.
 *
 * Weights of CONV/DEPTHWISE/FC are packed at load time as int16 (w - zp_w),
 * which serves per-tensor uint8 and per-channel int8 weights alike.
 */
#ifndef MNV_KERNELS_H
#define MNV_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/* Geometry of a 2-D convolution or pooling window over one NHWC image. */
typedef struct {
  int in_h, in_w, in_c;
  int out_h, out_w, out_c;
  int k_h, k_w;
  int stride_h, stride_w;
  int dil_h, dil_w;
  int pad_top, pad_left;
  int depth_multiplier; /* depthwise only */
} mnv_conv_geom;

/* Requantization of int32 accumulators (ARITHMETIC.md):
 * out = clamp(lrintf((float)acc * scale[c]) + out_zp, out_min, out_max). */
typedef struct {
  int32_t in_zp;            /* stored (int8) domain */
  int32_t out_zp;           /* stored (int8) domain */
  int32_t out_min, out_max; /* stored domain, activation included */
  const float *scale;       /* one per output channel */
  int32_t row_mult;         /* int8 dot GEMM: times the sum of A's row */
} mnv_qs8_requant_params;

typedef struct {
  float out_min, out_max;
} mnv_f32_minmax_params;

/* ADD, XNNPACK form (ARITHMETIC.md). */
typedef struct {
  int32_t a_mult, b_mult;
  int64_t bias;
  int shift;
  int32_t out_zp;           /* stored domain */
  int32_t out_min, out_max; /* stored domain */
} mnv_qs8_add_params;

typedef struct {
  int32_t offset;           /* 128 for uint8 tensors, else 0 */
  int32_t out_min, out_max; /* stored domain */
} mnv_qs8_avgpool_params;

typedef struct {
  int32_t offset;           /* 128 for uint8 tensors, else 0 */
  float scale;              /* (s_in / s_out) * (1 / N) */
  float zp;                 /* zp_out - N * zp_in * scale (declared) */
  int32_t out_min, out_max; /* declared domain */
} mnv_qs8_mean_params;

typedef struct {
  const float *table; /* table[255 - d] = exp(-s * beta * d) */
  float out_scale;
  int32_t out_zp; /* declared domain */
  int out_uint8;  /* output declared uint8: rounding and range */
} mnv_qs8_softmax_params;

#define MNV_KERNEL_ARGS_QS8_CONV \
  const mnv_conv_geom *g, const int8_t *input, const int16_t *weights, \
      const int32_t *bias, int8_t *output, const mnv_qs8_requant_params *p, \
      int oy_begin, int oy_end
#define MNV_KERNEL_ARGS_F32_CONV \
  const mnv_conv_geom *g, const float *input, const float *weights, \
      const float *bias, float *output, const mnv_f32_minmax_params *p, \
      int oy_begin, int oy_end
/* GEMM on packed operands: C[mr x nc] = requant(bias + A . W).
 * A: MR rows of KC int16 values (x - zp_x, KC even, zero padded), A_STRIDE
 *    elements apart; rows >= mr are not read.
 * W: one block of NR output channels packed as [kc / 2][NR][2] int16
 *    (w - zp_w), channels >= the real count zero;
 * BIAS, SCALE: NR entries for the block.  C: int8 rows C_STRIDE bytes
 *    apart, nc <= NR columns stored.  P: out_zp/out_min/out_max. */
#define MNV_KERNEL_ARGS_QS8_GEMM \
  int mr, int nc, int kc, const int16_t *a, size_t a_stride, const int16_t *w, \
      const int32_t *bias, const float *scale, int8_t *c, size_t c_stride, \
      const mnv_qs8_requant_params *p
/* GEMM on int8 operands (dot-product instructions):
 * C[mr x nc] = requant(bias + A . W + P->row_mult * sum(A row)), exact in
 * int32 (wrapping).  A: MR rows of KC int8 values (the stored activations
 * themselves, KC a multiple of 4), A_STRIDE apart; W: one block of NR
 * channels as [kc / 4][NR][4] int8, each stored XOR MNV_DOT_W_FLIP.
 * ROWSUM: MR int32, the sums of each row's KC values (wrapping); when
 * ROWSUM_READY is 0 the kernel computes them and stores them there, so the
 * caller's further channel blocks of the same rows reuse them.  The zero
 * points are folded into BIAS and ROW_MULT when the weights are packed
 * (ops/gemm.c). */
#if defined(__x86_64__)
#define MNV_DOT_W_FLIP 0x80 /* vpdpbusd: weights as the unsigned operand */
#else
#define MNV_DOT_W_FLIP 0x00 /* SDOT: signed x signed */
#endif
#define MNV_KERNEL_ARGS_QS8_GEMM_DOT \
  int mr, int nc, int kc, const int8_t *a, size_t a_stride, const int8_t *w, \
      const int32_t *bias, const float *scale, int8_t *c, size_t c_stride, \
      const mnv_qs8_requant_params *p, int32_t *rowsum, int rowsum_ready
/* Float GEMM: C[mr x nc] = clamp(bias + A . W).  A: MR rows of KC floats,
 * A_STRIDE apart; W: one block of NR channels as [kc][NR] floats (channels
 * past the real count zero); BIAS: NR entries. */
#define MNV_KERNEL_ARGS_F32_GEMM \
  int mr, int nc, int kc, const float *a, size_t a_stride, const float *w, \
      const float *bias, float *c, size_t c_stride, \
      const mnv_f32_minmax_params *p
#define MNV_KERNEL_ARGS_QS8_FC \
  int rows, int k, int n, const int8_t *input, const int16_t *weights, \
      const int32_t *bias, int8_t *output, const mnv_qs8_requant_params *p
#define MNV_KERNEL_ARGS_F32_FC \
  int rows, int k, int n, const float *input, const float *weights, \
      const float *bias, float *output, const mnv_f32_minmax_params *p

/* Function types, one per kernel slot (declare kernels with them). */
typedef void mnv_qs8_conv_ukernel (MNV_KERNEL_ARGS_QS8_CONV);
typedef void mnv_f32_conv_ukernel (MNV_KERNEL_ARGS_F32_CONV);
typedef void mnv_qs8_dwconv_ukernel (MNV_KERNEL_ARGS_QS8_CONV);
typedef void mnv_f32_dwconv_ukernel (MNV_KERNEL_ARGS_F32_CONV);
typedef void mnv_qs8_fc_ukernel (MNV_KERNEL_ARGS_QS8_FC);
typedef void mnv_f32_fc_ukernel (MNV_KERNEL_ARGS_F32_FC);
typedef void mnv_qs8_vadd_ukernel (size_t n, const int8_t *a, const int8_t *b,
    int8_t *out, const mnv_qs8_add_params *p);
typedef void mnv_f32_vadd_ukernel (size_t n, const float *a, const float *b,
    float *out, const mnv_f32_minmax_params *p);
typedef void mnv_qs8_avgpool_ukernel (const mnv_conv_geom *g,
    const int8_t *input, int8_t *output, const mnv_qs8_avgpool_params *p);
typedef void mnv_f32_avgpool_ukernel (const mnv_conv_geom *g,
    const float *input, float *output, const mnv_f32_minmax_params *p);
/* MEAN over the middle axis of [outer, n, c]. */
typedef void mnv_qs8_mean_ukernel (int outer, int n, int c, const int8_t *input,
    int8_t *output, const mnv_qs8_mean_params *p);
typedef void mnv_f32_mean_ukernel (int outer, int n, int c, const float *input,
    float *output);
typedef void mnv_qs8_softmax_ukernel (int rows, int n, const int8_t *input,
    int8_t *output, const mnv_qs8_softmax_params *p);
typedef void mnv_f32_softmax_ukernel (int rows, int n, const float *input,
    float *output, float beta);
/* One output pixel of the quantized bilinear resize: C channels from the
 * four corner pixels, weights AX, AY out of 2048 (ARITHMETIC.md). */
typedef void mnv_qs8_resize_ukernel (size_t c, const int8_t *tl,
    const int8_t *tr, const int8_t *bl, const int8_t *br, int32_t ax,
    int32_t ay, int8_t *out);
/* Index of the first maximum of each of OUTER rows of N values, as int64
 * (OUT64) or int32. */
typedef void mnv_qs8_argmax_ukernel (size_t outer, int n, const int8_t *in,
    void *out, int out64);
typedef void mnv_qs8_gemm_ukernel (MNV_KERNEL_ARGS_QS8_GEMM);
typedef void mnv_qs8_gemm_dot_ukernel (MNV_KERNEL_ARGS_QS8_GEMM_DOT);
typedef void mnv_f32_gemm_ukernel (MNV_KERNEL_ARGS_F32_GEMM);
/* out[i] = in[i] - zp as int16, i < n. */
typedef void mnv_qs8_pack_ukernel (size_t n, const int8_t *in, int32_t zp,
    int16_t *out);

/* Frame pre-processing (core/image.c): the separable exact half-pixel
 * bilinear of ref/README.md.  Per output column: where its two source
 * samples are in a row (byte offsets: packed pixels or luma; chroma) and
 * their weights; the YUV -> RGB coefficients; the R, G, B byte offsets in
 * a packed pixel. */
typedef struct {
  const int32_t *a, *b;   /* packed pixel or luma offsets */
  const int32_t *ca, *cb; /* chroma offsets (YUV) */
  const int32_t *f, *g;   /* weights of b and of a (f + g = 2 n_out) */
  const int32_t *gf;      /* g | f << 16 (f + g < 2^15) */
  int32_t y_off, y_mul, rv, gu, gv, bu;
  int32_t off[3];  /* packed: R, G, B within a pixel */
  int interleaved; /* YUV: U and V alternate in one row (NV12) */
  /* Optional (NULL: kernels find them per row): the byte windows of YUV
   * rows, planned once per geometry by mnv_image_plan_windows. */
  const struct mnv_image_windows *win;
} mnv_image_row_params;

/* Where the taps of each group of MNV_IMAGE_GROUP output columns lie in a
 * row, for kernels that load a group's bytes at once and pick its
 * samples with a byte permute: one window of at most MNV_IMAGE_WINDOW
 * bytes from the group's first tap, or when the taps span more, one for
 * the group's first half of columns and one for the second.  Per column,
 * the pair (first, second) as offsets into its window: first | second <<
 * 16 (columns past N: 0). */
#define MNV_IMAGE_GROUP 16
#define MNV_IMAGE_WINDOW 128
typedef struct {
  int32_t base[2]; /* window starts (bytes in the row) */
  int32_t span[2]; /* window lengths; span[1] 0: one window; span[0] 0: the
                      taps do not fit, the kernel goes its own way */
} mnv_image_window;
typedef struct mnv_image_windows {
  const mnv_image_window *luma, *chroma;    /* per group */
  const int32_t *luma_pairs, *chroma_pairs; /* per column, groups padded */
} mnv_image_windows;
/* Bytes mnv_image_plan_windows needs for N columns. */
size_t mnv_image_windows_size (int n);
/* Plans the windows of P's luma (a, b) and chroma (ca, cb; NV12: each pair
 * also reads the V byte after its second U) for N columns into BUF (of
 * mnv_image_windows_size (n) bytes, 64-byte aligned), filling *W. */
void mnv_image_plan_windows (const mnv_image_row_params *p, int n, void *buf,
    mnv_image_windows *w);
/* Horizontal pass of one source row, columns [0, N): planar sums
 * H[c * N + i] = p_c(a[i]) * g[i] + p_c(b[i]) * f[i] with p the pixel's
 * R, G, B (YUV: converted with the integer coefficients first; U and V
 * at chroma offsets of U and V, which may be one interleaved row).
 * Columns [0, SAFE) may be read 4 bytes at a time at every offset (a SIMD
 * kernel gathers there, and does the rest one by one); b - a is 0 or 1
 * sample, cb - ca 0 or 1 chroma sample (a bilinear's two taps). */
typedef void mnv_image_hyuv_ukernel (const uint8_t *y, const uint8_t *u,
    const uint8_t *v, const mnv_image_row_params *p, int n, int safe,
    int32_t *h);
typedef void mnv_image_hpacked_ukernel (const uint8_t *row,
    const mnv_image_row_params *p, int n, int safe, int32_t *h);
/* Vertical pass: out[3 i + c] = floor((2 (top * wt + bot * wb) + d) / 2d)
 * for planar TOP, BOT (N per channel); needs 511 d < 2^31. */
typedef void mnv_image_vrow_ukernel (const int32_t *top, const int32_t *bot,
    int32_t wt, int32_t wb, int32_t d, int n, uint8_t *out);

#include "inventory.h"

/* Declarations of every kernel in the inventory. */
#define MNV_X(slot, fn, isa, mr, nr) mnv_##slot##_ukernel fn;
MNV_KERNEL_INVENTORY (MNV_X)
#undef MNV_X

/* The table the ops call through: per slot the function, its ISA level and
 * tile. */
typedef struct {
#define MNV_X(slot) \
  mnv_##slot##_ukernel *slot; \
  int slot##_isa, slot##_mr, slot##_nr;
  MNV_KERNEL_SLOTS (MNV_X)
#undef MNV_X
  const char *isa_name;
} mnv_kernel_table;

/* The table for the ISA chosen by MNV2_ISA and the CPU (thread-safe). */
const mnv_kernel_table *mnv_kernels (void);
/* The table for ISA level LEVEL (mnv_isa), capped to what the CPU runs;
 * for tests and benchmarks. */
const mnv_kernel_table *mnv_kernels_for_isa (int level);

/* Every inventory entry, for tests that compare variants to the oracle. */
typedef struct {
  const char *slot;
  const char *name;
  int isa; /* mnv_isa */
  int mr, nr;
  void (*fn) (void);
} mnv_kernel_entry;
const mnv_kernel_entry *mnv_kernel_inventory (size_t *count);

#endif /* MNV_KERNELS_H */
