#include <string.h>

#include "classifier.h"

int
mnv_classifier_scores (mnv_session *s, const mnv_model *m, int output_index,
    float *scores, int capacity)
{
  mnv_tensor_info info;
  const void *data;

  if (mnv_model_output_info (m, output_index, &info) != MNV_OK ||
      info.rank < 1 || !(data = mnv_session_output (s, output_index, NULL)))
    return -1;
  int n = info.dims[info.rank - 1];
  if (n > capacity)
    return -1;
  for (int i = 0; i < n; i++) {
    switch (info.type) {
      case MNV_TYPE_FLOAT32:
        memcpy (&scores[i], (const char *) data + 4 * (size_t) i, 4);
        break;
      case MNV_TYPE_UINT8:
        scores[i] = (float) (((const uint8_t *) data)[i] - info.zero_point) *
            info.scale;
        break;
      case MNV_TYPE_INT8:
        scores[i] = (float) (((const int8_t *) data)[i] - info.zero_point) *
            info.scale;
        break;
      default: return -1;
    }
  }
  return n;
}

int
mnv_classifier_top_k (const float *scores, int n, int k,
    const mnv_labels *labels, mnv_class_result *out)
{
  int count = 0;
  if (k > n)
    k = n;
  /* Insertion into a sorted list of K: fine for K << N. */
  for (int i = 0; i < n; i++) {
    int pos = count;
    while (pos > 0 && scores[i] > out[pos - 1].score)
      pos--;
    if (pos >= k)
      continue;
    if (count < k)
      count++;
    memmove (&out[pos + 1], &out[pos],
        (size_t) (count - 1 - pos) * sizeof *out);
    out[pos].index = i;
    out[pos].score = scores[i];
    out[pos].label = mnv_labels_get (labels, (size_t) i);
  }
  return count;
}
