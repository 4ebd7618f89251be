/* DeepLabv3-MobileNetV2 (depth multipliers 1.0 and 0.5, uint8, output
 * stride 16, ARG_MAX at the end): the class map and the 513x513x21 logits
 * that feed ARG_MAX identical to the reference runtime's on both images;
 * the element's byte class map (mnv_segmenter_class_map, into padded rows)
 * and its class histogram those of the reference. */
#include <stdlib.h>
#include <string.h>

#include "mnv.h"
#include "segmenter.h"
#include "test_util.h"

static const char *const models[] = { "deeplabv3_mnv2_pascal_quant",
  "deeplabv3_mnv2_dm05_pascal_quant" };
static const char *const images[] = { "bird_segmentation",
  "dog_segmentation_256" };

int
main (void)
{
  const char *data = test_data_dir_or_skip ("segmentation");
  mnv_session_options opts = { 1, 1, 0 }; /* keep intermediates */

  for (size_t k = 0; k < 2; k++) {
    char file[256];
    mnv_model *m;
    mnv_error err;
    snprintf (file, sizeof file, "%s.tflite", models[k]);
    mnv_session *s = test_open_session (test_path (data, "models", file), &opts,
        &m);
    if (!s)
      continue;
    const int last = mnv_model_num_ops (m) - 1;
    CHECK (strcmp (mnv_model_op_name (m, last), "ARG_MAX") == 0, "ARG_MAX");
    for (size_t i = 0; i < 2; i++) {
      size_t in_size, ref_size, out_size;
      snprintf (file, sizeof file, "%s_513.rgb", images[i]);
      void *input = test_read_file (test_path (data, "ref/inputs", file),
          &in_size);
      CHECK (input &&
              mnv_session_set_input (s, 0, input, in_size, &err) == MNV_OK,
          "input %s", file);
      CHECK (mnv_session_run (s, &err) == MNV_OK, "run");
      free (input);

      /* Class map: the model says INT64, the reference file is int32. */
      snprintf (file, sizeof file, "%s__%s.argmax_int32.out", models[k],
          images[i]);
      int32_t *ref = test_read_file (test_path (data, "ref/outputs", file),
          &ref_size);
      const int64_t *classes = mnv_session_output (s, 0, &out_size);
      size_t diffs = 0;
      CHECK (ref && out_size == ref_size * 2, "%s: size", file);
      for (size_t j = 0; ref && out_size == ref_size * 2 && j < ref_size / 4;
           j++)
        diffs += classes[j] != ref[j];
      CHECK (diffs == 0, "%s: %zu pixels differ", file, diffs);
      /* As bytes, rows padded (stride 517), with the histogram. */
      const size_t stride = 517, n = ref_size / 4;
      uint8_t *map = malloc (stride * 513);
      uint32_t histogram[256], want[256] = { 0 };
      CHECK (ref && n == (size_t) 513 * 513 &&
              mnv_segmenter_class_map (s, m, map, stride, histogram),
          "%s: class map", file);
      size_t map_diffs = 0;
      for (size_t j = 0; ref && j < n && n == (size_t) 513 * 513; j++) {
        want[ref[j]]++;
        map_diffs += map[j / 513 * stride + j % 513] != ref[j];
      }
      CHECK (map_diffs == 0 && memcmp (histogram, want, sizeof want) == 0,
          "%s: byte class map (%zu differ) or histogram differs", file,
          map_diffs);
      free (map);
      free (ref);

      /* The logits that feed ARG_MAX. */
      snprintf (file, sizeof file, "%s__%s.logits.out", models[k], images[i]);
      unsigned char *logits = test_read_file (test_path (data, "ref/outputs",
                                                  file),
          &ref_size);
      unsigned char *got = malloc (ref_size);
      CHECK (logits &&
              mnv_session_read_op_output (s, last - 1, got, ref_size, &err) ==
                  MNV_OK &&
              memcmp (got, logits, ref_size) == 0,
          "%s differs", file);
      printf ("%-34s %-22s class map %s, logits %s\n", models[k], images[i],
          diffs ? "DIFFERS" : "identical",
          logits && memcmp (got, logits, ref_size) == 0 ? "identical" :
                                                          "DIFFER");
      free (logits);
      free (got);
    }
    mnv_session_destroy (s);
    mnv_model_unref (m);
  }
  return test_finish ("segmentation");
}
