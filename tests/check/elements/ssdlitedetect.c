/* ssdlitedetect with GstHarness on coco_ssd_mobilenet_v1: the ROI metas and
 * messages equal the reference runtime's detections on cat.bmp (RGB at its
 * own size reproduces the reference input), threshold, attach-roi-meta,
 * inference-interval, resize modes, and errors. */
#include <math.h>

#include <gst/video/video.h>

#include "../harness.h"
#include "detector.h"
#include "test_util.h"

#define MODEL "coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite"
#define REF "ref/detect/outputs/A_ssd_mobilenet_v1_quant__cat"

/* The reference detections of cat.bmp: boxes (ymin, xmin, ymax, xmax),
 * classes, scores, count. */
static float ref_boxes[40], ref_classes[10], ref_scores[10];
static int ref_count;

static void
load_reference (void)
{
  const char *names[] = { ".boxes.out", ".classes.out", ".scores.out",
    ".count.out" };
  float *dst[] = { ref_boxes, ref_classes, ref_scores, NULL };
  for (int i = 0; i < 4; i++) {
    gchar *path = g_strconcat (data_dir, "/", REF, names[i], NULL);
    gsize size;
    float *v = test_read_file (path, &size);
    fail_unless (v != NULL, "missing %s", path);
    if (dst[i])
      memcpy (dst[i], v, size);
    else
      ref_count = (int) v[0];
    g_free (v);
    g_free (path);
  }
}

static GstHarness *
detect_harness (const gchar *props)
{
  gchar *model = test_model_path (MODEL);
  gchar *all = g_strdup_printf ("model-file=%s %s", model, props ? props : "");
  GstHarness *h = test_element_harness ("ssdlitedetect", all,
      GST_VIDEO_FORMAT_RGB);
  g_free (all);
  g_free (model);
  return h;
}

