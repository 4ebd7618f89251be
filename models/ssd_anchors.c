#include <math.h>

#include "ssd_anchors.h"

void
mnv_ssd_anchor_config_default (mnv_ssd_anchor_config *cfg, int width,
    int height)
{
  static const float ratios[] = { 1.0f, 2.0f, 0.5f, 3.0f, 0.3333f };
  *cfg = (mnv_ssd_anchor_config){
    .num_layers = 6,
    .min_scale = 0.2f,
    .max_scale = 0.95f,
    .num_ratios = 5,
    .interpolated_scale_aspect_ratio = 1.0f,
    .reduce_boxes_in_lowest_layer = 1,
  };
  for (int i = 0; i < 5; i++)
    cfg->aspect_ratios[i] = ratios[i];
  int h = (height + 15) / 16, w = (width + 15) / 16;
  for (int l = 0; l < cfg->num_layers; l++) {
    cfg->fmap_h[l] = h;
    cfg->fmap_w[l] = w;
    h = (h + 1) / 2;
    w = (w + 1) / 2;
  }
}

/* Box (scale, aspect ratio) pairs of layer L; returns how many. */
static int
layer_boxes (const mnv_ssd_anchor_config *cfg, int l, double scale[],
    double ratio[])
{
  const int L = cfg->num_layers;
  const double s = cfg->min_scale +
      (cfg->max_scale - cfg->min_scale) * l / (L > 1 ? L - 1 : 1);
  const double s_next = l + 1 < L ? cfg->min_scale +
          (cfg->max_scale - cfg->min_scale) * (l + 1) / (L > 1 ? L - 1 : 1) :
                                    1.0;
  int n = 0;
  if (l == 0 && cfg->reduce_boxes_in_lowest_layer) {
    scale[n] = 0.1, ratio[n++] = 1.0;
    scale[n] = s, ratio[n++] = 2.0;
    scale[n] = s, ratio[n++] = 0.5;
    return n;
  }
  for (int r = 0; r < cfg->num_ratios; r++)
    scale[n] = s, ratio[n++] = cfg->aspect_ratios[r];
  if (cfg->interpolated_scale_aspect_ratio > 0.0f)
    scale[n] = sqrt (s * s_next),
    ratio[n++] = cfg->interpolated_scale_aspect_ratio;
  return n;
}

int
mnv_ssd_anchor_count (const mnv_ssd_anchor_config *cfg)
{
  double scale[MNV_SSD_MAX_RATIOS + 1], ratio[MNV_SSD_MAX_RATIOS + 1];
  int total = 0;
  for (int l = 0; l < cfg->num_layers; l++)
    total += cfg->fmap_h[l] * cfg->fmap_w[l] *
        layer_boxes (cfg, l, scale, ratio);
  return total;
}

void
mnv_ssd_anchors_generate (const mnv_ssd_anchor_config *cfg, float *out)
{
  double scale[MNV_SSD_MAX_RATIOS + 1], ratio[MNV_SSD_MAX_RATIOS + 1];
  for (int l = 0; l < cfg->num_layers; l++) {
    const int nb = layer_boxes (cfg, l, scale, ratio);
    /* Stride 1 / size and offset half a stride, as the API computes them
     * in float32. */
    const float sy = 1.0f / (float) cfg->fmap_h[l];
    const float sx = 1.0f / (float) cfg->fmap_w[l];
    for (int y = 0; y < cfg->fmap_h[l]; y++)
      for (int x = 0; x < cfg->fmap_w[l]; x++)
        for (int b = 0; b < nb; b++) {
          const float r = (float) sqrt (ratio[b]);
          *out++ = (float) y * sy + 0.5f * sy;
          *out++ = (float) x * sx + 0.5f * sx;
          *out++ = (float) scale[b] / r;
          *out++ = (float) scale[b] * r;
        }
  }
}
