/* mnv2classify with GstHarness: every input format, exact scores on RGB,
 * the bus message, inference-interval, metadata surviving a copy, errors
 * naming the file and a long run (state cycles: robustness.c) (leaks: GST_TRACERS=leaks
 * makes any leaked GstObject/GstMiniObject fail the test at gst_deinit). */
#include <math.h>

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>

#include "../harness.h"
#include "mnv2/mnv2meta.h"
#include "test_util.h"

#define QUANT_MODEL "mobilenet_v2_1.0_224_quant.tflite"

GST_START_TEST (test_every_format_finds_the_cat)
{
  static const GstVideoFormat formats[] = {
    GST_VIDEO_FORMAT_RGB,
    GST_VIDEO_FORMAT_BGR,
    GST_VIDEO_FORMAT_RGBx,
    GST_VIDEO_FORMAT_BGRx,
    GST_VIDEO_FORMAT_xRGB,
    GST_VIDEO_FORMAT_xBGR,
    GST_VIDEO_FORMAT_RGBA,
    GST_VIDEO_FORMAT_BGRA,
    GST_VIDEO_FORMAT_ARGB,
    GST_VIDEO_FORMAT_ABGR,
    GST_VIDEO_FORMAT_NV12,
    GST_VIDEO_FORMAT_I420,
  };
  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++) {
    GstHarness *h = test_element_harness ("mnv2classify", NULL, formats[i]);
    GstBuffer *out = gst_harness_push_and_pull (h,
        test_cat_frame (formats[i], 0));
    GstMnv2ClassificationMeta *meta;

    fail_unless (out != NULL);
    meta = gst_buffer_get_mnv2_classification_meta (out);
    fail_unless (meta != NULL, "no meta for %s",
        gst_video_format_to_string (formats[i]));
    fail_unless_equals_int (meta->n_classes, 5);
    fail_unless_equals_int (meta->classes[0].class_id, 286);
    fail_unless_equals_string (gst_mnv2_classification_meta_get_label (meta, 0),
        "Egyptian cat");
    GST_INFO ("%s: top-1 %d score %f", gst_video_format_to_string (formats[i]),
        meta->classes[0].class_id, meta->classes[0].score);
    gst_buffer_unref (out);
    gst_harness_teardown (h);
  }
}

GST_END_TEST;

/* RGB at the image's own size reproduces the reference model input, so
 * every reported score is exactly the reference output byte / 256. */
GST_START_TEST (test_rgb_scores_equal_reference)
{
  gchar *ref_path = g_build_filename (data_dir, "ref", "outputs",
      "mobilenet_v2_1.0_224_quant__cat.out", NULL);
  gsize ref_size;
  guint8 *ref = test_read_file (ref_path, &ref_size);
  GstHarness *h = test_element_harness ("mnv2classify",
      "top-k=1000 threshold=-1", GST_VIDEO_FORMAT_RGB);
  GstBuffer *out = gst_harness_push_and_pull (h,
      test_cat_frame (GST_VIDEO_FORMAT_RGB, 0));
  GstMnv2ClassificationMeta *meta = gst_buffer_get_mnv2_classification_meta (
      out);

  fail_unless (ref != NULL && ref_size == 1001);
  fail_unless (meta != NULL);
  /* Every class but background (index 0). */
  fail_unless_equals_int (meta->n_classes, 1000);
  for (guint i = 0; i < meta->n_classes; i++) {
    const GstMnv2Class *c = &meta->classes[i];
    fail_unless (c->class_id > 0, "background reported");
    fail_unless (c->score == ref[c->class_id] / 256.0f,
        "class %d: score %f, reference %d/256", c->class_id, c->score,
        ref[c->class_id]);
    if (i > 0)
      fail_unless (c->score <= meta->classes[i - 1].score);
  }
  fail_unless (meta->classes[0].score == 204 / 256.0f);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
  g_free (ref);
  g_free (ref_path);
}

