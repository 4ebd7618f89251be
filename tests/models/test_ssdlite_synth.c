/* The synthesized SSDLite-MobileNetV2 (tests/tools/gen_ssdlite.py, random
 * weights, generated at build time; no test data needed):
 * - structure: 300x300 input, 12 depthwise-separable prediction layers on
 *   the six feature maps the paper names (19x19x576 expansion of block 15,
 *   10x10x1280, then 5x5x512, 3x3x256, 2x2x256, 1x1x128), 1917 anchors,
 *   91 classes, the post-process op's output shapes;
 * - the detector's raw-output path (generated anchors, our NMS) gives the
 *   same detections as the same graph ending in the post-process op, for
 *   float logits and for uint8 LOGISTIC scores;
 * - the uint8 version (calibrated, same weights) detects what the float
 *   version detects: boxes overlap with the same class.
 * Also the anchor generator against model A's stored anchors (when the test
 * data is there), and models fitting neither layout refused. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mnv_box.h"
#include "detector.h"
#include "mnv.h"
#include "ssd_anchors.h"
#include "test_util.h"

#define MAX_DET 10

static const char *
model_path (const char *name)
{
  static char path[1024];
  snprintf (path, sizeof path, "%s/%s.tflite", test_models_dir (), name);
  return path;
}

static void
check_structure (void)
{
  static const int maps[6][3] = { { 19, 19, 576 }, { 10, 10, 1280 },
    { 5, 5, 512 }, { 3, 3, 256 }, { 2, 2, 256 }, { 1, 1, 128 } };
  mnv_model *m;
  mnv_session *s = test_open_session (model_path ("ssdlite_synth_float"), NULL,
      &m);
  if (!s)
    return;
  mnv_tensor_info t, next;
  mnv_model_input_info (m, 0, &t);
  CHECK (t.rank == 4 && t.dims[1] == 300 && t.dims[2] == 300 && t.dims[3] == 3,
      "input is not [1,300,300,3]");

  /* A prediction layer: a DEPTHWISE_CONV_2D '.../<kind>_depthwise' whose
   * output feeds the 1x1 CONV_2D that follows it. */
  int layers = 0, anchors = 0, class_layers = 0;
  for (int op = 0; op + 1 < mnv_model_num_ops (m); op++) {
    mnv_model_op_output_info (m, op, &t);
    if (strcmp (mnv_model_op_name (m, op), "DEPTHWISE_CONV_2D") != 0 ||
        !strstr (t.name, "Predictor_depthwise"))
      continue;
    mnv_model_op_output_info (m, op + 1, &next);
    CHECK (strcmp (mnv_model_op_name (m, op + 1), "CONV_2D") == 0 &&
            next.dims[1] == t.dims[1] && next.dims[2] == t.dims[2],
        "%s is not followed by its 1x1 convolution", t.name);
    int map = -1;
    sscanf (t.name, "BoxPredictor_%d", &map);
    CHECK (map >= 0 && map < 6 && t.dims[1] == maps[map][0] &&
            t.dims[2] == maps[map][1] && t.dims[3] == maps[map][2],
        "%s: [%d,%d,%d] is not the paper's feature map", t.name, t.dims[1],
        t.dims[2], t.dims[3]);
    if (strstr (t.name, "BoxEncoding"))
      anchors += next.dims[1] * next.dims[2] * next.dims[3] / 4;
    else
      class_layers += next.dims[3] % 91 == 0;
    layers++;
  }
  CHECK (layers == 12, "%d depthwise-separable prediction layers, not 12",
      layers);
  CHECK (class_layers == 6,
      "%d class predictors with 91 classes per "
      "anchor",
      class_layers);
  CHECK (anchors == 1917, "%d anchors, not 1917", anchors);

  static const int out_dims[4][3] = { { 1, 10, 4 }, { 1, 10, 0 }, { 1, 10, 0 },
    { 1, 0, 0 } };
  for (int o = 0; o < 4; o++) {
    mnv_model_output_info (m, o, &t);
    for (int d = 0; d < t.rank; d++)
      CHECK (t.dims[d] == out_dims[o][d], "output %d dim %d", o, d);
  }
  mnv_session_destroy (s);
  mnv_model_unref (m);

  s = test_open_session (model_path ("ssdlite_synth_u8_raw"), NULL, &m);
  if (!s)
    return;
  mnv_model_output_info (m, 0, &t);
  mnv_model_output_info (m, 1, &next);
  CHECK (t.dims[1] == 1917 && t.dims[2] == 4 && next.dims[1] == 1917 &&
          next.dims[2] == 91,
      "raw outputs are not [1,1917,4] and [1,1917,91]");
  mnv_session_destroy (s);
  mnv_model_unref (m);
}

