/* Detections of SSD-family models, in one of two layouts:
 * - "post-process": the model ends in TFLite_Detection_PostProcess, whose
 *   four float32 outputs are boxes [1,D,4] (ymin, xmin, ymax, xmax,
 *   normalized to the model input), classes [1,D], scores [1,D], count [1];
 * - "raw": the model ends in box encodings [1,N,4] and class scores
 *   [1,N,C] (background at index 0; logits, or probabilities when a
 *   LOGISTIC op writes them), float32 or quantized.  The detector decodes
 *   them against SSD anchors generated from the default anchor
 *   configuration (ssd_anchors.h) and runs fast NMS with the same code as
 *   the post-process op (core/ssd.h). */
#ifndef MNV_DETECTOR_H
#define MNV_DETECTOR_H

#include "mnv.h"

/* Classes beyond this are not a detection (no model has that many; a
 * larger value in a model's class output is garbage). */
#define MNV_DETECTOR_MAX_CLASS 65536

typedef struct {
  float box[4]; /* x_min, y_min, x_max, y_max, normalized */
  int class_id; /* 0-based, background excluded */
  float score;
} mnv_detection;

typedef struct mnv_detector mnv_detector;

/* A detector for MODEL, or NULL with *REASON saying why the model's
 * outputs fit neither layout (REASON is a static string). */
mnv_detector *mnv_detector_new (const mnv_model *model, const char **reason);
void mnv_detector_free (mnv_detector *detector);

/* "post-process" or "raw". */
const char *mnv_detector_layout (const mnv_detector *detector);

/* Detections of SESSION's last run with score >= THRESHOLD, best first, at
 * most CAPACITY, none overlapping another (class-agnostic) by more than
 * IOU_THRESHOLD.  Returns how many were written.  Output values are data:
 * non-finite boxes and scores and out-of-range classes or counts are
 * skipped, never converted. */
int mnv_detector_results (mnv_detector *detector, mnv_session *session,
    float threshold, float iou_threshold, mnv_detection *out, int capacity);

#endif
