/* AVERAGE_POOL_2D reference kernels.  Windows clipped by padding average
 * only the positions inside the image (TFLite semantics).
 *
 * Channels are summed a block at a time with the window walked outside
 * them, so the reads are contiguous (a global 7x7x1280 pool took 0.077 ms
 * walking each channel's window on its own); every channel still adds its
 * window's values in the same order.  Full blocks loop a fixed count so
 * the compiler vectorizes them at -O2 (0.077 -> 0.010 ms). */
#include "../kernels.h"
#include "../requant.h"

#define CHANNEL_BLOCK 256

/* Positions of the window of output pixel (OY, OX) inside the image. */
static int
window (const mnv_conv_geom *g, int oy, int ox, int *y0, int *y1, int *x0,
    int *x1)
{
  const int iy = oy * g->stride_h - g->pad_top;
  const int ix = ox * g->stride_w - g->pad_left;
  *y0 = iy < 0 ? 0 : iy;
  *y1 = iy + g->k_h < g->in_h ? iy + g->k_h : g->in_h;
  *x0 = ix < 0 ? 0 : ix;
  *x1 = ix + g->k_w < g->in_w ? ix + g->k_w : g->in_w;
  return *y1 > *y0 && *x1 > *x0 ? (*y1 - *y0) * (*x1 - *x0) : 0;
}

void
mnv_qs8_avgpool_1x1__ref (const mnv_conv_geom *g, const int8_t *input,
    int8_t *output, const mnv_qs8_avgpool_params *p)
{
  int32_t sum[CHANNEL_BLOCK];

  for (int oy = 0; oy < g->out_h; oy++) {
    for (int ox = 0; ox < g->out_w; ox++) {
      int y0, y1, x0, x1;
      const int32_t count = window (g, oy, ox, &y0, &y1, &x0, &x1);
      int8_t *out = output + ((size_t) oy * g->out_w + ox) * g->in_c;
      for (int c0 = 0; c0 < g->in_c; c0 += CHANNEL_BLOCK) {
        const int nc = g->in_c - c0 < CHANNEL_BLOCK ? g->in_c - c0 :
                                                      CHANNEL_BLOCK;
        for (int c = 0; c < nc; c++)
          sum[c] = 0;
        for (int iy = y0; iy < y1; iy++)
          for (int ix = x0; ix < x1; ix++) {
            const int8_t *in = input + ((size_t) iy * g->in_w + ix) * g->in_c +
                c0;
            if (nc == CHANNEL_BLOCK) /* a fixed count: vectorized at -O2 */
              for (int c = 0; c < CHANNEL_BLOCK; c++)
                sum[c] += in[c];
            else
              for (int c = 0; c < nc; c++)
                sum[c] += in[c];
          }
        for (int c = 0; c < nc; c++)
          sum[c] += count * p->offset;
        for (int c = 0; c < nc; c++) {
          int32_t v = 0;
          if (count > 0) {
            /* uint8: (sum + n/2) / n; int8: the same rounding half away
             * from zero for negative sums. */
            v = sum[c] >= 0 ? (sum[c] + count / 2) / count :
                              (sum[c] - count / 2) / count;
          }
          out[c0 + c] = (int8_t) mnv_clamp_i32 ((int64_t) v - p->offset,
              p->out_min, p->out_max);
        }
      }
    }
  }
}

void
mnv_f32_avgpool_1x1__ref (const mnv_conv_geom *g, const float *input,
    float *output, const mnv_f32_minmax_params *p)
{
  float sum[CHANNEL_BLOCK];

  for (int oy = 0; oy < g->out_h; oy++) {
    for (int ox = 0; ox < g->out_w; ox++) {
      int y0, y1, x0, x1;
      const int count = window (g, oy, ox, &y0, &y1, &x0, &x1);
      float *out = output + ((size_t) oy * g->out_w + ox) * g->in_c;
      for (int c0 = 0; c0 < g->in_c; c0 += CHANNEL_BLOCK) {
        const int nc = g->in_c - c0 < CHANNEL_BLOCK ? g->in_c - c0 :
                                                      CHANNEL_BLOCK;
        for (int c = 0; c < nc; c++)
          sum[c] = 0.0f;
        for (int iy = y0; iy < y1; iy++)
          for (int ix = x0; ix < x1; ix++) {
            const float *in = input + ((size_t) iy * g->in_w + ix) * g->in_c +
                c0;
            if (nc == CHANNEL_BLOCK)
              for (int c = 0; c < CHANNEL_BLOCK; c++)
                sum[c] += in[c];
            else
              for (int c = 0; c < nc; c++)
                sum[c] += in[c];
          }
        for (int c = 0; c < nc; c++) {
          float v = count > 0 ? sum[c] / (float) count : 0.0f;
          out[c0 + c] = mnv_f32_clamp (v, p->out_min, p->out_max);
        }
      }
    }
  }
}
