/* SSD detection with TFLite_Detection_PostProcess:
 * - model A (coco_ssd_mobilenet_v1, uint8): the four outputs (boxes,
 *   classes, scores, count) identical to the reference runtime's on every
 *   *_300.rgb input in ref/detect/inputs;
 * - model B (SSD MobileNetV2 FPN-lite, int8 weights on float activations,
 *   run with the weights dequantized): within 1e-4 of the float-weights
 *   reference on every *_320.f32 input, same classes and count. */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mnv.h"
#include "test_util.h"

static const char *const outputs[] = { "boxes", "classes", "scores", "count" };

typedef struct {
  const char *data, *tag;
  int exact; /* byte-identical, else within 1e-4 */
} model_case;

/* Runs the session on IMAGE's input and compares the four outputs. */
static void
check_image (mnv_session *s, const model_case *mc, const char *file,
    const char *image)
{
  size_t in_size;
  mnv_error err;
  void *input = test_read_file (test_path (mc->data, "ref/detect/inputs", file),
      &in_size);
  CHECK (input && mnv_session_set_input (s, 0, input, in_size, &err) == MNV_OK,
      "%s: input", image);
  CHECK (mnv_session_run (s, &err) == MNV_OK, "run");
  free (input);

  float worst = 0.0f;
  for (int o = 0; o < 4; o++) {
    char name[512];
    size_t ref_size, out_size;
    snprintf (name, sizeof name, "%s__%s.%s.out", mc->tag, image, outputs[o]);
    float *ref = test_read_file (test_path (mc->data, "ref/detect/outputs",
                                     name),
        &ref_size);
    const float *out = mnv_session_output (s, o, &out_size);
    CHECK (ref && out_size == ref_size, "%s: size", name);
    for (size_t i = 0; ref && out_size == ref_size && i < ref_size / 4; i++) {
      /* Classes and count are exact for both models. */
      const int exact = mc->exact || o == 1 || o == 3;
      const float diff = fabsf (out[i] - ref[i]);
      CHECK (exact ? memcmp (&out[i], &ref[i], 4) == 0 : diff <= 1e-4f,
          "%s[%zu]: %g vs %g", name, i, (double) out[i], (double) ref[i]);
      if (diff > worst)
        worst = diff;
    }
    free (ref);
  }
  float count;
  memcpy (&count, mnv_session_output (s, 3, NULL), 4);
  printf ("%-28s %-16s %2.0f detections, max |difference| %.2g\n", mc->tag,
      image, (double) count, (double) worst);
}

/* Every reference input ending in SUFFIX through MODEL; returns how many. */
static int
check_model (const model_case *mc, const char *model, const char *suffix)
{
  mnv_model *m;
  int images = 0;

  mnv_session *s = test_open_session (test_path (mc->data, "models", model),
      NULL, &m);
  if (!s)
    return 0;
  CHECK (mnv_model_num_outputs (m) == 4, "4 outputs");
  DIR *d = opendir (test_path (mc->data, "ref/detect/inputs", NULL));
  struct dirent *e;
  const size_t sl = strlen (suffix);
  while (d && (e = readdir (d))) {
    size_t len = strlen (e->d_name);
    if (len <= sl || strcmp (e->d_name + len - sl, suffix) != 0)
      continue;
    char image[256];
    snprintf (image, sizeof image, "%.*s", (int) (len - sl), e->d_name);
    check_image (s, mc, e->d_name, image);
    images++;
  }
  if (d)
    closedir (d);
  mnv_session_destroy (s);
  mnv_model_unref (m);
  return images;
}

int
main (void)
{
  const char *data = test_data_dir_or_skip ("detection");
  const model_case a = { data, "A_ssd_mobilenet_v1_quant", 1 };
  const model_case b = { data, "B_ssd_mnv2_fpnlite_320_floatw", 0 };
  int n;

  n = check_model (&a, "coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite",
      "_300.rgb");
  CHECK (n >= 4, "only %d images for model A", n);
  n = check_model (&b, "ssd_mobilenet_v2_fpnlite_320x320_coco17_dynamic.tflite",
      "_320.f32");
  CHECK (n >= 4, "only %d images for model B", n);
  return test_finish ("detection");
}
