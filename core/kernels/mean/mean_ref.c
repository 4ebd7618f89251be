/* MEAN reference kernels, reducing the middle axis of [outer, n, c]. */
#include "../kernels.h"
#include "../requant.h"

void
mnv_qs8_mean_1x1__ref (int outer, int n, int c, const int8_t *input,
    int8_t *output, const mnv_qs8_mean_params *p)
{
  for (int o = 0; o < outer; o++) {
    for (int j = 0; j < c; j++) {
      /* The raw sum: the input zero point is folded into p->zp. */
      int32_t sum = 0;
      for (int i = 0; i < n; i++)
        sum += input[((size_t) o * n + i) * c + j] + p->offset;
      float v = (float) sum * p->scale + p->zp;
      v = mnv_f32_clamp (v, -1e9f, 1e9f); /* keep the cast defined */
      int32_t q = mnv_clamp_i32 ((int64_t) nearbyintf (v), p->out_min,
          p->out_max);
      output[(size_t) o * c + j] = (int8_t) (q - p->offset);
    }
  }
}

void
mnv_f32_mean_1x1__ref (int outer, int n, int c, const float *input,
    float *output)
{
  for (int o = 0; o < outer; o++) {
    for (int j = 0; j < c; j++) {
      float sum = 0.0f;
      for (int i = 0; i < n; i++)
        sum += input[((size_t) o * n + i) * c + j];
      output[(size_t) o * c + j] = sum / (float) n;
    }
  }
}
