/* Element-wise ADD reference kernels (same-shape operands). */
#include "../kernels.h"
#include "../requant.h"

void
mnv_qs8_vadd_1x1__ref (size_t n, const int8_t *a, const int8_t *b, int8_t *out,
    const mnv_qs8_add_params *p)
{
  for (size_t i = 0; i < n; i++) {
    int64_t acc = p->bias + (int64_t) a[i] * p->a_mult +
        (int64_t) b[i] * p->b_mult;
    /* >> on a negative value is the arithmetic (floor) shift here, as in
     * the reference formula; GCC and Clang define it so. */
    out[i] = (int8_t) mnv_clamp_i32 ((acc >> p->shift) + p->out_zp, p->out_min,
        p->out_max);
  }
}

void
mnv_f32_vadd_1x1__ref (size_t n, const float *a, const float *b, float *out,
    const mnv_f32_minmax_params *p)
{
  for (size_t i = 0; i < n; i++)
    out[i] = mnv_f32_clamp (a[i] + b[i], p->out_min, p->out_max);
}
