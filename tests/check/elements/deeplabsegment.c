/* deeplabsegment with GstHarness: the class map equals the reference
 * runtime's for both DeepLab models on bird_segmentation.bmp fed as RGB,
 * agrees with the ground-truth mask (the Coral test's score), the message,
 * the meta through videoscale (rectangle scaled), and errors. */
#include <string.h>

#include <gst/video/video.h>

#include "../harness.h"
#include "mnv2/mnv2meta.h"
#include "mnv2/mnv2schema.h"
#include "mnv_image.h"
#include "segmenter.h"
#include "test_util.h"

static const char *const models[] = { "deeplabv3_mnv2_pascal_quant",
  "deeplabv3_mnv2_dm05_pascal_quant" };

static guint8 *bird_rgb;
static gint bird_w, bird_h;

static GstHarness *
segment_harness (const gchar *model, const gchar *extra, const gchar *sink_caps)
{
  gchar *path = g_strdup_printf ("%s/models/%s.tflite", data_dir, model);
  gchar *launch = g_strdup_printf ("deeplabsegment model-file=%s %s", path,
      extra ? extra : "");
  GstHarness *h = gst_harness_new_parse (launch);
  GstVideoInfo info;
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_RGB, bird_w, bird_h);
  gchar *caps = test_frame_caps (&info);
  gst_harness_set_src_caps_str (h, caps);
  if (sink_caps)
    gst_harness_set_sink_caps_str (h, sink_caps);
  g_free (caps);
  g_free (launch);
  g_free (path);
  return h;
}

static GstBuffer *
bird_frame (void)
{
  GstVideoInfo info;
  return test_frame_from_rgb (bird_rgb, bird_w, bird_h, GST_VIDEO_FORMAT_RGB,
      &info);
}

GST_START_TEST (test_class_map_matches_reference)
{
  gint mw, mh;
  guint8 *truth = test_load_bmp (test_path (data_dir, "testdata",
                                     "bird_segmentation_mask.bmp"),
      &mw, &mh);
  fail_unless (truth && mw == bird_w && mh == bird_h);

  for (gsize k = 0; k < G_N_ELEMENTS (models); k++) {
    GstHarness *h = segment_harness (models[k], NULL, NULL);
    GstBuffer *out = gst_harness_push_and_pull (h, bird_frame ());
    GstMnv2SegmentationMeta *meta = gst_buffer_get_mnv2_segmentation_meta (out);
    gchar *name = g_strdup_printf ("%s__bird_segmentation.mask", models[k]);
    gsize ref_size;
    guint8 *ref = test_read_file (test_path (data_dir, "ref/outputs", name),
        &ref_size);
    GstMapInfo map;

    fail_unless (meta != NULL && ref != NULL);
    fail_unless (
        meta->width == 513 && meta->height == 513 && meta->stride == 513);
    fail_unless (meta->rect.x == 0 && meta->rect.y == 0 &&
        meta->rect.w == bird_w && meta->rect.h == bird_h);
    /* A class map that does not say its class count: a label for every
     * byte value, PASCAL VOC names for the first 21 (no labels in the
     * model), numbers beyond. */
    fail_unless_equals_int (meta->n_labels, 256);
    fail_unless_equals_string (g_quark_to_string (meta->labels[3]), "bird");
    fail_unless_equals_string (g_quark_to_string (meta->labels[21]), "21");
    fail_unless (gst_buffer_map (meta->class_map, &map, GST_MAP_READ));
    fail_unless (ref_size == map.size && memcmp (map.data, ref, ref_size) == 0,
        "%s: class map differs from the reference", models[k]);

    /* Ground truth: 0 background, 3 bird (stray 1/2 edge pixels count as
     * mismatches); score = same / (2N - same). */
    gsize same = 0, n = map.size;
    for (gsize i = 0; i < n; i++)
      same += map.data[i] == truth[i * 3];
    double score = (double) same / (2.0 * n - same);
    GST_INFO ("%s: ground-truth score %.4f", models[k], score);
    printf ("%s: ground-truth score %.4f\n", models[k], score);
    fail_unless (score > 0.90, "%s: score %.4f", models[k], score);
    gst_buffer_unmap (meta->class_map, &map);
    g_free (ref);
    g_free (name);
    gst_buffer_unref (out);
    gst_harness_teardown (h);
  }
  free (truth);
}

GST_END_TEST;

/* The acceptance path: a real pipeline decoding the BMP with gdkpixbufdec
 * (byte-identical to the reference decoder) into deeplabsegment. */
