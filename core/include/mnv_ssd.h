/* SSD box decoding and non-maximum suppression, shared by the custom op
 * TFLite_Detection_PostProcess (core/ops/detection_postprocess.c) and the
 * detector's own decoding of models that end in raw outputs
 * (models/detector.c), so both give the same detections from the same
 * numbers.  Semantics: ../shared/ref/detect/README.md. */
#ifndef MNV_SSD_H
#define MNV_SSD_H

#include <stdint.h>

/* Box coder scales of the TF Object Detection API (10, 10, 5, 5 usually):
 * y, x, h, w. */
typedef struct {
  double y, x, h, w;
} mnv_ssd_scales;

/* Decodes encoding (ty, tx, th, tw) against ANCHOR (yc, xc, h, w) into
 * (ymin, xmin, ymax, xmax): centre and size in double, rounded to float32
 * once, corners in float32 — as the reference runtime does. */
void mnv_ssd_decode (double ty, double tx, double th, double tw,
    const float anchor[4], const mnv_ssd_scales *scales, float box[4]);

/* Stable sort of IDX (N entries) by SCORE[IDX[i]] descending, TMP holding N
 * more: equal scores keep their order (lower anchor first). */
void mnv_ssd_sort_by_score (int *idx, int n, const float *score, int *tmp);

/* Greedy NMS over CAND (N anchor indices sorted by score) with boxes BOX
 * ([anchor][4]): a box is dropped when its IoU with a kept one is strictly
 * greater than THR.  Writes at most LIMIT kept anchors to KEEP and returns
 * how many; ACTIVE is N bytes of scratch. */
int mnv_ssd_greedy_nms (const int *cand, int n, const float *box, float thr,
    int limit, uint8_t *active, int *keep);

/* Fast NMS (one class per anchor): anchors whose SCORE (N entries, each
 * anchor's best class score) is >= SCORE_THR, best first, suppressed by
 * IOU_THR.  KEEP receives at most LIMIT anchor indices; WORK holds 2 * N
 * ints and ACTIVE N bytes.  Returns how many were kept. */
int mnv_ssd_fast_nms (const float *score, int n, const float *box,
    float score_thr, float iou_thr, int limit, int *work, uint8_t *active,
    int *keep);

#endif
