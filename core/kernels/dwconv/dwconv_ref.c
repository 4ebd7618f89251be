/* DEPTHWISE_CONV_2D reference kernels.  Weights are [k_h][k_w][out_c] with
 * out_c = in_c * depth_multiplier; output channel oc reads input oc / M. */
#include "../kernels.h"
#include "../requant.h"

void
mnv_qs8_dwconv_1x1__ref (MNV_KERNEL_ARGS_QS8_CONV)
{
  const int m = g->depth_multiplier;

  for (int oy = oy_begin; oy < oy_end; oy++) {
    for (int ox = 0; ox < g->out_w; ox++) {
      int8_t *out = output + ((size_t) oy * g->out_w + ox) * g->out_c;
      for (int oc = 0; oc < g->out_c; oc++) {
        const int ic = oc / m;
        int32_t sum = 0;
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
            int32_t x = input[((size_t) iy * g->in_w + ix) * g->in_c + ic];
            int32_t w = weights[((size_t) ky * g->k_w + kx) * g->out_c + oc];
            sum += (x - p->in_zp) * w;
          }
        }
        int32_t acc = (int32_t) ((uint32_t) (bias ? bias[oc] : 0) +
            (uint32_t) sum);
        out[oc] = mnv_qs8_requantize (acc, p->scale[oc], p->out_zp, p->out_min,
            p->out_max);
      }
    }
  }
}

void
mnv_f32_dwconv_1x1__ref (MNV_KERNEL_ARGS_F32_CONV)
{
  const int m = g->depth_multiplier;

  for (int oy = oy_begin; oy < oy_end; oy++) {
    for (int ox = 0; ox < g->out_w; ox++) {
      float *out = output + ((size_t) oy * g->out_w + ox) * g->out_c;
      for (int oc = 0; oc < g->out_c; oc++) {
        const int ic = oc / m;
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
            acc += input[((size_t) iy * g->in_w + ix) * g->in_c + ic] *
                weights[((size_t) ky * g->k_w + kx) * g->out_c + oc];
          }
        }
        out[oc] = mnv_f32_clamp (acc, p->out_min, p->out_max);
      }
    }
  }
}