GST_END_TEST;

static GstMessage *
pop_result (GstBus *bus)
{
  return test_pop_element_message (bus, "mnv2classify");
}

GST_START_TEST (test_message_format)
{
  GstHarness *h = test_element_harness ("mnv2classify",
      "post-messages=true top-k=3", GST_VIDEO_FORMAT_RGB);
  GstBus *bus = test_watch_bus (h);
  GstBuffer *out = gst_harness_push_and_pull (h,
      test_cat_frame (GST_VIDEO_FORMAT_RGB, 42 * GST_MSECOND));
  GstMessage *msg = pop_result (bus);
  const GstStructure *s;
  const GValue *classes;
  guint64 ts;

  fail_unless (msg != NULL);
  s = gst_message_get_structure (msg);
  fail_unless (gst_structure_get_uint64 (s, "timestamp", &ts));
  fail_unless_equals_uint64 (ts, 42 * GST_MSECOND);
  classes = gst_structure_get_value (s, "classes");
  fail_unless (GST_VALUE_HOLDS_LIST (classes));
  fail_unless_equals_int (gst_value_list_get_size (classes), 3);
  for (guint i = 0; i < 3; i++) {
    const GstStructure *c = gst_value_get_structure (
        gst_value_list_get_value (classes, i));
    gint id;
    gdouble score;
    fail_unless (gst_structure_has_name (c, "class"));
    fail_unless (gst_structure_get_int (c, "id", &id));
    fail_unless (gst_structure_get_double (c, "score", &score));
    fail_unless (gst_structure_get_string (c, "label") != NULL);
    if (i == 0) {
      fail_unless_equals_int (id, 286);
      fail_unless_equals_string (gst_structure_get_string (c, "label"),
          "Egyptian cat");
      fail_unless (score == 0.796875);
    }
  }
  gst_message_unref (msg);
  fail_unless (pop_result (bus) == NULL);
  gst_buffer_unref (out);
  test_unwatch_bus (h, bus);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_inference_interval)
{
  gchar *tiny = test_tiny_model_path ("tiny_u8.tflite");
  gchar *props = g_strdup_printf ("model-file=%s inference-interval=3 "
                                  "post-messages=true",
      tiny);
  GstHarness *h = test_element_harness ("mnv2classify", props,
      GST_VIDEO_FORMAT_RGB);
  GstBus *bus = test_watch_bus (h);
  GstMessage *msg;
  guint messages = 0;

  for (guint i = 0; i < 7; i++) {
    GstBuffer *out = gst_harness_push_and_pull (h,
        test_cat_frame (GST_VIDEO_FORMAT_RGB, i * GST_SECOND));
    GstMnv2ClassificationMeta *meta = gst_buffer_get_mnv2_classification_meta (
        out);
    fail_unless (meta != NULL, "frame %u has no result", i);
    fail_unless (meta->n_classes > 0);
    gst_buffer_unref (out);
  }
  /* Inference on frames 0, 3 and 6 only. */
  while ((msg = pop_result (bus))) {
    guint64 ts;
    gst_structure_get_uint64 (gst_message_get_structure (msg), "timestamp",
        &ts);
    fail_unless_equals_uint64 (ts, messages * 3 * GST_SECOND);
    messages++;
    gst_message_unref (msg);
  }
  fail_unless_equals_int (messages, 3);
  test_unwatch_bus (h, bus);
  gst_harness_teardown (h);
  g_free (props);
  g_free (tiny);
}

GST_END_TEST;

/* A buffer someone else still holds passes with its pixels untouched and
 * gets the meta on a shallow copy. */
