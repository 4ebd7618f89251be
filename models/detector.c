#include <string.h>

#include "detector.h"

int
mnv_detector_check (const mnv_model *m, const char **reason)
{
  mnv_tensor_info t[4];
  if (mnv_model_num_outputs (m) != 4) {
    *reason = "a detector has four outputs (boxes, classes, scores, count): "
        "the TFLite_Detection_PostProcess layout";
    return 0;
  }
  for (int i = 0; i < 4; i++) {
    mnv_model_output_info (m, i, &t[i]);
    if (t[i].type != MNV_TYPE_FLOAT32) {
      *reason = "the detector outputs must be float32";
      return 0;
    }
  }
  const int D = t[0].rank == 3 ? t[0].dims[1] : -1;
  if (D < 1 || t[0].dims[2] != 4 || t[1].rank != 2 || t[1].dims[1] != D ||
      t[2].rank != 2 || t[2].dims[1] != D || t[3].bytes != 4) {
    *reason = "the outputs are not boxes [1,D,4], classes [1,D], scores "
        "[1,D] and count [1]";
    return 0;
  }
  return 1;
}

static float
iou (const float *a, const float *b)
{
  const float area_a = (a[2] - a[0]) * (a[3] - a[1]);
  const float area_b = (b[2] - b[0]) * (b[3] - b[1]);
  if (area_a <= 0.0f || area_b <= 0.0f)
    return 0.0f;
  const float x0 = a[0] > b[0] ? a[0] : b[0], y0 = a[1] > b[1] ? a[1] : b[1];
  const float x1 = a[2] < b[2] ? a[2] : b[2], y1 = a[3] < b[3] ? a[3] : b[3];
  const float w = x1 - x0 > 0.0f ? x1 - x0 : 0.0f;
  const float h = y1 - y0 > 0.0f ? y1 - y0 : 0.0f;
  return w * h / (area_a + area_b - w * h);
}

int
mnv_detector_results (mnv_session *s, float threshold, float iou_threshold,
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
  int n = (int) count[0] < D ? (int) count[0] : D, kept = 0;
  if (n < 0)
    n = 0;
  /* The op's outputs are sorted by score already. */
  for (int i = 0; i < n && kept < capacity; i++) {
    if (!(scores[i] >= threshold))
      continue;
    mnv_detection d;
    d.box[0] = boxes[4 * i + 1];        /* ymin, xmin, ymax, xmax -> x/y */
    d.box[1] = boxes[4 * i + 0];
    d.box[2] = boxes[4 * i + 3];
    d.box[3] = boxes[4 * i + 2];
    d.class_id = (int) classes[i];
    d.score = scores[i];
    int suppressed = 0;
    for (int k = 0; k < kept && !suppressed; k++)
      suppressed = iou (out[k].box, d.box) > iou_threshold;
    if (!suppressed)
      out[kept++] = d;
  }
  return kept;
}
