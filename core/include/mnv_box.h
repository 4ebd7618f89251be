/* Axis-aligned box geometry shared by the detection post-process op and the
 * detector's class-agnostic NMS, so both suppress by the same number.
 * Inline: NMS calls it for every pair of candidates. */
#ifndef MNV_BOX_H
#define MNV_BOX_H

#include <math.h>

/* Intersection over union of two boxes given as two corners, min then max:
 * (y_min, x_min, y_max, x_max) or (x_min, y_min, x_max, y_max), as long as
 * both use the same order.  float32 throughout, as the reference runtime
 * computes it; 0 when either box is empty. */
static inline float
mnv_box_iou (const float a[4], const float b[4])
{
  const float area_a = (a[2] - a[0]) * (a[3] - a[1]);
  const float area_b = (b[2] - b[0]) * (b[3] - b[1]);
  if (area_a <= 0.0f || area_b <= 0.0f)
    return 0.0f;
  const float lo0 = fmaxf (a[0], b[0]), lo1 = fmaxf (a[1], b[1]);
  const float hi0 = fminf (a[2], b[2]), hi1 = fminf (a[3], b[3]);
  const float inter = fmaxf (hi0 - lo0, 0.0f) * fmaxf (hi1 - lo1, 0.0f);
  return inter / (area_a + area_b - inter);
}

#endif
