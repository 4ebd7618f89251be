/* Detections of SSD-family models ending in TFLite_Detection_PostProcess:
 * outputs boxes [1,D,4] (ymin, xmin, ymax, xmax, normalized to the model
 * input), classes [1,D], scores [1,D], count [1], all float32. */
#ifndef MNV_DETECTOR_H
#define MNV_DETECTOR_H

#include "mnv.h"

typedef struct {
  float box[4];                 /* x_min, y_min, x_max, y_max, normalized */
  int class_id;
  float score;
} mnv_detection;

/* Whether MODEL's outputs have that layout; else *REASON says why. */
int mnv_detector_check (const mnv_model *model, const char **reason);

/* Detections of the last run with score >= THRESHOLD, best first, at most
 * CAPACITY; then a class-agnostic NMS pass that drops boxes whose IoU with a
 * better one exceeds IOU_THRESHOLD.  Returns how many were written. */
int mnv_detector_results (mnv_session *session, float threshold,
    float iou_threshold, mnv_detection *out, int capacity);

#endif