GST_START_TEST (test_pipeline_from_bmp)
{
  if (!gst_registry_check_feature_version (gst_registry_get (), "gdkpixbufdec",
          1, 0, 0)) {
    GST_WARNING ("gdkpixbufdec not installed: skipped");
    return;
  }
  gchar *launch = g_strdup_printf (
      "filesrc location=%s/testdata/"
      "bird_segmentation.bmp ! gdkpixbufdec ! videoconvert ! "
      "video/x-raw,format=RGB ! deeplabsegment model-file=%s/models/%s.tflite",
      data_dir, data_dir, models[0]);
  GstHarness *h = gst_harness_new_parse (launch);
  gst_harness_play (h);
  GstBuffer *out = gst_harness_pull (h);
  GstMnv2SegmentationMeta *meta = out ?
      gst_buffer_get_mnv2_segmentation_meta (out) :
      NULL;
  gchar *name = g_strdup_printf ("%s__bird_segmentation.mask", models[0]);
  gsize ref_size;
  guint8 *ref = test_read_file (test_path (data_dir, "ref/outputs", name),
      &ref_size);
  gint mw, mh;
  guint8 *truth = test_load_bmp (test_path (data_dir, "testdata",
                                     "bird_segmentation_mask.bmp"),
      &mw, &mh);
  GstMapInfo map;

  fail_unless (meta != NULL && ref != NULL && truth != NULL);
  fail_unless (gst_buffer_map (meta->class_map, &map, GST_MAP_READ));
  fail_unless (map.size == ref_size && memcmp (map.data, ref, ref_size) == 0,
      "class map from the decoded BMP differs from the reference");
  gsize same = 0;
  for (gsize i = 0; i < map.size; i++)
    same += map.data[i] == truth[i * 3];
  fail_unless ((double) same / (2.0 * map.size - same) > 0.90);
  gst_buffer_unmap (meta->class_map, &map);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
  free (truth);
  g_free (ref);
  g_free (name);
  g_free (launch);
}

GST_END_TEST;

GST_START_TEST (test_message)
{
  GstHarness *h = segment_harness (models[1], "post-messages=true", NULL);
  GstBus *bus = test_watch_bus (h);
  GstBuffer *out = gst_harness_push_and_pull (h, bird_frame ());
  GstMessage *msg = test_pop_element_message (bus, "deeplabsegment");
  const GstStructure *s;
  guint w, hh, pixels, total = 0;
  const GValue *classes;

  fail_unless (msg != NULL);
  s = gst_message_get_structure (msg);
  fail_unless (gst_structure_get_uint (s, "width", &w) && w == 513);
  fail_unless (gst_structure_get_uint (s, "height", &hh) && hh == 513);
  classes = gst_structure_get_value (s, "classes");
  fail_unless (gst_value_list_get_size (classes) >= 2);
  for (guint i = 0; i < gst_value_list_get_size (classes); i++) {
    const GstStructure *c = gst_value_get_structure (
        gst_value_list_get_value (classes, i));
    gint id;
    gdouble fraction;
    fail_unless (gst_structure_get_int (c, "id", &id));
    fail_unless (gst_structure_get_uint (c, "pixels", &pixels));
    fail_unless (gst_structure_get_double (c, "fraction", &fraction));
    fail_unless (gst_structure_get_string (c, "label") != NULL);
    total += pixels;
    if (i == 1)
      fail_unless_equals_string (gst_structure_get_string (c, "label"), "bird");
  }
  fail_unless_equals_int (total, 513 * 513);
  gst_message_unref (msg);
  gst_buffer_unref (out);
  test_unwatch_bus (h, bus);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_meta_scales_with_the_frame)
{
  GstHarness *h;
  GstBuffer *out;

  if (!gst_registry_check_feature_version (gst_registry_get (), "videoscale", 1,
          0, 0))
    return;
  h = gst_harness_new_parse ("deeplabsegment ! videoscale");
  gchar *path = g_strdup_printf ("%s/models/%s.tflite", data_dir, models[1]);
  gst_harness_set (h, "deeplabsegment", "model-file", path, NULL);
  GstVideoInfo info;
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_RGB, bird_w, bird_h);
  gchar *caps = test_frame_caps (&info);
  gst_harness_set_src_caps_str (h, caps);
  gst_harness_set_sink_caps_str (h,
      "video/x-raw,format=RGB,width=171,"
      "height=342");
  out = gst_harness_push_and_pull (h, bird_frame ());
  GstMnv2SegmentationMeta *meta = gst_buffer_get_mnv2_segmentation_meta (out);
  fail_unless (meta != NULL, "meta lost in videoscale");
  fail_unless (meta->rect.w == 171 && meta->rect.h == 342, "rectangle %dx%d",
      meta->rect.w, meta->rect.h);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
  g_free (caps);
  g_free (path);
}

GST_END_TEST;

GST_START_TEST (test_errors)
{
  gchar *detector = test_model_path (
      "coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite");
  test_expect_ready_error ("deeplabsegment", "model-file", detector, detector,
      "neither a class map");
  g_free (detector);
}

GST_END_TEST;

/* A generated 4-class model (tiny_seg, [1,4,4,4] logits) on the frame
 * (cat_rgb: cat.bmp, or a generated picture without the test data): the
 * meta's class map is the argmax the core computes on the same input, the
 * message's classes are its histogram, most pixels first. */