GST_START_TEST (test_shared_buffer_not_copied)
{
  gchar *tiny = test_tiny_model_path ("tiny_u8.tflite");
  gchar *props = g_strdup_printf ("model-file=%s", tiny);
  GstHarness *h = test_element_harness ("mnv2classify", props,
      GST_VIDEO_FORMAT_RGB);
  GstBuffer *in = test_cat_frame (GST_VIDEO_FORMAT_RGB, 0), *out;
  GstMemory *in_mem = gst_buffer_peek_memory (in, 0);

  gst_buffer_ref (in); /* now not writable */
  out = gst_harness_push_and_pull (h, in);
  fail_unless (gst_buffer_get_mnv2_classification_meta (out) != NULL);
  fail_unless (gst_buffer_get_mnv2_classification_meta (in) == NULL);
  fail_unless (gst_buffer_peek_memory (out, 0) == in_mem, "pixels copied");

  /* The meta survives a buffer copy (e.g. tee, queue). */
  GstBuffer *copy = gst_buffer_copy (out);
  fail_unless (gst_buffer_get_mnv2_classification_meta (copy) != NULL);
  gst_buffer_unref (copy);
  gst_buffer_unref (out);
  gst_buffer_unref (in);
  gst_harness_teardown (h);
  g_free (props);
  g_free (tiny);
}

GST_END_TEST;

static void
expect_ready_error (const gchar *prop, const gchar *value, const gchar *expect1,
    const gchar *expect2)
{
  test_expect_ready_error ("mnv2classify", prop, value, expect1, expect2);
}

GST_START_TEST (test_errors_name_the_file)
{
  gchar *detector = test_model_path (
      "coco_ssd_mobilenet_v1_1.0_quant_2018_06_29"
      ".tflite");
  gchar *hostile = g_build_filename (test_models_dir (), "hostile",
      "bad_magic.tflite", NULL);
  gchar *two_outputs = g_build_filename (test_models_dir (),
      "tiny_two_outputs.tflite", NULL);

  expect_ready_error ("model-file", "/nonexistent/model.tflite",
      "/nonexistent/model.tflite", "No such file");
  expect_ready_error ("model-file", hostile, hostile, "TFL3");
  expect_ready_error ("model-file", detector, detector, NULL);
  expect_ready_error ("model-file", two_outputs, two_outputs,
      "it has 2 outputs");
  expect_ready_error ("labels-file", "/nonexistent/labels.txt",
      "/nonexistent/labels.txt", NULL);

  /* No model-file and nothing on the search path. */
  gchar *saved = g_strdup (g_getenv ("MNV2_MODEL_PATH"));
  g_setenv ("MNV2_MODEL_PATH", "/nonexistent/models", TRUE);
  g_setenv ("XDG_DATA_HOME", "/nonexistent/xdg", TRUE);
  expect_ready_error (NULL, NULL, QUANT_MODEL, "/nonexistent/models");
  g_setenv ("MNV2_MODEL_PATH", saved, TRUE);
  g_free (saved);
  g_free (detector);
  g_free (hostile);
  g_free (two_outputs);
}

GST_END_TEST;

GST_START_TEST (test_thousand_frames)
{
  gchar *tiny = test_tiny_model_path ("tiny_u8.tflite");
  gchar *props = g_strdup_printf ("model-file=%s post-messages=true", tiny);
  GstHarness *h = test_element_harness ("mnv2classify", props,
      GST_VIDEO_FORMAT_I420);
  GstBus *bus = test_watch_bus (h);
  GstMessage *msg;
  GstBuffer *frame = test_cat_frame (GST_VIDEO_FORMAT_I420, 0);

  const guint frames = test_repeats (1000);
  for (guint i = 0; i < frames; i++) {
    GstBuffer *in = gst_buffer_copy (frame);
    GST_BUFFER_PTS (in) = i * GST_SECOND / 30;
    GstBuffer *out = gst_harness_push_and_pull (h, in);
    fail_unless (gst_buffer_get_mnv2_classification_meta (out) != NULL);
    gst_buffer_unref (out);
    while ((msg = pop_result (bus)))
      gst_message_unref (msg);
  }
  gst_buffer_unref (frame);
  test_unwatch_bus (h, bus);
  gst_harness_teardown (h);
  g_free (props);
  g_free (tiny);
}