GST_START_TEST (test_matches_reference)
{
  GstHarness *h = detect_harness ("threshold=0.3 post-messages=true");
  GstBus *bus = test_watch_bus (h);
  GstBuffer *out = gst_harness_push_and_pull (h,
      test_cat_frame (GST_VIDEO_FORMAT_RGB, 5 * GST_MSECOND));
  GstMessage *msg = test_pop_element_message (bus, "ssdlitedetect");
  int expected = 0;

  load_reference ();
  for (int i = 0; i < ref_count; i++)
    expected += ref_scores[i] >= 0.3f;
  fail_unless (expected >= 2, "reference has %d detections >= 0.3", expected);
  fail_unless_equals_int (gst_buffer_get_n_meta (out,
                              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE),
      expected);
  fail_unless (msg != NULL);

  const GstStructure *s = gst_message_get_structure (msg);
  guint64 ts;
  fail_unless (
      gst_structure_get_uint64 (s, "timestamp", &ts) && ts == 5 * GST_MSECOND);
  const GValue *objects = gst_structure_get_value (s, "objects");
  fail_unless_equals_int (gst_value_list_get_size (objects), expected);

  for (int i = 0; i < expected; i++) {
    GstVideoRegionOfInterestMeta *roi = test_nth_roi (out, i);
    const GstStructure *det = gst_video_region_of_interest_meta_get_param (roi,
        "detection");
    const GstStructure *o = gst_value_get_structure (
        gst_value_list_get_value (objects, i));
    /* The reference box in frame pixels: x = xmin * W, as the reference
     * JSON defines it (stretch mode). */
    const double rx = ref_boxes[4 * i + 1] * cat_w;
    const double ry = ref_boxes[4 * i + 0] * cat_h;
    const double rw = (ref_boxes[4 * i + 3] - ref_boxes[4 * i + 1]) * cat_w;
    const double rh = (ref_boxes[4 * i + 2] - ref_boxes[4 * i + 0]) * cat_h;
    gdouble x, y, w, hh, score, conf, x_min;
    gint label_id, roi_id, det_label;

    fail_unless (roi && det && o);
    fail_unless (gst_structure_get (o, "x", G_TYPE_DOUBLE, &x, "y",
        G_TYPE_DOUBLE, &y, "width", G_TYPE_DOUBLE, &w, "height", G_TYPE_DOUBLE,
        &hh, "score", G_TYPE_DOUBLE, &score, "label_id", G_TYPE_INT, &label_id,
        "roi_id", G_TYPE_INT, &roi_id, NULL));
    fail_unless (
        gst_structure_get (det, "confidence", G_TYPE_DOUBLE, &conf, "x_min",
            G_TYPE_DOUBLE, &x_min, "label_id", G_TYPE_INT, &det_label, NULL));
    fail_unless (score == ref_scores[i] && conf == ref_scores[i]);
    fail_unless_equals_int (label_id, (int) ref_classes[i]);
    fail_unless_equals_int (det_label, label_id);
    fail_unless_equals_int (roi_id, roi->id);
    /* Where the reference box runs past the frame we clip; compare where
     * it does not. */
    if (rx >= 0 && ry >= 0 && rx + rw <= cat_w && ry + rh <= cat_h) {
      fail_unless (fabs (x - rx) < 0.01 && fabs (y - ry) < 0.01 &&
              fabs (w - rw) < 0.01 && fabs (hh - rh) < 0.01,
          "object %d at %g,%g %gx%g, reference %g,%g %gx%g", i, x, y, w, hh, rx,
          ry, rw, rh);
      fail_unless (fabs ((double) roi->x - rx) <= 1 &&
              fabs ((double) roi->w - rw) <= 1,
          "ROI pixels");
      fail_unless (fabs (x_min - rx / cat_w) < 1e-4, "normalized x_min");
    }
    fail_unless (x >= 0 && y >= 0 && x + w <= cat_w + 1e-3 &&
            y + hh <= cat_h + 1e-3,
        "box outside the frame");
  }
  /* The best object is the cat. */
  fail_unless_equals_string (g_quark_to_string (
                                 test_nth_roi (out, 0)->roi_type),
      "cat");
  gst_message_unref (msg);
  gst_buffer_unref (out);
  test_unwatch_bus (h, bus);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_threshold_and_switches)
{
  /* Nothing scores 0.99: no metas, an empty list. */
  GstHarness *h = detect_harness ("threshold=0.99 post-messages=true");
  GstBus *bus = test_watch_bus (h);
  GstBuffer *out = gst_harness_push_and_pull (h,
      test_cat_frame (GST_VIDEO_FORMAT_RGB, 0));
  GstMessage *msg = test_pop_element_message (bus, "ssdlitedetect");
  fail_unless_equals_int (gst_buffer_get_n_meta (out,
                              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE),
      0);
  fail_unless (msg != NULL);
  fail_unless_equals_int (gst_value_list_get_size (gst_structure_get_value (
                              gst_message_get_structure (msg), "objects")),
      0);
  gst_message_unref (msg);
  gst_buffer_unref (out);
  test_unwatch_bus (h, bus);
  gst_harness_teardown (h);

  /* attach-roi-meta=false: messages only, roi_id -1. */
  h = detect_harness ("attach-roi-meta=false post-messages=true");
  bus = test_watch_bus (h);
  out = gst_harness_push_and_pull (h, test_cat_frame (GST_VIDEO_FORMAT_RGB, 0));
  msg = test_pop_element_message (bus, "ssdlitedetect");
  fail_unless_equals_int (gst_buffer_get_n_meta (out,
                              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE),
      0);
  const GValue *objects = gst_structure_get_value (gst_message_get_structure (
                                                       msg),
      "objects");
  fail_unless (gst_value_list_get_size (objects) >= 1);
  gint roi_id;
  gst_structure_get_int (gst_value_get_structure (
                             gst_value_list_get_value (objects, 0)),
      "roi_id", &roi_id);
  fail_unless_equals_int (roi_id, -1);
  gst_message_unref (msg);
  gst_buffer_unref (out);
  test_unwatch_bus (h, bus);
  gst_harness_teardown (h);

  /* max-detections=1 and an interval: every frame carries the one object. */
  h = detect_harness ("max-detections=1 threshold=0.3 inference-interval=3");
  for (int i = 0; i < 4; i++) {
    out = gst_harness_push_and_pull (h,
        test_cat_frame (GST_VIDEO_FORMAT_RGB, i * GST_SECOND));
    fail_unless_equals_int (gst_buffer_get_n_meta (out,
                                GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE),
        1);
    gst_buffer_unref (out);
  }
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Letterbox and center-crop still find the cat, with boxes in frame pixels
 * inside the frame; on NV12 too. */
GST_START_TEST (test_resize_modes)
{
  const char *modes[] = { "resize-mode=letterbox", "resize-mode=center-crop" };
  for (int m = 0; m < 2; m++) {
    gchar *model = test_model_path (MODEL);
    gchar *props = g_strdup_printf ("model-file=%s %s threshold=0.3", model,
        modes[m]);
    GstHarness *h = test_element_harness ("ssdlitedetect", props,
        GST_VIDEO_FORMAT_NV12);
    GstBuffer *out = gst_harness_push_and_pull (h,
        test_cat_frame (GST_VIDEO_FORMAT_NV12, 0));
    GstVideoRegionOfInterestMeta *roi = test_nth_roi (out, 0);
    fail_unless (roi != NULL, "%s: nothing found", modes[m]);
    fail_unless_equals_string (g_quark_to_string (roi->roi_type), "cat");
    fail_unless (roi->x + roi->w <= (guint) cat_w &&
            roi->y + roi->h <= (guint) cat_h,
        "%s: box outside the frame", modes[m]);
    /* The cat fills most of the picture's left and middle. */
    fail_unless (roi->w > (guint) cat_w / 3 && roi->h > (guint) cat_h / 2,
        "%s: box %ux%u", modes[m], roi->w, roi->h);
    gst_buffer_unref (out);
    gst_harness_teardown (h);
    g_free (props);
    g_free (model);
  }
}

GST_END_TEST;

/* The synthesized SSDLite-MobileNetV2 (tests/tools/gen_ssdlite.py) end to
 * end, with the post-process op and with raw outputs decoded by the
 * element: the ROI metas are the detector's results on the same input
 * (300x300 RGB frame = the model input, so pixels = normalized x 300). */
GST_START_TEST (test_synthesized_ssdlite)
{
  const char *models[] = { "ssdlite_synth_u8", "ssdlite_synth_u8_raw",
    "ssdlite_synth_float_raw" };
  const gsize size = 300 * 300 * 3;
  guint8 *rgb = test_synth_input ();

  for (int i = 0; i < 3; i++) {
    gchar *file = g_strconcat (models[i], ".tflite", NULL);
    gchar *path = test_tiny_model_path (file);
    gchar *launch =
        g_strdup_printf ("ssdlitedetect model-file=%s "
                         "threshold=0.3 iou-threshold=0.6 max-detections=10",
            path);
    GstHarness *h = test_rgb_harness (launch, 300, 300);
    GstVideoInfo info;
    GstBuffer *out = gst_harness_push_and_pull (h,
        test_frame_from_rgb (rgb, 300, 300, GST_VIDEO_FORMAT_RGB, &info));

    /* The same detections straight from the core. */
    mnv_model *m;
    mnv_session *s;
    mnv_error err;
    mnv_tensor_info ti;
    const char *why;
    mnv_detection det[10];
    fail_unless (mnv_model_open (path, NULL, &m, &err) == MNV_OK);
    fail_unless (mnv_session_create (m, NULL, &s, &err) == MNV_OK);
    mnv_detector *d = mnv_detector_new (m, &why);
    mnv_model_input_info (m, 0, &ti);
    if (ti.type == MNV_TYPE_FLOAT32) {
      /* The element normalizes with mean 127.5, std 127.5 by default. */
      float *f = g_new (float, size);
      for (gsize k = 0; k < size; k++)
        f[k] = (rgb[k] - 127.5f) / 127.5f;
      mnv_session_set_input (s, 0, f, size * 4, &err);
      g_free (f);
    } else {
      mnv_session_set_input (s, 0, rgb, size, &err);
    }
    fail_unless (mnv_session_run (s, &err) == MNV_OK);
    int n = mnv_detector_results (d, s, 0.3f, 0.6f, det, 10);
    fail_unless (n >= 5, "%s: only %d detections", models[i], n);

    for (int k = 0; k < n; k++) {
      GstVideoRegionOfInterestMeta *roi = test_nth_roi (out, k);
      fail_unless (roi != NULL, "%s: ROI %d missing", models[i], k);
      GstStructure *st = gst_video_region_of_interest_meta_get_param (roi,
          "detection");
      gint label_id;
      fail_unless (gst_structure_get_int (st, "label_id", &label_id) &&
              label_id == det[k].class_id,
          "%s: ROI %d class", models[i], k);
      /* The raw uint8 model has a MODEL_labels.txt sidecar; the others
       * neither embed nor have labels. */
      gchar *label = i == 1 ? g_strdup_printf ("synth-%d", label_id) :
                              g_strdup_printf ("%d", label_id);
      fail_unless_equals_string (g_quark_to_string (roi->roi_type), label);
      g_free (label);
      /* ROI meta coordinates are whole pixels. */
      fail_unless (fabs (roi->x - fmax (det[k].box[0], 0) * 300) <= 1.0 &&
              fabs (roi->y - fmax (det[k].box[1], 0) * 300) <= 1.0,
          "%s: ROI %d at %u,%u", models[i], k, roi->x, roi->y);
    }
    fail_unless (test_nth_roi (out, n) == NULL, "%s: more ROIs than detections",
        models[i]);

    mnv_detector_free (d);
    mnv_session_destroy (s);
    mnv_model_unref (m);
    gst_buffer_unref (out);
    gst_harness_teardown (h);
    g_free (launch);
    g_free (path);
    g_free (file);
  }
  g_free (rgb);
}

GST_END_TEST;

/* A model whose outputs hold NaN, infinities and a count of 1e30
 * (tests/models/security/detector_nan): only its one sound detection
 * becomes an ROI, inside the frame, nothing converted from a NaN. */
GST_START_TEST (test_nan_outputs)
{
  gchar *model = test_tiny_model_path ("security/detector_nan.tflite");
  gchar *props = g_strdup_printf ("model-file=%s threshold=0.5", model);
  GstHarness *h = test_element_harness ("ssdlitedetect", props,
      GST_VIDEO_FORMAT_RGB);
  GstBuffer *out = gst_harness_push_and_pull (h,
      test_cat_frame (GST_VIDEO_FORMAT_RGB, 0));
  fail_unless_equals_int (gst_buffer_get_n_meta (out,
                              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE),
      1);
  GstVideoRegionOfInterestMeta *roi = test_nth_roi (out, 0);
  GstStructure *d = gst_video_region_of_interest_meta_get_param (roi,
      "detection");
  gint id = -1;
  fail_unless (d && gst_structure_get_int (d, "label_id", &id) && id == 2,
      "class %d", id);
  fail_unless (roi->x + roi->w <= (guint) cat_w &&
      roi->y + roi->h <= (guint) cat_h && roi->w > 0 && roi->h > 0);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
  g_free (props);
  g_free (model);
}

GST_END_TEST;

/* With inference-interval=2 the boxes of a frame without inference are the
 * last inference's, marked held (mnv2track predicts them). */
GST_START_TEST (test_held_marked)
{
  gchar *model = test_model_path (
      "coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite");
  gchar *props = g_strdup_printf ("model-file=%s threshold=0.3 "
                                  "inference-interval=2",
      model);
  GstHarness *h = test_element_harness ("ssdlitedetect", props,
      GST_VIDEO_FORMAT_RGB);
  for (int f = 0; f < 2; f++) {
    GstBuffer *out = gst_harness_push_and_pull (h,
        test_cat_frame (GST_VIDEO_FORMAT_RGB, (GstClockTime) f));
    GstStructure *d =
        gst_video_region_of_interest_meta_get_param (test_nth_roi (out, 0),
            "detection");
    gboolean held = !f;
    fail_unless (d && gst_structure_get_boolean (d, "held", &held) &&
            held == (f == 1),
        "frame %d: held %d", f, held);
    gst_buffer_unref (out);
  }
  gst_harness_teardown (h);
  g_free (props);
  g_free (model);
}

GST_END_TEST;

GST_START_TEST (test_errors)
{
  gchar *classifier = test_model_path ("mobilenet_v2_1.0_224_quant.tflite");
  test_expect_ready_error ("ssdlitedetect", "model-file", classifier,
      classifier, "four outputs");
  test_expect_ready_error ("ssdlitedetect", "model-file",
      "/nonexistent/detector.tflite", "/nonexistent/detector.tflite", NULL);
  gchar *raw8 = test_tiny_model_path ("tiny_ssd_raw.tflite");
  test_expect_ready_error ("ssdlitedetect", "model-file", raw8, raw8,
      "default SSD anchor configuration");
  g_free (raw8);
  g_free (classifier);
}

GST_END_TEST;

static Suite *
ssdlitedetect_suite (void)
{
  Suite *s = suite_create ("ssdlitedetect");
  TCase *tc = tcase_create ("general");
  tcase_set_timeout (tc, 600);
  suite_add_tcase (s, tc);
  tcase_add_data_test (tc, test_matches_reference);
  tcase_add_data_test (tc, test_threshold_and_switches);
  tcase_add_data_test (tc, test_resize_modes);
  tcase_add_test (tc, test_synthesized_ssdlite);
  tcase_add_test (tc, test_nan_outputs);
  tcase_add_data_test (tc, test_held_marked);
  tcase_add_data_test (tc, test_errors);
  return s;
}

int
main (int argc, char **argv)
{
  test_harness_init ("ssdlitedetect");
  gst_check_init (&argc, &argv);
  return gst_check_run_suite (ssdlitedetect_suite (), "ssdlitedetect",
      __FILE__);
}
