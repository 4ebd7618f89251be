/* The FlexBuffers reader on the options map of a real detection model
 * (keys and numbers only), and on damaged copies of it. */
#include <stdlib.h>
#include <string.h>

#include "flexbuf.h"
#include "test_util.h"

/* TFLite_Detection_PostProcess custom options of
 * coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite. */
static const char options_hex[] =
    "795f7363616c65005f6f75747075745f7175616e74697a6564006d61785f6465746563"
    "74696f6e73006e6d735f73636f72655f7468726573686f6c6400775f7363616c650078"
    "5f7363616c65006e6d735f696f755f7468726573686f6c6400685f7363616c65006d61"
    "785f636c61737365735f7065725f646574656374696f6e006e756d5f636c6173736573"
    "000a86302977456a135851970a000000010000000a000000010000000000a040010000"
    "000a0000009a99193f77cc2b325a0000000000a04000002041000020416a0e06060e0e"
    "060e0e0e322601";

int
main (void)
{
  size_t n = strlen (options_hex) / 2;
  uint8_t *buf = malloc (n), *b = malloc (n);
  double v;
  for (size_t i = 0; i < n; i++) {
    unsigned x;
    sscanf (options_hex + 2 * i, "%2x", &x);
    buf[i] = (uint8_t) x;
  }
  CHECK (mnv_flex_map_number (buf, n, "max_detections", &v) && v == 10,
      "max_detections %g", v);
  CHECK (mnv_flex_map_number (buf, n, "num_classes", &v) && v == 90,
      "num_classes");
  CHECK (mnv_flex_map_number (buf, n, "max_classes_per_detection", &v) &&
          v == 1,
      "max_classes_per_detection");
  CHECK (mnv_flex_map_number (buf, n, "nms_iou_threshold", &v) &&
          (float) v == 0.6f,
      "nms_iou_threshold %g", v);
  CHECK (mnv_flex_map_number (buf, n, "nms_score_threshold", &v) &&
          (float) v == 1e-8f,
      "nms_score_threshold %g", v);
  CHECK (mnv_flex_map_number (buf, n, "y_scale", &v) && v == 10, "y_scale");
  CHECK (mnv_flex_map_number (buf, n, "w_scale", &v) && v == 5, "w_scale");
  CHECK (mnv_flex_map_number (buf, n, "_output_quantized", &v) && v == 1,
      "bool");
  CHECK (!mnv_flex_map_number (buf, n, "use_regular_nms", &v), "absent key");
  CHECK (!mnv_flex_map_number (buf, n, "y_scal", &v), "prefix of a key");
  CHECK (!mnv_flex_map_number (NULL, 0, "y_scale", &v), "no buffer");

  /* Every truncation and every single-byte change: no crash, and an
   * answer only where the data still says something. */
  for (size_t len = 0; len < n; len++)
    mnv_flex_map_number (buf, len, "num_classes", &v);
  for (size_t i = 0; i < n; i++)
    for (int x = 0; x < 256; x += 17) {
      memcpy (b, buf, n);
      b[i] = (uint8_t) x;
      mnv_flex_map_number (b, n, "num_classes", &v);
      mnv_flex_map_number (b, n, "nms_iou_threshold", &v);
    }
  free (buf);
  free (b);
  return test_finish ("flexbuffers");
}