GST_END_TEST;

/* The meta survives conversion and scaling downstream. */
GST_START_TEST (test_meta_survives_videoscale)
{
  GstVideoInfo info;
  GstHarness *h;
  GstBuffer *out;

  if (!gst_registry_check_feature_version (gst_registry_get (), "videoscale", 1,
          0, 0)) {
    GST_WARNING ("videoscale not installed: skipped");
    return;
  }
  h = gst_harness_new_parse ("mnv2classify ! videoconvert ! videoscale");
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_RGB, cat_w, cat_h);
  gchar *caps = test_frame_caps (&info);
  gst_harness_set_src_caps_str (h, caps);
  gst_harness_set_sink_caps_str (h,
      "video/x-raw,format=I420,width=128,height=86");
  out = gst_harness_push_and_pull (h, test_cat_frame (GST_VIDEO_FORMAT_RGB, 0));
  GstMnv2ClassificationMeta *meta = gst_buffer_get_mnv2_classification_meta (
      out);
  fail_unless (meta != NULL, "meta lost in videoconvert/videoscale");
  fail_unless_equals_int (meta->classes[0].class_id, 286);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
  g_free (caps);
}

GST_END_TEST;

/* The float32 model through the element: metadata normalization (127.5),
 * scores within 1e-5 of the reference runtime. */
GST_START_TEST (test_float_model)
{
  gchar *path = test_model_path ("mobilenet_v2_1.0_224_float.tflite");
  gchar *props = g_strdup_printf ("model-file=%s top-k=10", path);
  gchar *ref_path = g_build_filename (data_dir, "ref", "float", "outputs",
      "mobilenet_v2_1.0_224_float__cat.out", NULL);
  gsize ref_size;
  float *ref = test_read_file (ref_path, &ref_size);
  GstHarness *h = test_element_harness ("mnv2classify", props,
      GST_VIDEO_FORMAT_RGB);
  GstBuffer *out = gst_harness_push_and_pull (h,
      test_cat_frame (GST_VIDEO_FORMAT_RGB, 0));
  GstMnv2ClassificationMeta *meta = gst_buffer_get_mnv2_classification_meta (
      out);

  fail_unless (ref != NULL && ref_size == 1001 * 4);
  fail_unless (meta != NULL && meta->n_classes == 10);
  fail_unless_equals_int (meta->classes[0].class_id, 286);
  for (guint i = 0; i < meta->n_classes; i++)
    fail_unless (fabsf (meta->classes[i].score -
                     ref[meta->classes[i].class_id]) <= 1e-5f,
        "class %d: %g vs %g", meta->classes[i].class_id, meta->classes[i].score,
        ref[meta->classes[i].class_id]);
  gst_buffer_unref (out);
  gst_harness_teardown (h);

  /* Explicit input-std changes what the model sees. */
  g_free (props);
  props = g_strdup_printf ("model-file=%s input-mean=0 input-std=1", path);
  h = test_element_harness ("mnv2classify", props, GST_VIDEO_FORMAT_RGB);
  out = gst_harness_push_and_pull (h, test_cat_frame (GST_VIDEO_FORMAT_RGB, 0));
  meta = gst_buffer_get_mnv2_classification_meta (out);
  fail_unless (meta != NULL);
  fail_unless (fabsf (meta->classes[0].score - ref[286]) > 1e-3f ||
          meta->classes[0].class_id != 286,
      "input-std had no effect");
  gst_buffer_unref (out);
  gst_harness_teardown (h);
  g_free (ref);
  g_free (ref_path);
  g_free (props);
  g_free (path);
}

GST_END_TEST;

