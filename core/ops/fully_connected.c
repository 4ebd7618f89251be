/* FULLY_CONNECTED: input flattened to [rows, K], weights [N, K]; quantized
 * layers run as GEMM when the kernel set has a SIMD GEMM. */
#include "../kernels/cpu.h"
#include "../tflite_schema.h"
#include "gemm.h"
#include "op_util.h"

typedef struct {
  int rows, k, n;
  int quantized;
  const int16_t *wq;
  const float *wf;
  const void *bias;
  mnv_qs8_requant_params rq;
  mnv_f32_minmax_params mm;
  int use_gemm;
  mnv_gemm gemm;
} fc_params;

typedef struct {
  const int8_t *input;
  int32_t zp;
} fill_ctx;

static void
fc_fill_a (const void *ctx, const mnv_gemm *g, int m0, int m1, void *dst)
{
  const fill_ctx *f = ctx;
  for (int m = m0; m < m1; m++) {
    int16_t *row = (int16_t *) dst + (size_t) (m - m0) * g->kpad;
    g->pack ((size_t) g->k, f->input + (size_t) m * g->k, f->zp, row);
    if (g->kpad > g->k)
      row[g->k] = 0;
  }
}

static mnv_status
fc_prepare (mnv_model *m, mnv_node *n, mnv_error *err)
{
  mnv_status st;
  fc_params *p;

  if ((st = op_check_arity (n, 2, 3, 1, err)) ||
      (st = op_check_activation_input (m, n, 0, err)))
    return st;
  mnv_tensor *x = op_in (m, n, 0), *w = op_in (m, n, 1),
             *b = n->n_inputs > 2 ? op_in (m, n, 2) : NULL,
             *y = op_out (m, n, 0);
  if (w->info.rank != 2)
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "weights must be 2-D (found rank %d)", w->info.rank);
  if (!(p = mnv_model_alloc (m, sizeof *p)))
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  p->n = w->info.dims[0];
  p->k = w->info.dims[1];
  if (op_elements (x) % (size_t) p->k != 0)
    return op_error (err, n, MNV_ERR_FORMAT,
        "input of %zu values cannot be split into rows of %d", op_elements (x),
        p->k);
  p->rows = (int) (op_elements (x) / (size_t) p->k);
  if (op_elements (y) != (size_t) p->rows * (size_t) p->n)
    return op_error (err, n, MNV_ERR_FORMAT,
        "output holds %zu values, expected %d x %d", op_elements (y), p->rows,
        p->n);

  if (x->info.type == MNV_TYPE_FLOAT32 && y->info.type == MNV_TYPE_FLOAT32) {
    if ((st = op_f32_activation_range (n, n->opt.activation, &p->mm.out_min,
             &p->mm.out_max, err)) ||
        (st = op_pack_f32_weights (m, n, w, (float **) &p->wf, err)) ||
        (st = op_pack_bias (m, n, b, p->n, 0, (void **) &p->bias, err)))
      return st;
    const mnv_kernel_table *k = mnv_kernels ();
    if (k->f32_gemm_isa != MNV_ISA_REF) {
      p->use_gemm = 1;
      p->gemm.mm = p->mm;
      if ((st = mnv_gemm_prepare_f32 (m, k, p->wf, p->bias, p->n, p->k,
               &p->gemm, err)))
        return st;
    }
  } else {
    if ((st = op_check_q8_per_tensor (n, x, "input", err)) ||
        (st = op_check_q8_per_tensor (n, y, "output", err)))
      return st;
    if (w->n_scales > 1 && w->quant_dim != 0)
      return op_error (err, n, MNV_ERR_UNSUPPORTED,
          "weights are quantized along dimension %d, not the outputs",
          w->quant_dim);
    p->quantized = 1;
    p->rq.in_zp = q8_stored_zp (x);
    p->rq.out_zp = q8_stored_zp (y);
    if ((st = op_q8_activation_range (n, y, n->opt.activation, &p->rq.out_min,
             &p->rq.out_max, err)) ||
        (st = op_pack_q8_weights (m, n, w, (int16_t **) &p->wq, err)) ||
        (st = op_requant_scales (m, n, x, w, y, p->n, (float **) &p->rq.scale,
             err)) ||
        (st = op_pack_bias (m, n, b, p->n, 1, (void **) &p->bias, err)) ||
        (st = op_check_accumulation (n, p->k, p->bias, p->n, err)))
      return st;
    const mnv_kernel_table *k = mnv_kernels ();
    if (k->qs8_gemm_isa != MNV_ISA_REF) {
      p->use_gemm = 1;
      p->gemm.rq = p->rq;
      if ((st = mnv_gemm_prepare (m, k, p->wq, p->bias, p->rq.scale, p->n, p->k,
               &p->gemm, err)))
        return st;
    }
  }
  n->params = p;
  return MNV_OK;
}

static void
fc_run (mnv_exec *x, const mnv_node *n)
{
  const fc_params *p = n->params;
  void *in = mnv_exec_tensor (x, n->inputs[0]);
  void *out = mnv_exec_tensor (x, n->outputs[0]);

  if (p->use_gemm && !p->quantized) {
    mnv_gemm_run (x, &p->gemm, p->rows, NULL, in, out, (size_t) p->n);
  } else if (p->use_gemm) {
    fill_ctx f = { in, p->rq.in_zp };
    mnv_gemm_run (x, &p->gemm, p->rows, fc_fill_a, &f, out, (size_t) p->n);
  } else if (p->quantized)
    x->k->qs8_fc (p->rows, p->k, p->n, in, p->wq, p->bias, out, &p->rq);
  else
    x->k->f32_fc (p->rows, p->k, p->n, in, p->wf, p->bias, out, &p->mm);
}

const mnv_op_def mnv_op_fully_connected = { TFL_OP_FULLY_CONNECTED,
  "FULLY_CONNECTED", fc_prepare, fc_run };
