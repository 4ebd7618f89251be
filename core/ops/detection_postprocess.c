/* The custom op TFLite_Detection_PostProcess: SSD box decoding against
 * anchors, then non-maximum suppression, as the reference runtime computes
 * it (../shared/ref/detect/README.md):
 * - dequantize as (q - zp) * scale in float32; decode in double, rounded to
 *   float32 once per value; corners in float32;
 * - fast NMS: each anchor takes its first highest class; anchors whose score
 *   is >= the score threshold, stably sorted by score (ties: lower anchor
 *   first); a box is suppressed only when IoU (float32) > the threshold;
 * - regular NMS: the same per class (detections_per_class each), then the
 *   best max_detections of all classes.
 * Outputs (float32): boxes [1,D,4] (ymin, xmin, ymax, xmax), classes [1,D],
 * scores [1,D], count [1]. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mnv_box.h"
#include "../flexbuf.h"
#include "mnv_ssd.h"
#include "../tflite_schema.h"
#include "op_util.h"

#define MAX_DETECTIONS_LIMIT 10000

typedef struct {
  int max_detections, max_classes, detections_per_class, regular;
  int num_classes;
  float score_threshold, iou_threshold;
  mnv_ssd_scales scales;
  int anchors, classes_with_bg, code_size;
  const float *anchor;          /* [anchors][4] yc, xc, h, w */
  float box_scale, score_scale; /* quantized inputs */
  int32_t box_zp, score_zp;     /* declared domain */
  int box_off, score_off;       /* stored -> declared */
  int box_q, score_q;
} nms_params;

static int
option (const mnv_node *n, const char *key, double def, double lo, double hi,
    double *out)
{
  double v;
  if (!mnv_flex_map_number (n->custom_options, n->custom_options_size, key, &v))
    v = def;
  *out = v;
  return v >= lo && v <= hi;
}

/* Dequantized or float input element I. */
static inline float
in_value (const void *data, size_t i, int q, float scale, int32_t zp, int off)
{
  if (!q)
    return ((const float *) data)[i];
  return ((float) (((const int8_t *) data)[i] + off) - (float) zp) * scale;
}

static mnv_status
set_output (mnv_model *m, const mnv_node *n, int i, int rank, int d0, int d1,
    int d2, mnv_error *err)
{
  mnv_tensor *t = op_out (m, n, i);
  if (t->info.type != MNV_TYPE_FLOAT32)
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "output %d is %s, not "
        "FLOAT32",
        i, mnv_type_name (t->info.type));
  const int dims[3] = { d0, d1, d2 };
  /* The files store no shape for these outputs: the op defines it. */
  t->info.rank = rank;
  t->info.bytes = 4;
  for (int d = 0; d < rank; d++) {
    t->info.dims[d] = dims[d];
    t->info.bytes *= (size_t) dims[d];
  }
  return MNV_OK;
}

/* The custom options into P; FALSE when one is missing or out of range. */
static int
read_options (const mnv_node *n, nms_params *p)
{
  double v;
  if (!option (n, "max_detections", -1, 1, MAX_DETECTIONS_LIMIT, &v))
    return 0;
  p->max_detections = (int) v;
  if (!option (n, "max_classes_per_detection", 1, 1, 1000, &v))
    return 0;
  p->max_classes = (int) v;
  if (!option (n, "detections_per_class", 100, 1, MAX_DETECTIONS_LIMIT, &v))
    return 0;
  p->detections_per_class = (int) v;
  if (!option (n, "use_regular_nms", 0, 0, 1, &v))
    return 0;
  p->regular = v != 0;
  if (!option (n, "num_classes", -1, 1, 100000, &v))
    return 0;
  p->num_classes = (int) v;
  if (!option (n, "nms_score_threshold", -1e30, -1e30, 1e30, &v))
    return 0;
  p->score_threshold = (float) v;
  if (!option (n, "nms_iou_threshold", -1, 0, 1, &v))
    return 0;
  p->iou_threshold = (float) v;
  return option (n, "y_scale", -1, 1e-6, 1e6, &p->scales.y) &&
      option (n, "x_scale", -1, 1e-6, 1e6, &p->scales.x) &&
      option (n, "h_scale", -1, 1e-6, 1e6, &p->scales.h) &&
      option (n, "w_scale", -1, 1e-6, 1e6, &p->scales.w);
}

