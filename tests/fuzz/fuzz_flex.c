/* libFuzzer target: the FlexBuffers reader of custom op options. */
#include <stddef.h>

#include "flexbuf.h"

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput (const unsigned char *data, size_t size)
{
  static const char *const keys[] = { "max_detections", "num_classes",
    "nms_iou_threshold", "y_scale", "use_regular_nms", "" };
  double v;
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
    mnv_flex_map_number (data, size, keys[i], &v);
  return 0;
}
