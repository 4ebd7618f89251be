#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mnv_box.h"
#include "detector.h"
#include "mnv_ssd.h"
#include "ssd_anchors.h"

struct mnv_detector {
  int raw;
  /* raw layout */
  int box_out, score_out; /* output indices */
  mnv_tensor_info box_info, score_info;
  int logits; /* scores need a sigmoid */
  int anchors;
  float *anchor; /* [anchors][4] yc, xc, h, w */
  float *box;    /* [anchors][4] decoded */
  float *best;   /* best class score per anchor */
  int *best_cls;
  int *work, *keep; /* 2N, N */
  uint8_t *active;
};

static int
is_quantized (const mnv_tensor_info *t)
{
  return t->type == MNV_TYPE_UINT8 || t->type == MNV_TYPE_INT8;
}

/* Boxes [1,N,4] and scores [1,N,C>=2], either order; float or 8-bit. */
static int
check_raw (const mnv_model *m, mnv_detector *d, const char **reason)
{
  mnv_tensor_info t[2];
  if (mnv_model_num_outputs (m) != 2)
    return 0;
  for (int i = 0; i < 2; i++) {
    mnv_model_output_info (m, i, &t[i]);
    if (t[i].type != MNV_TYPE_FLOAT32 && !is_quantized (&t[i]))
      return 0;
    if (t[i].rank != 3 || t[i].dims[0] != 1)
      return 0;
  }
  d->box_out = t[0].dims[2] == 4 ? 0 : 1;
  d->score_out = 1 - d->box_out;
  d->box_info = t[d->box_out];
  d->score_info = t[d->score_out];
  if (d->box_info.dims[2] != 4 || d->score_info.dims[2] < 2 ||
      d->box_info.dims[1] != d->score_info.dims[1])
    return 0;
  d->anchors = d->box_info.dims[1];

  mnv_tensor_info in;
  mnv_ssd_anchor_config cfg;
  mnv_model_input_info (m, 0, &in);
  if (in.rank != 4) {
    *reason = "the model input is not an image [1,H,W,C]";
    return -1;
  }
  mnv_ssd_anchor_config_default (&cfg, in.dims[2], in.dims[1]);
  if (mnv_ssd_anchor_count (&cfg) != d->anchors) {
    *reason =
        "the model ends in raw box encodings and class scores, but "
        "their number of boxes is not that of the default SSD anchor "
        "configuration for its input size (6 layers from output stride 16)";
    return -1;
  }
  const int op = mnv_model_output_producer (m, d->score_out);
  const char *name = mnv_model_op_name (m, op);
  d->logits = !(name && strcmp (name, "LOGISTIC") == 0);

  const size_t N = (size_t) d->anchors;
  d->anchor = malloc (N * 4 * sizeof (float));
  d->box = malloc (N * 4 * sizeof (float));
  d->best = malloc (N * sizeof (float));
  d->best_cls = malloc (N * sizeof (int));
  d->work = malloc (N * 3 * sizeof (int));
  d->active = malloc (N);
  if (!d->anchor || !d->box || !d->best || !d->best_cls || !d->work ||
      !d->active) {
    *reason = "out of memory";
    return -1;
  }
  d->keep = d->work + 2 * N;
  mnv_ssd_anchors_generate (&cfg, d->anchor);
  return 1;
}

static int
check_postprocess (const mnv_model *m, const char **reason)
{
  mnv_tensor_info t[4];
  if (mnv_model_num_outputs (m) != 4)
    return 0;
  for (int i = 0; i < 4; i++) {
    mnv_model_output_info (m, i, &t[i]);
    if (t[i].type != MNV_TYPE_FLOAT32) {
      *reason = "the detector outputs must be float32";
      return -1;
    }
  }
  const int D = t[0].rank == 3 ? t[0].dims[1] : -1;
  if (D < 1 || t[0].dims[2] != 4 || t[1].rank != 2 || t[1].dims[1] != D ||
      t[2].rank != 2 || t[2].dims[1] != D || t[3].bytes != 4) {
    *reason = "the outputs are not boxes [1,D,4], classes [1,D], scores "
              "[1,D] and count [1]";
    return -1;
  }
  return 1;
}

mnv_detector *
mnv_detector_new (const mnv_model *m, const char **reason)
{
  mnv_detector *d = calloc (1, sizeof *d);
  if (!d) {
    *reason = "out of memory";
    return NULL;
  }
  int ok = check_postprocess (m, reason);
  if (ok == 0) {
    d->raw = 1;
    ok = check_raw (m, d, reason);
  }
  if (ok == 0)
    *reason = "a detector ends in TFLite_Detection_PostProcess (four "
              "outputs: boxes, classes, scores, count) or in raw box encodings "
              "[1,N,4] and class scores [1,N,C]";
  if (ok != 1) {
    mnv_detector_free (d);
    return NULL;
  }
  return d;
}

void
mnv_detector_free (mnv_detector *d)
{
  if (!d)
    return;
  free (d->anchor);
  free (d->box);
  free (d->best);
  free (d->best_cls);
  free (d->work);
  free (d->active);
  free (d);
}

const char *
mnv_detector_layout (const mnv_detector *d)
{
  return d->raw ? "raw" : "post-process";
}