/* Box encodings and class scores: shapes that fit the anchors, float or
 * quantized per tensor. */
static mnv_status
check_inputs (mnv_model *m, const mnv_node *n, nms_params *p, mnv_error *err)
{
  mnv_tensor *boxes = op_in (m, n, 0), *scores = op_in (m, n, 1),
             *anchors = op_in (m, n, 2);
  mnv_status st;
  if (boxes->info.rank != 3 || scores->info.rank != 3 ||
      anchors->info.rank != 2 || anchors->info.dims[1] != 4 ||
      boxes->info.dims[1] != anchors->info.dims[0] ||
      scores->info.dims[1] != anchors->info.dims[0] ||
      boxes->info.dims[2] < 4 || boxes->info.dims[0] != 1 ||
      scores->info.dims[0] != 1 || scores->info.dims[2] < p->num_classes)
    return op_error (err, n, MNV_ERR_FORMAT,
        "box encodings, class scores and anchors do not fit together");
  p->anchors = anchors->info.dims[0];
  p->classes_with_bg = scores->info.dims[2];
  p->code_size = boxes->info.dims[2];

  mnv_tensor *io[2] = { boxes, scores };
  for (int i = 0; i < 2; i++) {
    if (io[i]->info.type == MNV_TYPE_FLOAT32)
      continue;
    if ((st = op_check_q8_per_tensor (n, io[i],
             i ? "class scores" : "box encodings", err)))
      return st;
  }
  p->box_q = boxes->info.type != MNV_TYPE_FLOAT32;
  p->box_scale = boxes->info.scale;
  p->box_zp = boxes->info.zero_point;
  p->box_off = q8_offset (boxes);
  p->score_q = scores->info.type != MNV_TYPE_FLOAT32;
  p->score_scale = scores->info.scale;
  p->score_zp = scores->info.zero_point;
  p->score_off = q8_offset (scores);
  return MNV_OK;
}

/* Anchors are constant: dequantized once, each value finite. */
static mnv_status
dequantize_anchors (mnv_model *m, const mnv_node *n, nms_params *p,
    mnv_error *err)
{
  const mnv_tensor *anchors = op_in (m, n, 2);
  if (!anchors->data ||
      (anchors->info.type != MNV_TYPE_FLOAT32 && !is_q8 (anchors)))
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "anchors must be a constant float32 or quantized tensor");
  float *a = mnv_model_alloc (m, (size_t) p->anchors * 4 * sizeof *a);
  if (!a)
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  for (size_t i = 0; i < (size_t) p->anchors * 4; i++) {
    if (anchors->info.type == MNV_TYPE_FLOAT32) {
      memcpy (&a[i], anchors->data + 4 * i, 4);
    } else {
      int32_t q = anchors->info.type == MNV_TYPE_UINT8 ?
          anchors->data[i] :
          (int8_t) anchors->data[i];
      a[i] = ((float) q - (float) anchors->info.zero_point) *
          anchors->info.scale;
    }
    /* A NaN or infinite anchor would make NaN boxes out of any input. */
    if (!isfinite (a[i]))
      return op_error (err, n, MNV_ERR_FORMAT,
          "anchor %zu (value %zu) is not a finite number", i / 4, i % 4);
  }
  p->anchor = a;
  return MNV_OK;
}

