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

static inline uint8_t
clamp_class (int64_t c)
{
  return (uint8_t) (c < 0 ? 0 : c > 255 ? 255 : c);
}

/* Row Y of a class-map output (int64 or int32) into MAP. */
static void
class_row (const void *data, mnv_type type, int w, int y, uint8_t *map)
{
  const size_t at = (size_t) y * w;
  if (type == MNV_TYPE_INT64) {
    const int64_t *in = (const int64_t *) data + at;
    for (int x = 0; x < w; x++)
      map[x] = clamp_class (in[x]);
  } else {
    const int32_t *in = (const int32_t *) data + at;
    for (int x = 0; x < w; x++)
      map[x] = clamp_class (in[x]);
  }
}

/* Row Y of logits (CLASSES per pixel) into MAP: the argmax over declared
 * values, the first maximum. */
static void
argmax_row (const void *data, mnv_type type, int w, int y, int classes,
    uint8_t *map)
{
  for (int x = 0; x < w; x++) {
    const size_t i = ((size_t) y * w + x) * (size_t) classes;
    float best = 0.0f;
    int c = 0;
    for (int k = 0; k < classes; k++) {
      const float v = type == MNV_TYPE_FLOAT32 ? ((const float *) data)[i + k] :
          type == MNV_TYPE_UINT8 ? ((const uint8_t *) data)[i + k] :
                                   ((const int8_t *) data)[i + k];
      if (k == 0 || v > best) {
        best = v;
        c = k;
      }
    }
    map[x] = clamp_class (c);
  }
}

/* Adds the N classes of ROW to HISTOGRAM by runs: a class map is mostly
 * long runs, and counting each pixel through memory chains every
 * increment of a run on the one before (the per-pixel count was most of
 * this function's time at 513x513). */
static void
count_classes (const uint8_t *row, int n, uint32_t *histogram)
{
  int x = 0;
  while (x < n) {
    const uint8_t v = row[x];
    const uint64_t vv = v * 0x0101010101010101ull;
    int end = x + 1;
    /* Eight pixels at a time while they all are V. */
    for (uint64_t w; end + 8 <= n; end += 8) {
      memcpy (&w, row + end, 8);
      if (w != vv)
        break;
    }
    while (end < n && row[end] == v)
      end++;
    histogram[v] += (uint32_t) (end - x);
    x = end;
  }
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
  for (int y = 0; y < h; y++) {
    uint8_t *row = map + (size_t) y * stride;
    if (classes)
      argmax_row (data, o.type, w, y, classes, row);
    else
      class_row (data, o.type, w, y, row);
    if (histogram)
      count_classes (row, w, histogram);
  }
  return 1;
}
