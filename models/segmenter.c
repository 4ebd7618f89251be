#include <string.h>

#include "segmenter.h"

const char *const mnv_pascal_voc_labels[21] = { "background", "aeroplane",
  "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
  "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep",
  "sofa", "train", "tv" };

int
mnv_segmenter_check (const mnv_model *m, int *w, int *h, int *classes,
    const char **reason)
{
  mnv_tensor_info o;
  if (mnv_model_num_outputs (m) < 1 ||
      mnv_model_output_info (m, 0, &o) != MNV_OK) {
    *reason = "the model has no output";
    return 0;
  }
  if (o.rank == 3 && o.dims[0] == 1 &&
      (o.type == MNV_TYPE_INT64 || o.type == MNV_TYPE_INT32)) {
    *h = o.dims[1];
    *w = o.dims[2];
    *classes = 0;
    return 1;
  }
  if (o.rank == 4 && o.dims[0] == 1 && o.dims[3] >= 2 && o.dims[3] <= 256 &&
      (o.type == MNV_TYPE_UINT8 || o.type == MNV_TYPE_INT8 ||
          o.type == MNV_TYPE_FLOAT32)) {
    *h = o.dims[1];
    *w = o.dims[2];
    *classes = o.dims[3];
    return 1;
  }
  *reason = "output 0 is neither a class map [1,H,W] (int32/int64) nor "
            "logits [1,H,W,C]";
  return 0;
}

int
mnv_segmenter_class_map (mnv_session *s, const mnv_model *m, uint8_t *map,
    size_t stride, uint32_t *histogram)
{
  mnv_tensor_info o;
  const void *data = mnv_session_output (s, 0, NULL);
  int w, h, classes;
  const char *reason;

  if (!data || !mnv_segmenter_check (m, &w, &h, &classes, &reason))
    return 0;
  mnv_model_output_info (m, 0, &o);
  if (histogram)
    memset (histogram, 0, 256 * sizeof *histogram);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      const size_t i = (size_t) y * w + x;
      int64_t c = 0;
      if (!classes) {
        c = o.type == MNV_TYPE_INT64 ? ((const int64_t *) data)[i] :
                                       ((const int32_t *) data)[i];
      } else {
        /* Argmax over the logits; declared values, first maximum. */
        float best = 0.0f;
        for (int k = 0; k < classes; k++) {
          const size_t j = i * (size_t) classes + (size_t) k;
          float v = o.type == MNV_TYPE_FLOAT32 ? ((const float *) data)[j] :
              o.type == MNV_TYPE_UINT8         ? ((const uint8_t *) data)[j] :
                                                 ((const int8_t *) data)[j];
          if (k == 0 || v > best) {
            best = v;
            c = k;
          }
        }
      }
      const uint8_t v = (uint8_t) (c < 0 ? 0 : c > 255 ? 255 : c);
      map[(size_t) y * stride + x] = v;
      if (histogram)
        histogram[v]++;
    }
  return 1;
}
