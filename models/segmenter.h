/* Semantic segmentation results: a uint8 class map from a model that ends
 * in ARG_MAX ([1,H,W] int32/int64) or in logits ([1,H,W,C], argmax taken
 * here, ties to the lowest class). */
#ifndef MNV_SEGMENTER_H
#define MNV_SEGMENTER_H

#include <stdint.h>

#include "mnv.h"

/* The 21 PASCAL VOC class names (index = class id), the labels of the
 * DeepLab models, which carry none. */
extern const char *const mnv_pascal_voc_labels[21];

/* Whether output 0 of MODEL is a class map or logits; *W, *H its size,
 * *CLASSES the class count (0 when unknown, for class maps). */
int mnv_segmenter_check (const mnv_model *model, int *w, int *h, int *classes,
    const char **reason);

/* Writes the class map of the last run (W x H bytes, rows STRIDE apart);
 * HISTOGRAM (256 entries, may be NULL) receives pixels per class. */
int mnv_segmenter_class_map (mnv_session *session, const mnv_model *model,
    uint8_t *map, size_t stride, uint32_t *histogram);

#endif
