/* CONV_2D reference kernels: direct convolution, plain loops (the oracle). */
#include "../kernels.h"
#include "../requant.h"

/* Input row/column of window tap K for output position O, or -1 if it falls
 * in the padding. */
void
mnv_qs8_conv_1x1__ref (MNV_KERNEL_ARGS_QS8_CONV)
{
  const size_t kernel_size = (size_t) g->k_h * g->k_w * g->in_c;

  for (int oy = oy_begin; oy < oy_end; oy++) {
    for (int ox = 0; ox < g->out_w; ox++) {
      int8_t *out = output + ((size_t) oy * g->out_w + ox) * g->out_c;
      for (int oc = 0; oc < g->out_c; oc++) {
        const int16_t *w = weights + (size_t) oc * kernel_size;
        int32_t sum = 0;
        for (int ky = 0; ky < g->k_h; ky++) {
          int iy = mnv_window_tap (oy, ky, g->stride_h, g->dil_h, g->pad_top,
              g->in_h);
          if (iy < 0)
            continue; /* padding: x == zero point adds nothing */
          for (int kx = 0; kx < g->k_w; kx++) {
            int ix = mnv_window_tap (ox, kx, g->stride_w, g->dil_w, g->pad_left,
                g->in_w);
            if (ix < 0)
              continue;
            const int8_t *x = input + ((size_t) iy * g->in_w + ix) * g->in_c;
            const int16_t *wk = w + ((size_t) ky * g->k_w + kx) * g->in_c;
            for (int ic = 0; ic < g->in_c; ic++)
              sum += (x[ic] - p->in_zp) * wk[ic];
          }
        }
        /* The accumulator wraps like the int32 hardware it models. */
        int32_t acc = (int32_t) ((uint32_t) (bias ? bias[oc] : 0) +
            (uint32_t) sum);
        out[oc] = mnv_qs8_requantize (acc, p->scale[oc], p->out_zp, p->out_min,
            p->out_max);
      }
    }
  }
}

void
mnv_f32_conv_1x1__ref (MNV_KERNEL_ARGS_F32_CONV)
{
  const size_t kernel_size = (size_t) g->k_h * g->k_w * g->in_c;

  for (int oy = oy_begin; oy < oy_end; oy++) {
    for (int ox = 0; ox < g->out_w; ox++) {
      float *out = output + ((size_t) oy * g->out_w + ox) * g->out_c;
      for (int oc = 0; oc < g->out_c; oc++) {
        const float *w = weights + (size_t) oc * kernel_size;
        float acc = bias ? bias[oc] : 0.0f;
        for (int ky = 0; ky < g->k_h; ky++) {
          int iy = mnv_window_tap (oy, ky, g->stride_h, g->dil_h, g->pad_top,
              g->in_h);
          if (iy < 0)
            continue;
          for (int kx = 0; kx < g->k_w; kx++) {
            int ix = mnv_window_tap (ox, kx, g->stride_w, g->dil_w, g->pad_left,
                g->in_w);
            if (ix < 0)
              continue;
            const float *x = input + ((size_t) iy * g->in_w + ix) * g->in_c;
            const float *wk = w + ((size_t) ky * g->k_w + kx) * g->in_c;
            for (int ic = 0; ic < g->in_c; ic++)
              acc += x[ic] * wk[ic];
          }
        }
        out[oc] = mnv_f32_clamp (acc, p->out_min, p->out_max);
      }
    }
  }
}
