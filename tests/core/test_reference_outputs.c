/* The three quantized classifiers reproduce the reference runtime's output
 * bytes exactly on every 224x224 input in ref/inputs, given with
 * mnv_session_set_input, written in place (mnv_session_input_buffer, in
 * the type the session keeps), and as an element gives a frame
 * (mnv_session_set_input_image, in bands on the session's two threads). */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "mnv.h"
#include "mnv_image.h"
#include "test_util.h"

static const char *const models[] = {
  "mobilenet_v2_1.0_224_quant",
  "tf2_mobilenet_v2_1.0_224_ptq",
  "mobilenet_v2_1.0_224_inat_bird_quant",
};

/* The output of S (0) against REF (REF_SIZE bytes) for FILE. */
static void
check_output (mnv_session *s, const char *file, const void *ref,
    size_t ref_size, const char *how)
{
  size_t out_size;
  const unsigned char *out = mnv_session_output (s, 0, &out_size);
  CHECK (out_size == ref_size, "%s: output %zu bytes, reference %zu", file,
      out_size, ref_size);
  if (out_size == ref_size) {
    size_t diffs = 0, first = 0;
    for (size_t i = 0; i < out_size; i++)
      if (out[i] != ((const unsigned char *) ref)[i] && diffs++ == 0)
        first = i;
    CHECK (diffs == 0, "%s (%s): %zu bytes differ, first at %zu (%u vs %u)",
        file, how, diffs, first, out[first],
        ((const unsigned char *) ref)[first]);
    printf ("%-60s %-8s %s\n", file, how, diffs ? "DIFFERS" : "exact");
  }
}

static int
check_one (mnv_session *s, const mnv_model *m, const char *data,
    const char *model, const char *image)
{
  char name[512], file[512];
  size_t in_size, ref_size;
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
  check_output (s, file, ref, ref_size, "copied");

  /* In place: a uint8 input is kept as int8 (top bit flipped).  Another
   * input first, so that what the in-place bytes do is seen. */
  void *other;
  other = calloc (1, in_size);
  mnv_session_set_input (s, 0, other, in_size, &err);
  mnv_session_run (s, &err);
  free (other);
  mnv_tensor_info info;
  mnv_model_input_info (m, 0, &info);
  mnv_type stored = MNV_TYPE_FLOAT32;
  unsigned char *in = mnv_session_input_buffer (s, 0, &stored);
  CHECK (in != NULL && info.bytes == in_size &&
          stored == (info.type == MNV_TYPE_UINT8 ? MNV_TYPE_INT8 : info.type),
      "%s: input buffer %p, stored type %d for declared %d", name, (void *) in,
      (int) stored, (int) info.type);
  if (in && info.bytes == in_size) {
    for (size_t i = 0; i < in_size; i++)
      in[i] = ((unsigned char *) input)[i] ^
          (info.type == MNV_TYPE_UINT8 ? 0x80 : 0);
    CHECK (mnv_session_run (s, &err) == MNV_OK, "%s", err.message);
    check_output (s, file, ref, ref_size, "in place");
  }

  /* As a 224x224 RGB frame, stretched to 224x224 (the identity). */
  mnv_session_set_input (s, 0, (other = calloc (1, in_size)), in_size, &err);
  mnv_session_run (s, &err);
  free (other);
  mnv_image im = { MNV_PIXEL_RGB, 224, 224, { input, NULL, NULL },
    { 224 * 3, 0, 0 }, MNV_YUV_BT601, 0 };
  const mnv_rect whole = { 0, 0, 224, 224 };
  mnv_image_prep *prep = mnv_image_prep_new ();
  CHECK (mnv_session_set_input_image (s, 0, prep, &im, &whole, &whole, NULL,
             &err) == MNV_OK &&
          mnv_session_run (s, &err) == MNV_OK,
      "%s: %s", name, err.message);
  check_output (s, file, ref, ref_size, "frame");
  CHECK (mnv_session_set_input_image (s, 3, prep, &im, &whole, &whole, NULL,
             &err) == MNV_ERR_ARGUMENT,
      "%s: a frame into input 3 was taken", name);
  mnv_image_prep_free (prep);
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
      compared += check_one (s, m, data, models[k], image);
    }
    if (d)
      closedir (d);
    CHECK (mnv_session_input_buffer (s, 1, NULL) == NULL &&
            mnv_session_input_buffer (s, -1, NULL) == NULL,
        "%s: an input that does not exist has a buffer", models[k]);
    mnv_session_destroy (s);
    mnv_model_unref (m);
  }
  CHECK (compared >= 18, "only %d model/input pairs were compared", compared);
  return test_finish ("reference outputs");
}
