/* SOFTMAX reference kernels.  The quantized one follows TFLite's float-table
 * softmax exactly (ARITHMETIC.md): the sum is accumulated strictly in index
 * order, since a split sum changes the output bytes. */
#include "../kernels.h"
#include "../requant.h"

void
mnv_qs8_softmax_1x1__ref (int rows, int n, const int8_t *input, int8_t *output,
    const mnv_qs8_softmax_params *p)
{
  for (int r = 0; r < rows; r++) {
    const int8_t *x = input + (size_t) r * n;
    int8_t *out = output + (size_t) r * n;
    int32_t m = x[0];
    for (int j = 1; j < n; j++)
      if (x[j] > m)
        m = x[j];
    /* Differences of stored values equal differences of declared ones. */
    float sum = 0.0f;
    for (int j = 0; j < n; j++)
      sum += p->table[255 - m + x[j]];
    float inv = 1.0f / (sum * p->out_scale);
    for (int j = 0; j < n; j++) {
      float prob = p->table[255 - m + x[j]] * inv;
      /* Sane models give at most 1 / out_scale; odd scales or beta can give
       * inf or NaN, whose conversion to int is undefined. */
      if (!(prob >= 0.0f))
        prob = 0.0f;
      else if (prob > 1e9f)
        prob = 1e9f;
      if (p->out_uint8) {
        int32_t q = (int32_t) (prob + 0.5f) + p->out_zp;
        out[j] = (int8_t) (mnv_clamp_i32 (q, 0, 255) - 128);
      } else {
        int32_t q = (int32_t) roundf (prob) + p->out_zp;
        out[j] = (int8_t) mnv_clamp_i32 (q, -128, 127);
      }
    }
  }
}

void
mnv_f32_softmax_1x1__ref (int rows, int n, const float *input, float *output,
    float beta)
{
  for (int r = 0; r < rows; r++) {
    const float *x = input + (size_t) r * n;
    float *out = output + (size_t) r * n;
    float m = x[0];
    for (int j = 1; j < n; j++)
      if (x[j] > m)
        m = x[j];
    float sum = 0.0f;
    for (int j = 0; j < n; j++) {
      out[j] = expf ((x[j] - m) * beta);
      sum += out[j];
    }
    float inv = 1.0f / sum;
    for (int j = 0; j < n; j++)
      out[j] *= inv;
  }
}
