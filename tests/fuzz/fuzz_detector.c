/* libFuzzer target: the detector (models/detector.c) on arbitrary output
 * values.  The generated pass-through model security/detector_outputs
 * copies its four float32 inputs (boxes [1,4,4], classes [1,4], scores
 * [1,4], count [1]) to its outputs, so the input's bits become what the
 * detector reads: NaN, infinities, huge and negative values included.
 * Every detection must have a finite box and score >= the threshold and a
 * class in range, never more than asked for. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detector.h"
#include "mnv.h"

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

static mnv_model *model;
static mnv_session *session;
static mnv_detector *detector;

static void
setup (void)
{
  char path[4096];
  mnv_error err;
  const char *reason = "";
  snprintf (path, sizeof path, "%s/security/detector_outputs.tflite",
      MNV2_TEST_MODELS_DIR);
  const mnv_session_options o = { .threads = 1 };
  if (mnv_model_open (path, NULL, &model, &err) != MNV_OK ||
      mnv_session_create (model, &o, &session, &err) != MNV_OK ||
      !(detector = mnv_detector_new (model, &reason))) {
    fprintf (stderr, "fuzz-detector: %s %s\n", err.message, reason);
    abort ();
  }
}

int
LLVMFuzzerTestOneInput (const unsigned char *data, size_t size)
{
  static const size_t bytes[4] = { 64, 16, 16, 4 };
  unsigned char in[100] = { 0 };
  mnv_error err;
  if (!session)
    setup ();
  memcpy (in, data, size < sizeof in ? size : sizeof in);
  for (int i = 0, at = 0; i < 4; at += (int) bytes[i], i++)
    if (mnv_session_set_input (session, i, in + at, bytes[i], &err) != MNV_OK)
      abort ();
  if (mnv_session_run (session, &err) != MNV_OK)
    abort ();
  float threshold = 0.0f, iou = 0.5f;
  if (size > 100)
    threshold = (float) data[100] / 255.0f;
  if (size > 101)
    iou = (float) data[101] / 255.0f;
  mnv_detection out[4];
  const int capacity = size > 102 ? data[102] % 5 : 4;
  const int n = mnv_detector_results (detector, session, threshold, iou, out,
      capacity);
  if (n < 0 || n > capacity)
    abort ();
  for (int i = 0; i < n; i++) {
    if (!isfinite (out[i].score) || !(out[i].score >= threshold) ||
        out[i].class_id < 0 || out[i].class_id >= MNV_DETECTOR_MAX_CLASS)
      abort ();
    for (int k = 0; k < 4; k++)
      if (!isfinite (out[i].box[k]))
        abort ();
  }
  return 0;
}
