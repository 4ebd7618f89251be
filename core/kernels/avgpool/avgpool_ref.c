/* AVERAGE_POOL_2D reference kernels.  Windows clipped by padding average
 * only the positions inside the image (TFLite semantics). */
#include "../kernels.h"
#include "../requant.h"

void
mnv_qs8_avgpool_ukernel__ref (const mnv_conv_geom *g, const int8_t *input,
    int8_t *output, const mnv_qs8_avgpool_params *p)
{
  for (int oy = 0; oy < g->out_h; oy++) {
    for (int ox = 0; ox < g->out_w; ox++) {
      for (int c = 0; c < g->in_c; c++) {
        int32_t sum = 0, count = 0;
        for (int ky = 0; ky < g->k_h; ky++) {
          int iy = oy * g->stride_h - g->pad_top + ky;
          if (iy < 0 || iy >= g->in_h)
            continue;
          for (int kx = 0; kx < g->k_w; kx++) {
            int ix = ox * g->stride_w - g->pad_left + kx;
            if (ix < 0 || ix >= g->in_w)
              continue;
            sum += input[((size_t) iy * g->in_w + ix) * g->in_c + c] +
                p->offset;
            count++;
          }
        }
        int32_t v = 0;
        if (count > 0) {
          /* uint8: (sum + n/2) / n; int8: the same rounding half away from
           * zero for negative sums. */
          v = sum >= 0 ? (sum + count / 2) / count :
              (sum - count / 2) / count;
        }
        output[((size_t) oy * g->out_w + ox) * g->in_c + c] =
            (int8_t) mnv_clamp_i32 ((int64_t) v - p->offset, p->out_min,
            p->out_max);
      }
    }
  }
}

void
mnv_f32_avgpool_ukernel__ref (const mnv_conv_geom *g, const float *input,
    float *output, const mnv_f32_minmax_params *p)
{
  for (int oy = 0; oy < g->out_h; oy++) {
    for (int ox = 0; ox < g->out_w; ox++) {
      for (int c = 0; c < g->in_c; c++) {
        float sum = 0.0f;
        int count = 0;
        for (int ky = 0; ky < g->k_h; ky++) {
          int iy = oy * g->stride_h - g->pad_top + ky;
          if (iy < 0 || iy >= g->in_h)
            continue;
          for (int kx = 0; kx < g->k_w; kx++) {
            int ix = ox * g->stride_w - g->pad_left + kx;
            if (ix < 0 || ix >= g->in_w)
              continue;
            sum += input[((size_t) iy * g->in_w + ix) * g->in_c + c];
            count++;
          }
        }
        float v = count > 0 ? sum / (float) count : 0.0f;
        output[((size_t) oy * g->out_w + ox) * g->in_c + c] =
            mnv_f32_clamp (v, p->out_min, p->out_max);
      }
    }
  }
}