/* Detections of model NAME on the synthetic image (uint8, or as
 * (x - 128) / 128 for a float input). */
static int
detect (const char *name, float threshold, float iou, mnv_detection *out,
    const char **layout)
{
  mnv_model *m;
  mnv_error err;
  mnv_tensor_info in;
  const char *why;
  int n = -1;
  mnv_session *s = test_open_session (model_path (name), NULL, &m);
  if (!s)
    return -1;
  mnv_detector *d = mnv_detector_new (m, &why);
  CHECK (d, "%s: %s", name, d ? "" : why);
  size_t size;
  unsigned char *rgb = test_read_file (test_path (test_models_dir (),
                                           "ssdlite_synth_input.rgb", NULL),
      &size);
  mnv_model_input_info (m, 0, &in);
  CHECK (rgb && size == 300 * 300 * 3, "synthetic image");
  if (d && rgb && size == 300 * 300 * 3) {
    mnv_status st;
    if (in.type == MNV_TYPE_FLOAT32) {
      float *f = malloc (size * sizeof *f);
      for (size_t i = 0; i < size; i++)
        f[i] = ((float) rgb[i] - 128.0f) / 128.0f;
      st = mnv_session_set_input (s, 0, f, size * sizeof *f, &err);
      free (f);
    } else {
      st = mnv_session_set_input (s, 0, rgb, size, &err);
    }
    CHECK (st == MNV_OK && mnv_session_run (s, &err) == MNV_OK, "%s: %s", name,
        err.message);
    n = mnv_detector_results (d, s, threshold, iou, out, MAX_DET);
    *layout = mnv_detector_layout (d);
  }
  free (rgb);
  mnv_detector_free (d);
  mnv_session_destroy (s);
  mnv_model_unref (m);
  return n;
}

static void
print (const char *name, const mnv_detection *d, int n)
{
  printf ("%s: %d detections\n", name, n);
  for (int i = 0; i < n; i++)
    printf ("  class %2d score %.6f box %.4f %.4f %.4f %.4f\n", d[i].class_id,
        (double) d[i].score, (double) d[i].box[0], (double) d[i].box[1],
        (double) d[i].box[2], (double) d[i].box[3]);
}

/* The raw-output path equals the post-process op (its options: score
 * threshold 1e-8, IoU 0.6, 10 detections). */
static void
check_raw_equals_op (const char *op_model, const char *raw_model)
{
  mnv_detection a[MAX_DET], b[MAX_DET];
  const char *la = "", *lb = "";
  int na = detect (op_model, 1e-8f, 0.6f, a, &la);
  int nb = detect (raw_model, 1e-8f, 0.6f, b, &lb);
  print (op_model, a, na);
  CHECK (strcmp (la, "post-process") == 0 && strcmp (lb, "raw") == 0,
      "layouts %s / %s", la, lb);
  CHECK (na == MAX_DET && na == nb, "%s: %d detections, %s: %d", op_model, na,
      raw_model, nb);
  for (int i = 0; i < na && na == nb; i++)
    CHECK (a[i].class_id == b[i].class_id && a[i].score == b[i].score &&
            memcmp (a[i].box, b[i].box, sizeof a[i].box) == 0,
        "detection %d differs between %s and %s", i, op_model, raw_model);
}

