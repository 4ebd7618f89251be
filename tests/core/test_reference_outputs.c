/* The three quantized classifiers reproduce the reference runtime's output
 * bytes exactly on every 224x224 input in ref/inputs. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "mnv.h"
#include "test_util.h"

static const char *const models[] = {
  "mobilenet_v2_1.0_224_quant",
  "tf2_mobilenet_v2_1.0_224_ptq",
  "mobilenet_v2_1.0_224_inat_bird_quant",
};

static int
check_one (mnv_session *s, const char *data, const char *model,
    const char *image)
{
  char name[512], file[512];
  size_t in_size, ref_size, out_size;
  mnv_error err;

  snprintf (name, sizeof name, "%s_224.rgb", image);
  void *input = test_read_file (test_path (data, "ref/inputs", name), &in_size);
  snprintf (file, sizeof file, "%s__%s.out", model, image);
  void *ref = test_read_file (test_path (data, "ref/outputs", file), &ref_size);
  if (!input || !ref) {
    /* An input without a reference for this model is not a failure. */
    free (input);
    free (ref);
    return 0;
  }
  CHECK (mnv_session_set_input (s, 0, input, in_size, &err) == MNV_OK, "%s: %s",
      name, err.message);
  CHECK (mnv_session_run (s, &err) == MNV_OK, "%s", err.message);
  const unsigned char *out = mnv_session_output (s, 0, &out_size);
  CHECK (out_size == ref_size, "%s: output %zu bytes, reference %zu", file,
      out_size, ref_size);
  if (out_size == ref_size) {
    size_t diffs = 0, first = 0;
    for (size_t i = 0; i < out_size; i++)
      if (out[i] != ((unsigned char *) ref)[i] && diffs++ == 0)
        first = i;
    CHECK (diffs == 0, "%s: %zu bytes differ, first at %zu (%u vs %u)", file,
        diffs, first, out[first], ((unsigned char *) ref)[first]);
    printf ("%-40s %-16s %s\n", model, image, diffs ? "DIFFERS" : "exact");
  }
  free (input);
  free (ref);
  return 1;
}

int
main (void)
{
  const char *data = test_data_dir_or_skip ("reference outputs");
  int compared = 0;

  for (size_t k = 0; k < sizeof models / sizeof models[0]; k++) {
    char file[256];
    mnv_model *m;

    snprintf (file, sizeof file, "%s.tflite", models[k]);
    mnv_session *s = test_open_session (test_path (data, "models", file), NULL,
        &m);
    if (!s)
      continue;

    DIR *d = opendir (test_path (data, "ref/inputs", NULL));
    struct dirent *e;
    CHECK (d != NULL, "cannot list ref/inputs");
    while (d && (e = readdir (d))) {
      size_t len = strlen (e->d_name);
      const char *suffix = "_224.rgb";
      if (len <= 8 || strcmp (e->d_name + len - 8, suffix) != 0)
        continue;
      char image[256];
      snprintf (image, sizeof image, "%.*s", (int) (len - 8), e->d_name);
      compared += check_one (s, data, models[k], image);
    }
    if (d)
      closedir (d);
    mnv_session_destroy (s);
    mnv_model_unref (m);
  }
  CHECK (compared >= 18, "only %d model/input pairs were compared", compared);
  return test_finish ("reference outputs");
}