static mnv_status
nms_prepare (mnv_model *m, mnv_node *n, mnv_error *err)
{
  mnv_status st;
  nms_params *p;

  if (n->n_inputs != 3 || n->n_outputs != 4)
    return op_error (err, n, MNV_ERR_FORMAT,
        "has %d inputs and %d outputs, expected 3 and 4", n->n_inputs,
        n->n_outputs);
  for (int i = 0; i < 3; i++)
    if (n->inputs[i] < 0)
      return op_error (err, n, MNV_ERR_FORMAT, "input %d is absent", i);
  if (!(p = mnv_model_alloc (m, sizeof *p)))
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  if (!read_options (n, p))
    return op_error (err, n, MNV_ERR_FORMAT,
        "custom options are missing or out of range (max_detections, "
        "num_classes, nms_*_threshold, y/x/h/w_scale)");
  if (p->max_classes != 1 && !p->regular)
    return op_error (err, n, MNV_ERR_UNSUPPORTED,
        "fast NMS with max_classes_per_detection %d (only 1) is not "
        "supported",
        p->max_classes);
  if ((st = check_inputs (m, n, p, err)) ||
      (st = dequantize_anchors (m, n, p, err)))
    return st;

  const int D = p->max_detections;
  if ((st = set_output (m, n, 0, 3, 1, D, 4, err)) ||
      (st = set_output (m, n, 1, 2, 1, D, 0, err)) ||
      (st = set_output (m, n, 2, 2, 1, D, 0, err)) ||
      (st = set_output (m, n, 3, 1, 1, 0, 0, err)))
    return st;
  /* nms_run's scratch: boxes (16 bytes), best score, best class,
   * candidates, sort buffer, kept (4 bytes each) and a flag per anchor. */
  size_t scratch = (size_t) p->anchors * (16 + 4 + 4 + 4 + 4 + 4 + 1);
  if (scratch > m->scratch_bytes)
    m->scratch_bytes = scratch;
  n->params = p;
  return MNV_OK;
}

/* nms_run's scratch (N per array) and outputs (D per array). */
typedef struct {
  float *box;      /* [N][4] decoded boxes */
  float *best;     /* [N] */
  int *best_cls;   /* [N] */
  int *cand;       /* [N] */
  int *sort_tmp;   /* [N] */
  int *keep;       /* [N] */
  uint8_t *active; /* [N] */
  float *out_box, *out_cls, *out_score;
} nms_work;

/* Every anchor's box decoded from its encoding. */
static void
decode_boxes (const nms_params *p, const void *enc, float *box)
{
  for (int i = 0; i < p->anchors; i++) {
    const float *a = p->anchor + 4 * (size_t) i;
    const size_t e = (size_t) i * p->code_size;
    const double ty = in_value (enc, e, p->box_q, p->box_scale, p->box_zp,
        p->box_off);
    const double tx = in_value (enc, e + 1, p->box_q, p->box_scale, p->box_zp,
        p->box_off);
    const double th = in_value (enc, e + 2, p->box_q, p->box_scale, p->box_zp,
        p->box_off);
    const double tw = in_value (enc, e + 3, p->box_q, p->box_scale, p->box_zp,
        p->box_off);
    mnv_ssd_decode (ty, tx, th, tw, a, &p->scales, box + 4 * (size_t) i);
  }
}

/* Fast NMS: one class per anchor, the first highest. */
static int
fast_nms (const nms_params *p, const void *cls, nms_work *w)
{
  const int N = p->anchors;
  const int label_offset = p->classes_with_bg - p->num_classes;
  for (int i = 0; i < N; i++) {
    const size_t row = (size_t) i * p->classes_with_bg + label_offset;
    int c_best = 0;
    float v_best = in_value (cls, row, p->score_q, p->score_scale, p->score_zp,
        p->score_off);
    for (int c = 1; c < p->num_classes; c++) {
      float v = in_value (cls, row + c, p->score_q, p->score_scale, p->score_zp,
          p->score_off);
      if (v > v_best) {
        v_best = v;
        c_best = c;
      }
    }
    w->best[i] = v_best;
    w->best_cls[i] = c_best;
  }
  const int count = mnv_ssd_fast_nms (w->best, N, w->box, p->score_threshold,
      p->iou_threshold, p->max_detections, w->cand, w->active, w->keep);
  for (int k = 0; k < count; k++) {
    memcpy (w->out_box + 4 * (size_t) k, w->box + 4 * (size_t) w->keep[k],
        4 * sizeof *w->box);
    w->out_cls[k] = (float) w->best_cls[w->keep[k]];
    w->out_score[k] = w->best[w->keep[k]];
  }
  return count;
}

