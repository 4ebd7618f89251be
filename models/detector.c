#include <string.h>

#include "box.h"
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
      suppressed = mnv_box_iou (out[k].box, d.box) > iou_threshold;
    if (!suppressed)
      out[kept++] = d;
  }
  return kept;
}
