/* What the fused-block planner (fuse.c) needs from the ops it fuses:
 * CONV_2D, DEPTHWISE_CONV_2D and ADD (their geometry, and a way to compute a
 * band of output rows on the calling thread from a band of input rows), and
 * RESIZE_BILINEAR and ARG_MAX (a band of rows each). */
#ifndef MNV_OPS_BANDS_H
#define MNV_OPS_BANDS_H

#include "../model.h"

/* Geometry of a prepared convolution node, and its batch size. */
const mnv_conv_geom *mnv_conv_geometry (const mnv_node *n, int *batch);
/* Whether the node is a 1x1 stride-1 unpadded convolution. */
int mnv_conv_is_pointwise (const mnv_node *n);

/* Computes output rows [OY0, OY1) of convolution N (batch 1) on the calling
 * thread THREAD, into OUT (row OY0 first, rows contiguous).  IN holds the
 * input rows [IN_ROW0, IN_ROW0 + IN_ROWS), which must include every row
 * inside the image that the band's windows reach.  The result is the same,
 * bit for bit, as those rows of a whole-tensor run. */
void mnv_conv_rows (mnv_exec *x, const mnv_node *n, int thread, const void *in,
    int in_row0, int in_rows, void *out, int oy0, int oy1);

/* Input rows [*LO, *HI) (clipped to the image) that output rows
 * [OY0, OY1) of a window with geometry G read. */
void mnv_conv_input_rows (const mnv_conv_geom *g, int oy0, int oy1, int *lo,
    int *hi);

/* ADD node N over COUNT elements: Y = A + B, with A and B the node's
 * inputs 0 and 1 (Y may be A or B). */
void mnv_add_elements (mnv_exec *x, const mnv_node *n, const void *a,
    const void *b, void *y, size_t count);

/* Output rows [OY0, OY1) of RESIZE_BILINEAR node N (image 0) into OUT. */
void mnv_resize_rows (mnv_exec *x, const mnv_node *n, void *out, int oy0,
    int oy1);
/* ARG_MAX node N over OUTER rows of IN (its input's layout) into OUT (its
 * output's type). */
void mnv_argmax_rows (mnv_exec *x, const mnv_node *n, const void *in, void *out,
    size_t outer);

#endif
