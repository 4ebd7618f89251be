/* SSD detection with TFLite_Detection_PostProcess:
 * - model A (coco_ssd_mobilenet_v1, uint8): the four outputs (boxes,
 *   classes, scores, count) identical to the reference runtime's on every
 *   *_300.rgb input in ref/detect/inputs;
 * - model B (SSD MobileNetV2 FPN-lite, int8 weights on float activations,
 *   run with the weights dequantized): within 1e-4 of the float-weights
 *   reference on every *_320.f32 input, same classes and count. */
#include <math.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "mnv.h"
#include "test_util.h"

#define MODEL "coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite"
#define TAG "A_ssd_mobilenet_v1_quant"

static const char *const outputs[] = { "boxes", "classes", "scores",
  "count"
};

#define MODEL_B "ssd_mobilenet_v2_fpnlite_320x320_coco17_dynamic.tflite"
#define TAG_B "B_ssd_mnv2_fpnlite_320_floatw"

static void
check_model_b (const char *data)
{
  mnv_model *m;
  mnv_session *s;
  mnv_error err;
  int images = 0;

  if (mnv_model_open (test_path (data, "models", MODEL_B), NULL, &m, &err)) {
    CHECK (0, "%s", err.message);
    return;
  }
  CHECK (mnv_session_create (m, NULL, &s, &err) == MNV_OK, "%s", err.message);
  DIR *d = opendir (test_path (data, "ref/detect/inputs", NULL));
  struct dirent *e;
  while (d && (e = readdir (d))) {
    size_t len = strlen (e->d_name), in_size;
    if (len <= 8 || strcmp (e->d_name + len - 8, "_320.f32") != 0)
      continue;
    char image[256], file[512];
    snprintf (image, sizeof image, "%.*s", (int) (len - 8), e->d_name);
    void *input = test_read_file (test_path (data, "ref/detect/inputs",
            e->d_name), &in_size);
    CHECK (input && mnv_session_set_input (s, 0, input, in_size, &err) ==
        MNV_OK, "%s: input", image);
    CHECK (mnv_session_run (s, &err) == MNV_OK, "run");
    free (input);
    float worst = 0.0f;
    for (int o = 0; o < 4; o++) {
      size_t ref_size, out_size;
      snprintf (file, sizeof file, TAG_B "__%s.%s.out", image, outputs[o]);
      float *ref = test_read_file (test_path (data, "ref/detect/outputs",
              file), &ref_size);
      const float *out = mnv_session_output (s, o, &out_size);
      CHECK (ref && out_size == ref_size, "%s: size", file);
      for (size_t i = 0; ref && out_size == ref_size && i < ref_size / 4;
          i++) {
        float diff = fabsf (out[i] - ref[i]);
        if (o == 1 || o == 3)
          CHECK (out[i] == ref[i], "%s[%zu]: %g vs %g", file, i,
              (double) out[i], (double) ref[i]);
        else
          CHECK (diff <= 1e-4f, "%s[%zu]: %g vs %g", file, i,
              (double) out[i], (double) ref[i]);
        if (diff > worst)
          worst = diff;
      }
      free (ref);
    }
    printf ("%-16s FPN-lite: max |difference| %.2g\n", image, (double) worst);
    images++;
  }
  if (d)
    closedir (d);
  CHECK (images >= 4, "only %d FPN-lite images compared", images);
  mnv_session_destroy (s);
  mnv_model_unref (m);
}

int
main (void)
{
  const char *data = test_data_dir_or_skip ("detection");
  mnv_model *m;
  mnv_session *s;
  mnv_error err;
  int images = 0;

  if (mnv_model_open (test_path (data, "models", MODEL), NULL, &m, &err)) {
    CHECK (0, "%s", err.message);
    return test_finish ("detection");
  }
  CHECK (mnv_model_num_outputs (m) == 4, "4 outputs");
  CHECK (mnv_session_create (m, NULL, &s, &err) == MNV_OK, "%s", err.message);

  DIR *d = opendir (test_path (data, "ref/detect/inputs", NULL));
  struct dirent *e;
  while (d && (e = readdir (d))) {
    size_t len = strlen (e->d_name), in_size;
    if (len <= 8 || strcmp (e->d_name + len - 8, "_300.rgb") != 0)
      continue;
    char image[256], file[512];
    snprintf (image, sizeof image, "%.*s", (int) (len - 8), e->d_name);
    void *input = test_read_file (test_path (data, "ref/detect/inputs",
            e->d_name), &in_size);
    CHECK (input && mnv_session_set_input (s, 0, input, in_size, &err) ==
        MNV_OK, "%s: input", image);
    CHECK (mnv_session_run (s, &err) == MNV_OK, "run");
    free (input);
    for (int o = 0; o < 4; o++) {
      size_t ref_size, out_size;
      snprintf (file, sizeof file, TAG "__%s.%s.out", image, outputs[o]);
      void *ref = test_read_file (test_path (data, "ref/detect/outputs",
              file), &ref_size);
      const void *out = mnv_session_output (s, o, &out_size);
      CHECK (ref && out_size == ref_size && memcmp (out, ref, ref_size) == 0,
          "%s differs", file);
      free (ref);
    }
    float count;
    memcpy (&count, mnv_session_output (s, 3, NULL), 4);
    printf ("%-16s %2.0f detections, all four outputs identical\n", image,
        (double) count);
    images++;
  }
  if (d)
    closedir (d);
  CHECK (images >= 4, "only %d images compared", images);
  mnv_session_destroy (s);
  mnv_model_unref (m);
  check_model_b (data);
  return test_finish ("detection");
}