GST_START_TEST (test_tiny_model_class_map)
{
  gchar *path = test_tiny_model_path ("tiny_seg.tflite");
  mnv_model *m;
  mnv_session *s;
  mnv_error err;
  mnv_tensor_info in;
  fail_unless (mnv_model_open (path, NULL, &m, &err) == MNV_OK);
  fail_unless (mnv_session_create (m, NULL, &s, &err) == MNV_OK);
  mnv_model_input_info (m, 0, &in);
  mnv_image img = { MNV_PIXEL_RGB, cat_w, cat_h, { cat_rgb }, { cat_w * 3 },
    MNV_YUV_BT601, 0 };
  mnv_rect src, dst;
  guint8 *input = g_malloc (in.bytes);
  mnv_image_plan (cat_w, cat_h, in.dims[2], in.dims[1], MNV_RESIZE_STRETCH,
      &src, &dst);
  fail_unless (
      mnv_image_to_input (&img, &src, &dst, &in, NULL, input, &err) == MNV_OK);
  fail_unless (mnv_session_set_input (s, 0, input, in.bytes, &err) == MNV_OK);
  fail_unless (mnv_session_run (s, &err) == MNV_OK);
  guint8 expect[16];
  guint32 histogram[256];
  fail_unless (mnv_segmenter_class_map (s, m, expect, 4, histogram));

  gchar *props = g_strdup_printf ("model-file=%s post-messages=true", path);
  GstHarness *h = test_element_harness ("deeplabsegment", props,
      GST_VIDEO_FORMAT_RGB);
  GstBus *bus = test_watch_bus (h);
  GstBuffer *out = gst_harness_push_and_pull (h,
      test_cat_frame (GST_VIDEO_FORMAT_RGB, 0));
  GstMnv2SegmentationMeta *meta = gst_buffer_get_mnv2_segmentation_meta (out);
  fail_unless (meta != NULL);
  fail_unless (meta->width == 4 && meta->height == 4);
  fail_unless (meta->rect.w == cat_w && meta->rect.h == cat_h);
  GstMapInfo map;
  fail_unless (gst_buffer_map (meta->class_map, &map, GST_MAP_READ));
  for (guint y = 0; y < 4; y++)
    fail_unless (memcmp (map.data + y * meta->stride, expect + y * 4, 4) == 0,
        "class map row %u differs from the core's argmax", y);
  gst_buffer_unmap (meta->class_map, &map);

  GstMnv2ClassCount counts[256];
  const guint n = gst_mnv2_class_histogram_sort (histogram, counts);
  GstMessage *msg = test_pop_element_message (bus, "deeplabsegment");
  fail_unless (msg != NULL);
  const GValue *classes = gst_structure_get_value (gst_message_get_structure (
                                                       msg),
      "classes");
  fail_unless_equals_int (gst_value_list_get_size (classes), n);
  for (guint i = 0; i < n; i++) {
    const GstStructure *c = gst_value_get_structure (
        gst_value_list_get_value (classes, i));
    gint id;
    guint pixels;
    fail_unless (
        gst_structure_get_int (c, "id", &id) && (guint) id == counts[i].id);
    fail_unless (gst_structure_get_uint (c, "pixels", &pixels) &&
        pixels == counts[i].pixels);
  }
  gst_message_unref (msg);
  gst_buffer_unref (out);
  test_unwatch_bus (h, bus);
  gst_harness_teardown (h);
  g_free (props);
  g_free (input);
  mnv_session_destroy (s);
  mnv_model_unref (m);
  g_free (path);
}

GST_END_TEST;

static Suite *
deeplabsegment_suite (void)
{
  Suite *s = suite_create ("deeplabsegment");
  TCase *tc = tcase_create ("general");
  tcase_set_timeout (tc, 600);
  suite_add_tcase (s, tc);
  tcase_add_data_test (tc, test_class_map_matches_reference);
  tcase_add_data_test (tc, test_pipeline_from_bmp);
  tcase_add_data_test (tc, test_message);
  tcase_add_data_test (tc, test_meta_scales_with_the_frame);
  tcase_add_data_test (tc, test_errors);
  tcase_add_test (tc, test_tiny_model_class_map);
  return s;
}

int
main (int argc, char **argv)
{
  test_harness_init ("deeplabsegment");
  bird_rgb = data_dir ?
      test_load_bmp (test_path (data_dir, "testdata", "bird_segmentation.bmp"),
          &bird_w, &bird_h) :
      NULL;
  if (data_dir && !bird_rgb) {
    printf ("cannot read testdata/bird_segmentation.bmp\n");
    return 1;
  }
  gst_check_init (&argc, &argv);
  return gst_check_run_suite (deeplabsegment_suite (), "deeplabsegment",
      __FILE__);
}