/* Inserts box K (score V, class C) into the COUNT outputs kept sorted by
 * score (stable: earlier entries first on equal scores); the new count. */
static int
insert_sorted (nms_work *w, int count, int D, int k, float v, int c)
{
  int at = count;
  while (at > 0 && w->out_score[at - 1] < v)
    at--;
  if (at >= D)
    return count;
  int last = count < D ? count : D - 1;
  for (int j = last; j > at; j--) {
    memcpy (w->out_box + 4 * (size_t) j, w->out_box + 4 * (size_t) (j - 1),
        4 * sizeof *w->out_box);
    w->out_cls[j] = w->out_cls[j - 1];
    w->out_score[j] = w->out_score[j - 1];
  }
  memcpy (w->out_box + 4 * (size_t) at, w->box + 4 * (size_t) k,
      4 * sizeof *w->box);
  w->out_cls[at] = (float) c;
  w->out_score[at] = v;
  return count < D ? count + 1 : count;
}

/* Regular NMS: per class, then the best D over all classes (stable:
 * earlier classes first on equal scores). */
static int
regular_nms (const nms_params *p, const void *cls, nms_work *w)
{
  const int N = p->anchors;
  const int label_offset = p->classes_with_bg - p->num_classes;
  int count = 0;
  for (int c = 0; c < p->num_classes; c++) {
    int nc = 0;
    for (int i = 0; i < N; i++) {
      w->best[i] = in_value (cls,
          (size_t) i * p->classes_with_bg + label_offset + c, p->score_q,
          p->score_scale, p->score_zp, p->score_off);
      if (w->best[i] >= p->score_threshold)
        w->cand[nc++] = i;
    }
    mnv_ssd_sort_by_score (w->cand, nc, w->best, w->sort_tmp);
    int kept = mnv_ssd_greedy_nms (w->cand, nc, w->box, p->iou_threshold,
        p->detections_per_class, w->active, w->keep);
    for (int k = 0; k < kept; k++)
      count = insert_sorted (w, count, p->max_detections, w->keep[k],
          w->best[w->keep[k]], c);
  }
  return count;
}

static void
nms_run (mnv_exec *x, const mnv_node *n)
{
  const nms_params *p = n->params;
  const void *enc = mnv_exec_tensor (x, n->inputs[0]);
  const void *cls = mnv_exec_tensor (x, n->inputs[1]);
  float *out_count = mnv_exec_tensor (x, n->outputs[3]);
  const int N = p->anchors, D = p->max_detections;
  nms_work w;

  w.box = (float *) x->scratch[0];
  w.best = w.box + 4 * (size_t) N;
  w.best_cls = (int *) (w.best + N);
  w.cand = w.best_cls + N;
  w.sort_tmp = w.cand + N;
  w.keep = w.sort_tmp + N;
  w.active = (uint8_t *) (w.keep + N);
  w.out_box = mnv_exec_tensor (x, n->outputs[0]);
  w.out_cls = mnv_exec_tensor (x, n->outputs[1]);
  w.out_score = mnv_exec_tensor (x, n->outputs[2]);

  decode_boxes (p, enc, w.box);
  memset (w.out_box, 0, (size_t) D * 4 * sizeof *w.out_box);
  memset (w.out_cls, 0, (size_t) D * sizeof *w.out_cls);
  memset (w.out_score, 0, (size_t) D * sizeof *w.out_score);
  const int count = p->regular ? regular_nms (p, cls, &w) :
                                 fast_nms (p, cls, &w);
  out_count[0] = (float) count;
}

const mnv_op_def mnv_op_detection_postprocess = { TFL_OP_CUSTOM,
  "TFLite_Detection_PostProcess", nms_prepare, nms_run };
