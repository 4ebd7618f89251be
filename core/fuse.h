/* Fused inverted-residual blocks (MobileNetV2 paper, section 5).
 *
 * A convolution feeding a depthwise convolution feeding a pointwise
 * projection (optionally followed by the residual ADD of the block's input)
 * runs as one step over bands of output rows: the convolution's output (the
 * t-times expanded tensor) exists only as the few rows the depthwise window
 * needs, kept in a sliding buffer; the depthwise output only as one band.
 * Peak memory is then set by the thin tensors between blocks.  Results are
 * identical to running the ops one after the other (same kernels, same
 * arithmetic, only the rows are computed in a different order).
 *
 * The same band execution serves a segmentation head: a RESIZE_BILINEAR
 * read only by an ARG_MAX over channels (DeepLab's 513x513x21 logits exist
 * a band of rows at a time). */
#ifndef MNV_FUSE_H
#define MNV_FUSE_H

#include "model.h"

enum {
  MNV_FUSED_BLOCK = 0, /* conv > depthwise > pointwise [> add] */
  MNV_FUSED_HEAD       /* resize bilinear > argmax over channels */
};

typedef struct mnv_fused_block_s {
  int kind;
  int first, last;                /* node indices, consecutive */
  int producer, dw, project, add; /* node indices; add -1 when none;
                                         * a head: resize, -1, argmax, -1 */
  int in_t, out_t;                /* the block's input and output tensors */
  int rows;                       /* output rows (depthwise output height) */
  int out_w;                      /* pixels per output row */
  int win_stride, win_extent, win_limit; /* depthwise window rows */
  const mnv_conv_geom *dw_geom; /* the depthwise's (the model's), or NULL */
  int band;                     /* output rows per band */
  int band0;                    /* the band from the fixed budget */
  int max_band;                 /* rows of one task */
  int tasks;                    /* row ranges run side by side */
  size_t exp_row, dw_row;       /* bytes per row of the two inner tensors */
  size_t out_row;               /* bytes per row of the output (and input,
                                 * when there is a residual add) */
  int exp_rows;                 /* rows the expanded-row buffer holds */
  int can_in_place;             /* in_place would be correct */
  int in_place;                 /* the output takes the input's memory: the
                                 * projection goes to a band buffer first */
  size_t ws_bytes;              /* workspace per thread (aligned) */
  size_t ws_offset;             /* arena offset of thread 0's workspace */
} mnv_fused_block;

typedef struct mnv_fusion_plan {
  int n_blocks;
  mnv_fused_block *blocks;
  int *block_of;        /* per node: its block, or -1 */
  unsigned char *inner; /* per tensor: lives only inside a block */
} mnv_fusion_plan;

/* Finds the fusable blocks of M for a session of THREADS threads.  BAND >
 * 0 forces every block's band height (tests), else 0.  Fills PLAN (free
 * with mnv_fusion_plan_clear); a plan with no blocks when none is found.
 * MNV_ERR_NOMEM only. */
mnv_status mnv_fusion_plan_build (const mnv_model *m, int threads, int band,
    const mnv_allocator *a, mnv_fusion_plan *plan);
void mnv_fusion_plan_clear (mnv_fusion_plan *plan, const mnv_allocator *a);

/* Widens the bands of blocks that are not where the arena peaks: as long
 * as LIVE[b] (bytes of the tensors live while block b runs) plus its
 * buffers stay within PEAK, up to a band size the GEMMs run well on.
 * Returns whether any band changed (the arena must then be planned
 * again). */
int mnv_fusion_widen_bands (mnv_fusion_plan *plan, int threads,
    const size_t *live, size_t peak);
/* Turns in-place execution on (where correct) or off for every block;
 * returns whether anything changed (plan the arena again). */
int mnv_fusion_set_in_place (mnv_fusion_plan *plan, int on);
/* Back to the bands of the fixed budget. */
void mnv_fusion_narrow_bands (mnv_fusion_plan *plan);

/* Runs block B of the plan (every thread of the session's pool). */
/* Bytes of B's band buffer WHICH (0 expanded rows, 1 depthwise band,
 * 2 in-place projection) for one thread: what fuse_guard allocates. */
size_t mnv_fused_block_buffer_bytes (const mnv_fused_block *b, int which);
void mnv_fused_block_run (mnv_exec *x, const mnv_fused_block *b);

#endif