static inline float
value (const void *data, size_t i, const mnv_tensor_info *t)
{
  switch (t->type) {
    case MNV_TYPE_UINT8:
      return ((float) ((const uint8_t *) data)[i] - (float) t->zero_point) *
          t->scale;
    case MNV_TYPE_INT8:
      return ((float) ((const int8_t *) data)[i] - (float) t->zero_point) *
          t->scale;
    default: return ((const float *) data)[i];
  }
}

static int
finite_box (const float *b)
{
  return isfinite (b[0]) && isfinite (b[1]) && isfinite (b[2]) &&
      isfinite (b[3]);
}

/* Decode, first highest non-background class per anchor, fast NMS: the
 * post-process op's fast path (core/ssd.c), with the caller's thresholds. */
static int
raw_results (mnv_detector *d, mnv_session *s, float threshold,
    float iou_threshold, mnv_detection *out, int capacity)
{
  static const mnv_ssd_scales scales = { 10.0, 10.0, 5.0, 5.0 };
  const void *enc = mnv_session_output (s, d->box_out, NULL);
  const void *cls = mnv_session_output (s, d->score_out, NULL);
  if (!enc || !cls)
    return 0;
  const int N = d->anchors, C = d->score_info.dims[2];
  for (int i = 0; i < N; i++) {
    const size_t e = (size_t) i * 4;
    mnv_ssd_decode (value (enc, e, &d->box_info),
        value (enc, e + 1, &d->box_info), value (enc, e + 2, &d->box_info),
        value (enc, e + 3, &d->box_info), d->anchor + e, &scales, d->box + e);
    const size_t row = (size_t) i * C;
    int c_best = 1;
    float v_best = value (cls, row + 1, &d->score_info);
    for (int c = 2; c < C; c++) {
      const float v = value (cls, row + c, &d->score_info);
      if (v > v_best) {
        v_best = v;
        c_best = c;
      }
    }
    /* Same formula as the float LOGISTIC op, so a model with and without
     * that op gives the same scores. */
    d->best[i] = d->logits ? 1.0f / (1.0f + expf (-v_best)) : v_best;
    d->best_cls[i] = c_best - 1;
    /* A model's outputs are data: a NaN score or a box that decodes to
     * infinity (a huge encoding) is no detection. */
    if (!finite_box (d->box + e) || isnan (d->best[i]))
      d->best[i] = -INFINITY;
  }
  const int n = mnv_ssd_fast_nms (d->best, N, d->box, threshold, iou_threshold,
      capacity, d->work, d->active, d->keep);
  for (int k = 0; k < n; k++) {
    const float *b = d->box + 4 * (size_t) d->keep[k];
    out[k].box[0] = b[1]; /* ymin, xmin, ymax, xmax -> x/y */
    out[k].box[1] = b[0];
    out[k].box[2] = b[3];
    out[k].box[3] = b[2];
    out[k].class_id = d->best_cls[d->keep[k]];
    out[k].score = d->best[d->keep[k]];
  }
  return n;
}

static int
postprocess_results (mnv_session *s, float threshold, float iou_threshold,
    mnv_detection *out, int capacity)
{
  size_t box_bytes;
  const float *boxes = mnv_session_output (s, 0, &box_bytes);
  const float *classes = mnv_session_output (s, 1, NULL);
  const float *scores = mnv_session_output (s, 2, NULL);
  const float *count = mnv_session_output (s, 3, NULL);
  if (!boxes || !classes || !scores || !count)
    return 0;
  const int D = (int) (box_bytes / 16);
  /* The outputs are data: a count that is NaN, negative or huge, a class
   * that is not a small whole number, a box or score that is not finite
   * must not reach an int conversion (undefined) or the caller. */
  const float c = count[0];
  int n = c >= 1.0f ? (c < (float) D ? (int) c : D) : 0, kept = 0;
  /* The op's outputs are sorted by score already; its NMS used the
   * model's IoU threshold, the caller's may be lower. */
  for (int i = 0; i < n && kept < capacity; i++) {
    if (!(scores[i] >= threshold) || !isfinite (scores[i]) ||
        !(classes[i] >= 0.0f && classes[i] < (float) MNV_DETECTOR_MAX_CLASS) ||
        !finite_box (boxes + 4 * i))
      continue;
    mnv_detection det;
    det.box[0] = boxes[4 * i + 1];
    det.box[1] = boxes[4 * i + 0];
    det.box[2] = boxes[4 * i + 3];
    det.box[3] = boxes[4 * i + 2];
    det.class_id = (int) classes[i];
    det.score = scores[i];
    int suppressed = 0;
    for (int k = 0; k < kept && !suppressed; k++)
      suppressed = mnv_box_iou (out[k].box, det.box) > iou_threshold;
    if (!suppressed)
      out[kept++] = det;
  }
  return kept;
}

int
mnv_detector_results (mnv_detector *d, mnv_session *s, float threshold,
    float iou_threshold, mnv_detection *out, int capacity)
{
  if (capacity <= 0)
    return 0;
  if (d->raw)
    return raw_results (d, s, threshold, iou_threshold, out, capacity);
  return postprocess_results (s, threshold, iou_threshold, out, capacity);
}
