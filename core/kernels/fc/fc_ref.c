/* FULLY_CONNECTED reference kernels: out[r][n] = bias[n] + x[r] . w[n]. */
#include "../kernels.h"
#include "../requant.h"

void
mnv_qs8_fc_1x1__ref (MNV_KERNEL_ARGS_QS8_FC)
{
  for (int r = 0; r < rows; r++) {
    const int8_t *x = input + (size_t) r * k;
    for (int j = 0; j < n; j++) {
      const int16_t *w = weights + (size_t) j * k;
      int32_t sum = 0;
      for (int i = 0; i < k; i++)
        sum += (x[i] - p->in_zp) * w[i];
      int32_t acc = (int32_t) ((uint32_t) (bias ? bias[j] : 0) +
          (uint32_t) sum);
      output[(size_t) r * n + j] = mnv_qs8_requantize (acc, p->scale[j],
          p->out_zp, p->out_min, p->out_max);
    }
  }
}

void
mnv_f32_fc_1x1__ref (MNV_KERNEL_ARGS_F32_FC)
{
  for (int r = 0; r < rows; r++) {
    const float *x = input + (size_t) r * k;
    for (int j = 0; j < n; j++) {
      const float *w = weights + (size_t) j * k;
      float acc = bias ? bias[j] : 0.0f;
      for (int i = 0; i < k; i++)
        acc += x[i] * w[i];
      output[(size_t) r * n + j] = mnv_f32_clamp (acc, p->out_min, p->out_max);
    }
  }
}
