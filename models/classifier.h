/* Classification results: scores of the model's output and the top K. */
#ifndef MNV_CLASSIFIER_H
#define MNV_CLASSIFIER_H

#include "labels.h"
#include "mnv.h"

typedef struct {
  int index;
  float score;       /* dequantized output value */
  const char *label; /* NULL when no label is known */
} mnv_class_result;

/* Dequantizes output OUTPUT_INDEX of the last run into SCORES (n values),
 * where n is the output's last dimension.  Returns n, or -1 when the output
 * type is not a score vector (float32, uint8 or int8). */
int mnv_classifier_scores (mnv_session *session, const mnv_model *model,
    int output_index, float *scores, int capacity);

/* The K best of N scores, best first, ties to the lower index.  Returns
 * the number written (min(K, N)). */
int mnv_classifier_top_k (const float *scores, int n, int k,
    const mnv_labels *labels, mnv_class_result *out);

#endif