/* uint8 against float: each of the float model's detections is found by the
 * uint8 model (same class, IoU > 0.5) — quantization moves scores, so the
 * lists are compared as sets of objects, not rank by rank. */
static void
check_u8_overlaps_float (void)
{
  mnv_detection f[MAX_DET], q[MAX_DET];
  const char *layout;
  int nf = detect ("ssdlite_synth_float", 0.3f, 0.6f, f, &layout);
  int nq = detect ("ssdlite_synth_u8", 0.3f, 0.6f, q, &layout);
  print ("float", f, nf);
  print ("uint8", q, nq);
  int found = 0;
  for (int i = 0; i < nf; i++) {
    int hit = 0;
    for (int k = 0; k < nq && !hit; k++)
      hit = q[k].class_id == f[i].class_id &&
          mnv_box_iou (q[k].box, f[i].box) > 0.5f;
    found += hit;
  }
  printf ("uint8 finds %d of the float model's %d detections\n", found, nf);
  CHECK (nf >= 5 && found * 10 >= nf * 7,
      "uint8 finds %d of the float model's "
      "%d detections",
      found, nf);
}

/* The default anchor configuration reproduces model A's anchors (stored as
 * uint8 with step 0.00645: within half a step). */
static void
check_anchors_model_a (void)
{
  mnv_ssd_anchor_config cfg;
  mnv_ssd_anchor_config_default (&cfg, 300, 300);
  CHECK (mnv_ssd_anchor_count (&cfg) == 1917, "default config: %d anchors",
      mnv_ssd_anchor_count (&cfg));
  const char *data = getenv ("MNV2_DATA_DIR") ? getenv ("MNV2_DATA_DIR") :
                                                MNV2_DATA_DIR_DEFAULT;
  size_t size;
  float *ref = test_read_file (test_path (data, "ref/detect",
                                   "anchors_A_ssd_mobilenet_v1_quant.f32"),
      &size);
  if (!ref) {
    printf ("SKIP (part) anchors against model A: no test data in %s\n", data);
    return;
  }
  float *gen = malloc (1917 * 4 * sizeof *gen);
  mnv_ssd_anchors_generate (&cfg, gen);
  float worst = 0.0f;
  CHECK (size == 1917 * 4 * sizeof (float), "anchors file size");
  for (size_t i = 0; size == 1917 * 16 && i < 1917 * 4; i++)
    worst = fmaxf (worst, fabsf (gen[i] - ref[i]));
  printf ("anchors: largest difference to model A's %.6f\n", (double) worst);
  CHECK (worst <= 0.5f * 0.00645306f + 1e-6f,
      "anchors differ from model "
      "A's by %g",
      (double) worst);
  free (gen);
  free (ref);
}

/* Models that fit neither layout are refused with a reason. */
static void
check_refused (void)
{
  static const struct {
    const char *model, *phrase;
  } cases[] = {
    { "tiny_ssd_raw", "default SSD anchor configuration" },
    { "tiny_u8", "TFLite_Detection_PostProcess (four outputs" },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    mnv_model *m;
    mnv_error err;
    const char *why = NULL;
    CHECK (mnv_model_open (model_path (cases[i].model), NULL, &m, &err) ==
            MNV_OK,
        "%s: %s", cases[i].model, err.message);
    mnv_detector *d = mnv_detector_new (m, &why);
    CHECK (!d && why && strstr (why, cases[i].phrase), "%s: %s", cases[i].model,
        why ? why : "accepted");
    mnv_detector_free (d);
    mnv_model_unref (m);
  }
}

int
main (void)
{
  check_refused ();
  check_structure ();
  check_raw_equals_op ("ssdlite_synth_float", "ssdlite_synth_float_raw");
  check_raw_equals_op ("ssdlite_synth_u8", "ssdlite_synth_u8_raw");
  check_u8_overlaps_float ();
  check_anchors_model_a ();
  return test_finish ("synthesized SSDLite-MobileNetV2");
}
