/* The float32 MobileNetV2 matches the reference within 1e-5 with the same
 * top-5 order (ref/float/README.md: float kernels differ in last bits). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"
#include "mnv.h"
#include "test_util.h"

static const char *const images[] = {
  "bird",
  "bird_rgb",
  "cat",
  "cat_720p",
  "grace_hopper",
  "kite_and_cold",
};

int
main (void)
{
  const char *data = test_data_dir_or_skip ("float model");
  mnv_model *m;
  mnv_error err;
  mnv_session *s = test_open_session (test_path (data, "models",
                                          "mobilenet_v2_1.0_224_float.tflite"),
      NULL, &m);
  if (!s)
    return test_finish ("float model");
  for (size_t k = 0; k < sizeof images / sizeof images[0]; k++) {
    char in_name[128], out_name[160];
    size_t in_size, ref_size, out_size;
    snprintf (in_name, sizeof in_name, "%s_224.f32", images[k]);
    snprintf (out_name, sizeof out_name, "mobilenet_v2_1.0_224_float__%s.out",
        images[k]);
    void *input = test_read_file (test_path (data, "ref/float/inputs", in_name),
        &in_size);
    float *ref = test_read_file (test_path (data, "ref/float/outputs",
                                     out_name),
        &ref_size);
    CHECK (input && ref, "missing %s or %s", in_name, out_name);
    if (!input || !ref) {
      free (input);
      free (ref);
      continue;
    }
    CHECK (mnv_session_set_input (s, 0, input, in_size, &err) == MNV_OK, "%s",
        err.message);
    CHECK (mnv_session_run (s, &err) == MNV_OK, "%s", err.message);
    const float *out = mnv_session_output (s, 0, &out_size);
    CHECK (out_size == ref_size, "output size %zu vs %zu", out_size, ref_size);

    int n = (int) (ref_size / 4);
    float maxdiff = 0.0f;
    for (int i = 0; i < n && out_size == ref_size; i++) {
      float d = fabsf (out[i] - ref[i]);
      if (!(d <= maxdiff))
        maxdiff = d;
    }
    CHECK (maxdiff <= 1e-5f, "%s: max difference %g over 1e-5", images[k],
        (double) maxdiff);

    mnv_class_result a[5], b[5];
    int ka = mnv_classifier_top_k (out, n, 5, NULL, a);
    int kb = mnv_classifier_top_k (ref, n, 5, NULL, b);
    CHECK (ka == 5 && kb == 5, "top-5");
    for (int i = 0; i < 5; i++)
      CHECK (a[i].index == b[i].index,
          "%s: rank %d is class %d, reference "
          "%d",
          images[k], i + 1, a[i].index, b[i].index);
    printf ("%-14s max |diff| %.3g, top-1 class %d\n", images[k],
        (double) maxdiff, a[0].index);
    free (input);
    free (ref);
  }
  mnv_session_destroy (s);
  mnv_model_unref (m);
  return test_finish ("float model");
}
