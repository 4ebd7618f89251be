/* TFLite_Detection_PostProcess alone, fed the tensors the reference runtime
 * fed it in model A (ref/detect/raw: box encodings and class scores as
 * uint8, the reference's anchors): the four outputs are byte-identical to
 * the reference's.  The model is generated at build time from the data
 * (tests/tools/gen_test_models.py, postprocess_A.tflite). */
#include <stdlib.h>
#include <string.h>

#include "mnv.h"
#include "test_util.h"

static const char *const images[] = { "cat", "kite_and_cold" };
static const char *const outputs[] = { "boxes", "classes", "scores", "count" };

int
main (void)
{
  const char *data = test_data_dir_or_skip ("post-process alone");
  char path[1024];
  mnv_model *m;
  mnv_session *s;
  mnv_error err;

  snprintf (path, sizeof path, "%s/postprocess_A.tflite", test_models_dir ());
  if (mnv_model_open (path, NULL, &m, &err) != MNV_OK) {
    /* Generated only when the build saw the data at its default place. */
    printf ("SKIP post-process alone: %s (built without the test data?)\n",
        err.message);
    return 77;
  }
  CHECK (mnv_model_num_inputs (m) == 2, "two inputs");
  CHECK (mnv_session_create (m, NULL, &s, &err) == MNV_OK, "%s", err.message);
  for (size_t i = 0; i < 2; i++) {
    const char *names[2] = { "box_encodings", "class_predictions" };
    for (int in = 0; in < 2; in++) {
      char file[256];
      size_t size;
      snprintf (file, sizeof file, "A_ssd_mobilenet_v1_quant__%s.%s.u8",
          images[i], names[in]);
      void *bytes = test_read_file (test_path (data, "ref/detect/raw", file),
          &size);
      CHECK (bytes &&
              mnv_session_set_input (s, in, bytes, size, &err) == MNV_OK,
          "%s: %s", file, bytes ? err.message : "missing");
      free (bytes);
    }
    CHECK (mnv_session_run (s, &err) == MNV_OK, "run");
    for (int o = 0; o < 4; o++) {
      char file[256];
      size_t ref_size, out_size;
      snprintf (file, sizeof file, "A_ssd_mobilenet_v1_quant__%s.%s.out",
          images[i], outputs[o]);
      void *ref = test_read_file (test_path (data, "ref/detect/outputs", file),
          &ref_size);
      const void *out = mnv_session_output (s, o, &out_size);
      CHECK (ref && out_size == ref_size && memcmp (out, ref, ref_size) == 0,
          "%s differs", file);
      free (ref);
    }
    printf ("%-14s post-process outputs identical\n", images[i]);
  }
  mnv_session_destroy (s);
  mnv_model_unref (m);
  return test_finish ("post-process alone");
}
