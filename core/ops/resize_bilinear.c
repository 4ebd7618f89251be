/* RESIZE_BILINEAR (align_corners, half_pixel_centers or neither).
 * Quantized: 11-bit fixed-point weights exactly as the reference runtime
 * (ARITHMETIC.md, kernels/resize); input and output share their
 * quantization.  Float: the same coordinates, float weights. */
#include <math.h>
#include <string.h>

#include "../tflite_schema.h"
#include "bands.h"
#include "op_util.h"

typedef struct {
  int i0, i1;
  int32_t a; /* weight of i1, out of 2048 */
  float af;  /* the same as a float fraction */
} axis_tap;

typedef struct {
  int batch, in_h, in_w, c, out_h, out_w;
  int quantized;
  axis_tap *ty, *tx;
} resize_params;

static void
plan_axis (axis_tap *t, int n_out, int n_in, int align_corners, int half_pixel)
{
  const int adj = align_corners && n_out != 1;
  const float scale = (float) (n_in - adj) / (float) (n_out - adj);
  const float off = 0.5f * scale - 0.5f;
  for (int o = 0; o < n_out; o++) {
    float v;
    if (!align_corners && half_pixel) {
      v = (float) o * scale + off;
      v = v < 0.0f ? 0.0f : v;
    } else {
      v = (float) o * scale;
    }
    if (v > (float) (n_in - 1))
      v = (float) (n_in - 1);
    t[o].i0 = (int) v;
    t[o].i1 = t[o].i0 + 1 < n_in ? t[o].i0 + 1 : n_in - 1;
    t[o].af = v - (float) t[o].i0;
    t[o].a = (int32_t) lrintf (t[o].af * 2048.0f);
  }
}

static mnv_status
resize_prepare (mnv_model *m, mnv_node *n, mnv_error *err)
{
  mnv_status st;
  resize_params *p;

  if ((st = op_check_arity (n, 2, 2, 1, err)) ||
      (st = op_check_activation_input (m, n, 0, err)))
    return st;
  mnv_tensor *x = op_in (m, n, 0), *size = op_in (m, n, 1),
             *y = op_out (m, n, 0);
  if (x->info.rank != 4 || y->info.rank != 4 ||
      x->info.dims[0] != y->info.dims[0] ||
      x->info.dims[3] != y->info.dims[3] || x->info.type != y->info.type)
    return op_error (err, n, MNV_ERR_FORMAT,
        "input and output must be 4-D of the same type, batch and channels");
  if (size->info.type != MNV_TYPE_INT32 || size->info.bytes != 8)
    return op_error (err, n, MNV_ERR_FORMAT, "size must be 2 INT32 values");
  if (size->data) {
    int32_t hw[2];
    memcpy (hw, size->data, 8);
    if (hw[0] != y->info.dims[1] || hw[1] != y->info.dims[2])
      return op_error (err, n, MNV_ERR_FORMAT,
          "size %dx%d does not match the output %dx%d", hw[1], hw[0],
          y->info.dims[2], y->info.dims[1]);
  }
  if (!(p = mnv_model_alloc (m, sizeof *p)))
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  p->batch = x->info.dims[0];
  p->in_h = x->info.dims[1];
  p->in_w = x->info.dims[2];
  p->c = x->info.dims[3];
  p->out_h = y->info.dims[1];
  p->out_w = y->info.dims[2];
  if (x->info.type != MNV_TYPE_FLOAT32) {
    if ((st = op_check_q8_per_tensor (n, x, "input", err)) ||
        (st = op_check_q8_per_tensor (n, y, "output", err)))
      return st;
    if (x->info.scale != y->info.scale ||
        x->info.zero_point != y->info.zero_point)
      return op_error (err, n, MNV_ERR_UNSUPPORTED,
          "input and output quantization differ");
    p->quantized = 1;
  }
  p->ty = mnv_model_alloc (m, (size_t) p->out_h * sizeof *p->ty);
  p->tx = mnv_model_alloc (m, (size_t) p->out_w * sizeof *p->tx);
  if (!p->ty || !p->tx)
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  plan_axis (p->ty, p->out_h, p->in_h, n->opt.align_corners,
      n->opt.half_pixel_centers);
  plan_axis (p->tx, p->out_w, p->in_w, n->opt.align_corners,
      n->opt.half_pixel_centers);
  n->params = p;
  return MNV_OK;
}

/* Output rows [OY0, OY1) of image B into OUT (row OY0 first). */
static void
resize_rows (mnv_exec *x, const mnv_node *n, int b, void *out, int oy0, int oy1)
{
  const resize_params *p = n->params;
  const size_t C = (size_t) p->c;
  const size_t in_img = (size_t) p->in_h * p->in_w * C;
  const int8_t *qin = mnv_exec_tensor (x, n->inputs[0]);
  const float *in = mnv_exec_tensor (x, n->inputs[0]);
  int8_t *qout = out;
  float *fout = out;

  for (int oy = oy0; oy < oy1; oy++) {
    const axis_tap *ty = &p->ty[oy];
    for (int ox = 0; ox < p->out_w; ox++) {
      const axis_tap *tx = &p->tx[ox];
      const size_t tl = b * in_img + ((size_t) ty->i0 * p->in_w + tx->i0) * C;
      const size_t tr = b * in_img + ((size_t) ty->i0 * p->in_w + tx->i1) * C;
      const size_t bl = b * in_img + ((size_t) ty->i1 * p->in_w + tx->i0) * C;
      const size_t br = b * in_img + ((size_t) ty->i1 * p->in_w + tx->i1) * C;
      const size_t o = ((size_t) (oy - oy0) * p->out_w + ox) * C;
      if (p->quantized) {
        x->k->qs8_resize (C, qin + tl, qin + tr, qin + bl, qin + br, tx->a,
            ty->a, qout + o);
      } else {
        for (size_t c = 0; c < C; c++) {
          const float top = in[tl + c] + (in[tr + c] - in[tl + c]) * tx->af;
          const float bot = in[bl + c] + (in[br + c] - in[bl + c]) * tx->af;
          fout[o + c] = top + (bot - top) * ty->af;
        }
      }
    }
  }
}

static void
resize_run (mnv_exec *x, const mnv_node *n)
{
  const resize_params *p = n->params;
  const size_t out_img = (size_t) p->out_h * p->out_w * p->c *
      (p->quantized ? 1 : 4);
  uint8_t *out = mnv_exec_tensor (x, n->outputs[0]);

  for (int b = 0; b < p->batch; b++)
    resize_rows (x, n, b, out + b * out_img, 0, p->out_h);
}

void
mnv_resize_rows (mnv_exec *x, const mnv_node *n, void *out, int oy0, int oy1)
{
  resize_rows (x, n, 0, out, oy0, oy1);
}

const mnv_op_def mnv_op_resize_bilinear = { TFL_OP_RESIZE_BILINEAR,
  "RESIZE_BILINEAR", resize_prepare, resize_run };
