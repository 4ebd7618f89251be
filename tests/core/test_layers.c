/* Every one of the 66 operator outputs of mobilenet_v2_1.0_224_quant on
 * bird_rgb_224.rgb equals the reference runtime's, so a regression points
 * at its layer. */
#include <stdlib.h>
#include <string.h>

#include "mnv.h"
#include "test_util.h"

#define MODEL "mobilenet_v2_1.0_224_quant"
#define IMAGE "bird_rgb"

int
main (void)
{
  const char *data = test_data_dir_or_skip ("layer outputs");
  mnv_session_options opts = { .keep_intermediates = 1 };
  mnv_model *m;
  mnv_error err;
  size_t size;

  mnv_session *s = test_open_session (test_path (data, "models",
                                          MODEL ".tflite"),
      &opts, &m);
  if (!s)
    return test_finish ("layer outputs");
  void *input = test_read_file (test_path (data, "ref/inputs",
                                    IMAGE "_224.rgb"),
      &size);
  CHECK (input && mnv_session_set_input (s, 0, input, size, &err) == MNV_OK,
      "input");
  CHECK (mnv_session_run (s, &err) == MNV_OK, "run");
  free (input);

  int n = mnv_model_num_ops (m), exact = 0;
  CHECK (n == 66, "the model has %d ops, expected 66", n);
  for (int i = 0; i < n; i++) {
    char file[256];
    size_t ref_size;
    snprintf (file, sizeof file, MODEL "__" IMAGE "__op%02d.out", i);
    unsigned char *ref =
        test_read_file (test_path (data, "ref/layers/" MODEL "__" IMAGE, file),
            &ref_size);
    if (!ref) {
      CHECK (0, "missing reference %s", file);
      continue;
    }
    unsigned char *out = malloc (ref_size);
    if (mnv_session_read_op_output (s, i, out, ref_size, &err) != MNV_OK) {
      CHECK (0, "op %d: %s", i, err.message);
    } else {
      size_t diffs = 0;
      for (size_t j = 0; j < ref_size; j++)
        diffs += out[j] != ref[j];
      CHECK (diffs == 0, "op %d (%s): %zu of %zu bytes differ", i,
          mnv_model_op_name (m, i), diffs, ref_size);
      exact += diffs == 0;
    }
    free (out);
    free (ref);
  }
  printf ("%d of %d operator outputs identical\n", exact, n);
  mnv_session_destroy (s);
  mnv_model_unref (m);
  return test_finish ("layer outputs");
}
