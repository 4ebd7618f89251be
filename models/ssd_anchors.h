/* SSD anchors generated from an anchor-generator configuration, for models
 * that end in raw box encodings and class scores (no post-process op, so no
 * anchor tensor in the file).  The defaults are those of the TensorFlow
 * Object Detection API's ssd_anchor_generator in every SSD / SSDLite
 * MobileNet COCO config: 6 layers, scales 0.2 to 0.95, aspect ratios 1, 2,
 * 1/2, 3, 1/3 plus an interpolated scale, 3 boxes in the lowest layer. */
#ifndef MNV_SSD_ANCHORS_H
#define MNV_SSD_ANCHORS_H

#define MNV_SSD_MAX_LAYERS 8
#define MNV_SSD_MAX_RATIOS 8

typedef struct {
  int num_layers;
  float min_scale, max_scale;
  int num_ratios;
  float aspect_ratios[MNV_SSD_MAX_RATIOS];
  float interpolated_scale_aspect_ratio; /* 0: no extra box */
  int reduce_boxes_in_lowest_layer;
  int fmap_h[MNV_SSD_MAX_LAYERS], fmap_w[MNV_SSD_MAX_LAYERS];
} mnv_ssd_anchor_config;

/* The default configuration for an input of WIDTH x HEIGHT: feature maps
 * at output stride 16 (rounded up), then halved (rounded up) per layer —
 * 19, 10, 5, 3, 2, 1 for 300x300. */
void mnv_ssd_anchor_config_default (mnv_ssd_anchor_config *cfg, int width,
    int height);

/* Number of anchors CFG generates. */
int mnv_ssd_anchor_count (const mnv_ssd_anchor_config *cfg);

/* Writes mnv_ssd_anchor_count() anchors as (yc, xc, h, w), normalized, in
 * the API's order: per layer, per grid row, per column, per box. */
void mnv_ssd_anchors_generate (const mnv_ssd_anchor_config *cfg,
    float *anchors);

#endif