/* Late frames (QoS) pass with the last result but skip inference. */
GST_START_TEST (test_qos_skips_inference)
{
  gchar *tiny = test_tiny_model_path ("tiny_u8.tflite");
  gchar *props = g_strdup_printf ("model-file=%s post-messages=true", tiny);
  GstHarness *h = test_element_harness ("mnv2classify", props,
      GST_VIDEO_FORMAT_RGB);
  GstBus *bus = test_watch_bus (h);
  GstBuffer *out;
  GstMessage *msg;

  out = gst_harness_push_and_pull (h, test_cat_frame (GST_VIDEO_FORMAT_RGB, 0));
  gst_buffer_unref (out);
  fail_unless ((msg = pop_result (bus)) != NULL);
  gst_message_unref (msg);

  /* Downstream says: everything before 2 s running time is too late. */
  fail_unless (gst_harness_push_upstream_event (h,
      gst_event_new_qos (GST_QOS_TYPE_UNDERFLOW, 0.5, GST_SECOND, GST_SECOND)));
  out = gst_harness_push_and_pull (h,
      test_cat_frame (GST_VIDEO_FORMAT_RGB, GST_SECOND));
  fail_unless (gst_buffer_get_mnv2_classification_meta (out) != NULL,
      "a late frame must still carry the last result");
  gst_buffer_unref (out);
  fail_unless (pop_result (bus) == NULL, "inference ran on a late frame");

  out = gst_harness_push_and_pull (h,
      test_cat_frame (GST_VIDEO_FORMAT_RGB, 3 * GST_SECOND));
  gst_buffer_unref (out);
  fail_unless ((msg = pop_result (bus)) != NULL, "no inference once in time");
  gst_message_unref (msg);
  test_unwatch_bus (h, bus);
  gst_harness_teardown (h);
  g_free (props);
  g_free (tiny);
}

GST_END_TEST;

/* The LATENCY query includes the measured inference time. */
GST_START_TEST (test_latency_query)
{
  GstHarness *h = test_element_harness ("mnv2classify", NULL,
      GST_VIDEO_FORMAT_RGB);
  GstBuffer *out = gst_harness_push_and_pull (h,
      test_cat_frame (GST_VIDEO_FORMAT_RGB, 0));
  GstQuery *q = gst_query_new_latency ();
  gboolean live;
  GstClockTime min, max;

  gst_buffer_unref (out);
  fail_unless (gst_pad_peer_query (h->sinkpad, q));
  gst_query_parse_latency (q, &live, &min, &max);
  GST_INFO ("latency min %" GST_TIME_FORMAT, GST_TIME_ARGS (min));
  fail_unless (min >= 100 * GST_USECOND,
      "latency %" GST_TIME_FORMAT " does not include inference",
      GST_TIME_ARGS (min));
  gst_query_unref (q);
  gst_harness_teardown (h);
}

GST_END_TEST;

static Suite *
mnv2classify_suite (void)
{
  Suite *s = suite_create ("mnv2classify");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 600);
  suite_add_tcase (s, tc);
  tcase_add_data_test (tc, test_every_format_finds_the_cat);
  tcase_add_data_test (tc, test_rgb_scores_equal_reference);
  tcase_add_data_test (tc, test_message_format);
  tcase_add_test (tc, test_inference_interval);
  tcase_add_test (tc, test_shared_buffer_not_copied);
  tcase_add_data_test (tc, test_errors_name_the_file);
  tcase_add_test (tc, test_thousand_frames);
  tcase_add_data_test (tc, test_meta_survives_videoscale);
  tcase_add_data_test (tc, test_float_model);
  tcase_add_test (tc, test_qos_skips_inference);
  tcase_add_data_test (tc, test_latency_query);
  return s;
}

int
main (int argc, char **argv)
{
  test_harness_init ("mnv2classify");
  gst_check_init (&argc, &argv);
  /* gst_check_run_suite () runs gst_deinit (), where the leaks tracer
   * fails the run on any leaked object. */
  return gst_check_run_suite (mnv2classify_suite (), "mnv2classify", __FILE__);
}
