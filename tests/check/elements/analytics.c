/* GstAnalytics interop (built only with gstreamer-analytics-1.0, run in the
 * GStreamer 1.26 stage of CI): our results read back through the
 * GstAnalytics API with the values of our own metas (detections,
 * classifications full-frame and per object, segmentation, tracking), and
 * upstream's objectdetectionoverlay draws our boxes. */
#include <string.h>

#include <glib/gstdio.h>

#include <gst/analytics/analytics.h>
#include <gst/video/video.h>

#include "../harness.h"
#include "mnv2/mnv2meta.h"
#include "test_util.h"

static GstAnalyticsRelationMeta *
relation_meta (GstBuffer *buf)
{
  GstAnalyticsRelationMeta *r = gst_buffer_get_analytics_relation_meta (buf);
  fail_unless (r != NULL, "no GstAnalyticsRelationMeta");
  return r;
}

static guint
count_mtds (GstBuffer *buf, GstAnalyticsMtdType type)
{
  GstAnalyticsRelationMeta *r = gst_buffer_get_analytics_relation_meta (buf);
  gpointer state = NULL;
  GstAnalyticsMtd m;
  guint n = 0;
  while (r && gst_analytics_relation_meta_iterate (r, &state, type, &m))
    n++;
  return n;
}

/* The cat, detected, classified by crop and tracked, on NV12. */
static GstBuffer *
cascade (const gchar *detect_props)
{
  gchar *launch = g_strdup_printf ("ssdlitedetect threshold=0.3 %s ! "
                                   "mnv2track min-hits=1 ! mnv2classify "
                                   "inference-region=roi-list",
      detect_props);
  GstHarness *h = test_element_harness (launch, NULL, GST_VIDEO_FORMAT_NV12);
  GstBuffer *out = gst_harness_push_and_pull (h,
      test_cat_frame (GST_VIDEO_FORMAT_NV12, 0));
  gst_harness_teardown (h);
  g_free (launch);
  return out;
}

static GstBuffer *
detect (const gchar *props)
{
  gchar *launch = g_strdup_printf ("ssdlitedetect threshold=0.3 %s", props);
  GstHarness *h = test_element_harness (launch, NULL, GST_VIDEO_FORMAT_NV12);
  GstBuffer *out = gst_harness_push_and_pull (h,
      test_cat_frame (GST_VIDEO_FORMAT_NV12, 0));
  gst_harness_teardown (h);
  g_free (launch);
  return out;
}

/* Every ROI has its object-detection mtd: same box, label, confidence; the
 * ROI names it; the crop's classes are a classification mtd related to it,
 * and the tracker's id a tracking mtd related to it. */
/* ROI's detection mtd (the id in its "detection" parameter) has the ROI's
 * box, confidence and label, and the tracking mtd related to it the ROI's
 * object id; returns the detection mtd's id. */
static gint
check_roi_mtds (GstAnalyticsRelationMeta *rmeta,
    GstVideoRegionOfInterestMeta *roi)
{
  GstStructure *det = gst_video_region_of_interest_meta_get_param (roi,
      "detection");
  gint id;
  gdouble conf;
  fail_unless (gst_structure_get_int (det, "analytics_id", &id));
  fail_unless (gst_structure_get_double (det, "confidence", &conf));
  GstAnalyticsODMtd od;
  fail_unless (gst_analytics_relation_meta_get_od_mtd (rmeta, id, &od));
  gint x, y, w, hh;
  gfloat level;
  fail_unless (
      gst_analytics_od_mtd_get_location (&od, &x, &y, &w, &hh, &level));
  fail_unless_equals_int (x, roi->x);
  fail_unless_equals_int (y, roi->y);
  fail_unless_equals_int (w, roi->w);
  fail_unless_equals_int (hh, roi->h);
  fail_unless (ABS (level - conf) < 1e-6);
  fail_unless_equals_int (gst_analytics_od_mtd_get_obj_type (&od),
      roi->roi_type);

  /* Its tracking id. */
  GstStructure *obj = gst_video_region_of_interest_meta_get_param (roi,
      "object_id");
  gint object_id;
  fail_unless (obj && gst_structure_get_int (obj, "id", &object_id));
  GstAnalyticsTrackingMtd trk;
  gpointer rs = NULL;
  fail_unless (gst_analytics_relation_meta_get_direct_related (rmeta, id,
                   GST_ANALYTICS_REL_TYPE_RELATE_TO,
                   gst_analytics_tracking_mtd_get_mtd_type (), &rs, &trk),
      "no tracking related to detection %d", id);
  guint64 tid;
  GstClockTime first, last;
  gboolean lost;
  fail_unless (
      gst_analytics_tracking_mtd_get_info (&trk, &tid, &first, &last, &lost));
  fail_unless_equals_uint64 (tid, (guint64) object_id);
  return id;
}

GST_START_TEST (test_cascade_as_analytics)
{
  GstBuffer *out = cascade ("");
  GstAnalyticsRelationMeta *rmeta = relation_meta (out);
  gpointer state = NULL;
  GstMeta *meta;
  guint rois = 0, cats = 0;

  while ((meta = gst_buffer_iterate_meta_filtered (out, &state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstVideoRegionOfInterestMeta *roi = (GstVideoRegionOfInterestMeta *) meta;
    const gint id = check_roi_mtds (rmeta, roi);
    GstAnalyticsClsMtd cls;
    gpointer rs = NULL;
    rois++;

    /* The cat's classes. */
    GstStructure *c = gst_video_region_of_interest_meta_get_param (roi,
        "classification");
    if (!c)
      continue;
    fail_unless (gst_analytics_relation_meta_get_direct_related (rmeta, id,
                     GST_ANALYTICS_REL_TYPE_RELATE_TO,
                     gst_analytics_cls_mtd_get_mtd_type (), &rs, &cls),
        "no classification related to detection %d", id);
    gdouble best;
    fail_unless (gst_structure_get_double (c, "confidence", &best));
    fail_unless_equals_string (g_quark_to_string (
                                   gst_analytics_cls_mtd_get_quark (&cls, 0)),
        gst_structure_get_string (c, "label"));
    fail_unless (ABS (gst_analytics_cls_mtd_get_level (&cls, 0) - best) < 1e-6);
    if (strstr (gst_structure_get_string (c, "label"), "cat"))
      cats++;
  }
  fail_unless (rois >= 2, "%u objects", rois);
  fail_unless (cats >= 1);
  fail_unless_equals_int (count_mtds (out,
                              gst_analytics_od_mtd_get_mtd_type ()),
      rois);
  gst_buffer_unref (out);

  /* meta-kind: only one kind. */
  out = detect ("meta-kind=analytics");
  fail_unless (gst_buffer_get_meta (out,
                   GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE) == NULL);
  fail_unless (count_mtds (out, gst_analytics_od_mtd_get_mtd_type ()) >= 2);
  gst_buffer_unref (out);
  out = detect ("meta-kind=roi");
  fail_unless (count_mtds (out, gst_analytics_od_mtd_get_mtd_type ()) == 0);
  gst_buffer_unref (out);
}

GST_END_TEST;

/* Full-frame classes: one classification mtd, our meta's classes. */
GST_START_TEST (test_frame_classes)
{
  GstHarness *h = test_element_harness ("mnv2classify", NULL,
      GST_VIDEO_FORMAT_RGB);
  GstBuffer *out = gst_harness_push_and_pull (h,
      test_cat_frame (GST_VIDEO_FORMAT_RGB, 0));
  GstMnv2ClassificationMeta *m = gst_buffer_get_mnv2_classification_meta (out);
  GstAnalyticsRelationMeta *rmeta = relation_meta (out);
  gpointer state = NULL;
  GstAnalyticsClsMtd cls;
  fail_unless (gst_analytics_relation_meta_iterate (rmeta, &state,
      gst_analytics_cls_mtd_get_mtd_type (), &cls));
  fail_unless_equals_int (gst_analytics_cls_mtd_get_length (&cls),
      m->n_classes);
  for (guint i = 0; i < m->n_classes; i++) {
    fail_unless_equals_int (gst_analytics_cls_mtd_get_quark (&cls, i),
        m->classes[i].label);
    fail_unless (
        gst_analytics_cls_mtd_get_level (&cls, i) == m->classes[i].score);
  }
  gst_buffer_unref (out);
  gst_harness_teardown (h);
}

GST_END_TEST;

#if GST_CHECK_VERSION(1, 26, 0)
/* The segmentation mtd: our class map (the same bytes), its location, the
 * classes present as region ids. */
GST_START_TEST (test_segmentation)
{
  GstHarness *h = test_element_harness ("deeplabsegment", NULL,
      GST_VIDEO_FORMAT_RGB);
  GstBuffer *out = gst_harness_push_and_pull (h,
      test_cat_frame (GST_VIDEO_FORMAT_RGB, 0));
  GstMnv2SegmentationMeta *m = gst_buffer_get_mnv2_segmentation_meta (out);
  GstAnalyticsRelationMeta *rmeta = relation_meta (out);
  gpointer state = NULL;
  GstAnalyticsSegmentationMtd seg;
  fail_unless (gst_analytics_relation_meta_iterate (rmeta, &state,
      gst_analytics_segmentation_mtd_get_mtd_type (), &seg));
  gint x, y;
  guint w, hh;
  GstBuffer *mask = gst_analytics_segmentation_mtd_get_mask (&seg, &x, &y, &w,
      &hh);
  fail_unless_equals_int (x, m->rect.x);
  fail_unless_equals_int (y, m->rect.y);
  fail_unless_equals_int (w, m->rect.w);
  fail_unless_equals_int (hh, m->rect.h);
  GstVideoMeta *vm = gst_buffer_get_video_meta (mask);
  fail_unless (vm && vm->format == GST_VIDEO_FORMAT_GRAY8 &&
      vm->width == m->width && vm->height == m->height);
  GstMapInfo a, b;
  fail_unless (gst_buffer_map (mask, &a, GST_MAP_READ));
  fail_unless (gst_buffer_map (m->class_map, &b, GST_MAP_READ));
  fail_unless (memcmp (a.data, b.data, (gsize) m->width * m->height) == 0);
  guint present[256] = { 0 };
  for (gsize i = 0; i < (gsize) m->width * m->height; i++)
    present[b.data[i]] = 1;
  gst_buffer_unmap (mask, &a);
  gst_buffer_unmap (m->class_map, &b);
  guint n = 0;
  for (guint c = 0; c < 256; c++)
    n += present[c];
  fail_unless_equals_int (gst_analytics_segmentation_mtd_get_region_count (
                              &seg),
      n);
  for (gsize i = 0; i < n; i++)
    fail_unless (
        present[gst_analytics_segmentation_mtd_get_region_id (&seg, i)]);
  gst_buffer_unref (mask);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
}

GST_END_TEST;
#endif

/* Upstream's objectdetectionoverlay draws our boxes: the frame changes
 * along the cat's box edges (GStreamer 1.26.2's imagefreeze does not
 * negotiate with it: the decoder feeds it). */
static guint8 *
overlay_frame (gboolean detect, gsize *size)
{
  gchar *desc = g_strdup_printf (
      "filesrc location=%s/testdata/"
      "kite_and_cold.jpg ! jpegdec ! videoconvert ! video/x-raw,format=NV12 "
      "! %s videoconvert ! objectdetectionoverlay ! videoconvert ! "
      "video/x-raw,format=RGB ! appsink name=out",
      data_dir, detect ? "ssdlitedetect !" : "");
  GstElement *pipe = gst_parse_launch (desc, NULL);
  fail_unless (pipe != NULL, "%s", desc);
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipe), "out");
  gst_element_set_state (pipe, GST_STATE_PLAYING);
  GstSample *sample = NULL;
  g_signal_emit_by_name (sink, "pull-sample", &sample);
  fail_unless (sample != NULL);
  GstMapInfo map;
  GstBuffer *buf = gst_sample_get_buffer (sample);
  gst_buffer_map (buf, &map, GST_MAP_READ);
  guint8 *copy = g_memdup2 (map.data, map.size);
  *size = map.size;
  gst_buffer_unmap (buf, &map);
  gst_sample_unref (sample);
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (pipe);
  g_free (desc);
  return copy;
}

GST_START_TEST (test_objectdetectionoverlay_draws_ours)
{
  GstElementFactory *f = gst_element_factory_find ("objectdetectionoverlay");
  if (!f) {
    g_print ("SKIP objectdetectionoverlay: not installed "
             "(gstreamer1.0-plugins-bad >= 1.24)\n");
    return;
  }
  gst_object_unref (f);
  gsize n0, n1;
  guint8 *plain = overlay_frame (FALSE, &n0);
  guint8 *drawn = overlay_frame (TRUE, &n1);
  fail_unless_equals_int (n0, n1);
  gsize changed = 0;
  for (gsize i = 0; i < n0; i++)
    changed += plain[i] != drawn[i];
  g_print ("objectdetectionoverlay changed %" G_GSIZE_FORMAT " bytes\n",
      changed);
  fail_unless (changed > 1000, "objectdetectionoverlay drew nothing");
  g_free (plain);
  g_free (drawn);
}

GST_END_TEST;

/* An upstream-style detection: the cat as an object-detection mtd only (no
 * ROI meta), as a GstAnalytics detector would attach it. */
static GstBuffer *
cat_with_foreign_detection (GstVideoFormat format, guint *od_id)
{
  GstBuffer *buf = test_cat_frame (format, 0);
  GstAnalyticsRelationMeta *r = gst_buffer_add_analytics_relation_meta (buf);
  GstAnalyticsODMtd od;
  fail_unless (gst_analytics_relation_meta_add_od_mtd (r,
      g_quark_from_static_string ("cat"), 44, 45, 316, 288, 0.7f, &od));
  *od_id = od.id;
  return buf;
}

/* It flows through our cascade: the tracker gives it an id (a tracking mtd
 * related to it), the classifier classifies its crop (a classification
 * mtd related to it), the JSON shows both. */
GST_START_TEST (test_foreign_detection_through_cascade)
{
  gchar *path = g_build_filename (g_get_tmp_dir (), "mnv2-analytics.jsonl",
      NULL);
  gchar *launch =
      g_strdup_printf ("mnv2track min-hits=1 ! mnv2classify "
                       "inference-region=roi-list ! mnv2json location=%s",
          path);
  GstHarness *h = test_element_harness (launch, NULL, GST_VIDEO_FORMAT_NV12);
  guint od_id;
  GstBuffer *out = gst_harness_push_and_pull (h,
      cat_with_foreign_detection (GST_VIDEO_FORMAT_NV12, &od_id));
  GstAnalyticsRelationMeta *rmeta = relation_meta (out);
  GstAnalyticsTrackingMtd trk;
  GstAnalyticsClsMtd cls;
  gpointer rs = NULL;
  fail_unless (gst_analytics_relation_meta_get_direct_related (rmeta, od_id,
      GST_ANALYTICS_REL_TYPE_RELATE_TO,
      gst_analytics_tracking_mtd_get_mtd_type (), &rs, &trk));
  rs = NULL;
  fail_unless (gst_analytics_relation_meta_get_direct_related (rmeta, od_id,
      GST_ANALYTICS_REL_TYPE_RELATE_TO, gst_analytics_cls_mtd_get_mtd_type (),
      &rs, &cls));
  const gchar *label = g_quark_to_string (
      gst_analytics_cls_mtd_get_quark (&cls, 0));
  fail_unless (strstr (label, "cat") != NULL, "%s", label);
  gst_buffer_unref (out);
  gst_harness_teardown (h);

  gchar *text = NULL;
  fail_unless (g_file_get_contents (path, &text, NULL, NULL));
  fail_unless (strstr (text, "\"object_id\": 1") != NULL, "%s", text);
  fail_unless (strstr (text, "cat\", \"score\"") != NULL, "%s", text);
  g_free (text);
  g_unlink (path);
  g_free (path);
  g_free (launch);
}

GST_END_TEST;

/* mnv2json alone: another element's detection with its tracking and class
 * mtds is an object of the line (roi_id -1); its frame-level
 * classification is the line's "classes". */
GST_START_TEST (test_foreign_detection_json)
{
  gchar *path = g_build_filename (g_get_tmp_dir (), "mnv2-foreign.jsonl", NULL);
  gchar *launch = g_strdup_printf ("mnv2json location=%s", path);
  GstHarness *h = test_element_harness (launch, NULL, GST_VIDEO_FORMAT_NV12);
  guint od_id;
  GstBuffer *in = cat_with_foreign_detection (GST_VIDEO_FORMAT_NV12, &od_id);
  GstAnalyticsRelationMeta *r = gst_buffer_get_analytics_relation_meta (in);
  GstAnalyticsTrackingMtd trk;
  GstAnalyticsClsMtd cls;
  fail_unless (gst_analytics_relation_meta_add_tracking_mtd (r, 42, 0, &trk));
  fail_unless (gst_analytics_relation_meta_add_one_cls_mtd (r, 0.5f,
      g_quark_from_static_string ("tabby"), &cls));
  gst_analytics_relation_meta_set_relation (r, GST_ANALYTICS_REL_TYPE_RELATE_TO,
      od_id, trk.id);
  gst_analytics_relation_meta_set_relation (r, GST_ANALYTICS_REL_TYPE_RELATE_TO,
      od_id, cls.id);
  /* ... and a frame-level classification (related to no detection). */
  GstAnalyticsClsMtd frame_cls;
  fail_unless (gst_analytics_relation_meta_add_one_cls_mtd (r, 0.875f,
      g_quark_from_static_string ("kitchen"), &frame_cls));
  gst_buffer_unref (gst_harness_push_and_pull (h, in));
  gst_harness_teardown (h);
  gchar *text = NULL;
  fail_unless (g_file_get_contents (path, &text, NULL, NULL));
  fail_unless (strstr (text,
                   "{\"roi_id\": -1, \"label_id\": -1, "
                   "\"label\": \"cat\", \"score\": 0.7, \"x\": 44, \"y\": 45, "
                   "\"width\": 316, \"height\": 288") != NULL,
      "%s", text);
  fail_unless (strstr (text, "\"object_id\": 42") != NULL, "%s", text);
  fail_unless (strstr (text, "\"label\": \"tabby\", \"score\": 0.5") != NULL,
      "%s", text);
  fail_unless (strstr (text,
                   "\"classes\": [{\"id\": -1, \"label\": "
                   "\"kitchen\", \"score\": 0.875}]") != NULL,
      "%s", text);
  g_free (text);
  g_unlink (path);
  g_free (path);
  g_free (launch);
}

GST_END_TEST;

/* mnv2overlay draws another element's detection. */
GST_START_TEST (test_foreign_detection_drawn)
{
  GstHarness *h = test_element_harness ("mnv2overlay", NULL,
      GST_VIDEO_FORMAT_RGB);
  guint od_id;
  GstBuffer *plain = gst_harness_push_and_pull (h,
      test_cat_frame (GST_VIDEO_FORMAT_RGB, 0));
  GstBuffer *drawn = gst_harness_push_and_pull (h,
      cat_with_foreign_detection (GST_VIDEO_FORMAT_RGB, &od_id));
  GstMapInfo a, b;
  gst_buffer_map (plain, &a, GST_MAP_READ);
  gst_buffer_map (drawn, &b, GST_MAP_READ);
  gsize changed = 0;
  for (gsize i = 0; i < MIN (a.size, b.size); i++)
    changed += a.data[i] != b.data[i];
  gst_buffer_unmap (plain, &a);
  gst_buffer_unmap (drawn, &b);
  fail_unless (changed > 1000, "%" G_GSIZE_FORMAT " bytes changed", changed);
  gst_buffer_unref (plain);
  gst_buffer_unref (drawn);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Without the test data too: the synthesized SSDLite (tiny) and mnv2track
 * on its own input picture; every ROI has its detection and tracking mtds. */
GST_START_TEST (test_tiny_detections_as_analytics)
{
  gchar *model = test_tiny_model_path ("ssdlite_synth_u8.tflite");
  guint8 *rgb = test_synth_input ();
  gchar *launch = g_strdup_printf ("ssdlitedetect model-file=%s threshold=0.3 "
                                   "! mnv2track min-hits=1",
      model);
  GstHarness *h = test_rgb_harness (launch, 300, 300);
  GstVideoInfo info;
  GstBuffer *out = gst_harness_push_and_pull (h,
      test_frame_from_rgb (rgb, 300, 300, GST_VIDEO_FORMAT_RGB, &info));
  GstAnalyticsRelationMeta *rmeta = relation_meta (out);
  gpointer state = NULL;
  GstMeta *meta;
  guint rois = 0;
  while ((meta = gst_buffer_iterate_meta_filtered (out, &state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    check_roi_mtds (rmeta, (GstVideoRegionOfInterestMeta *) meta);
    rois++;
  }
  fail_unless (rois > 0, "the synthesized detector found nothing");
  fail_unless_equals_int (count_mtds (out,
                              gst_analytics_od_mtd_get_mtd_type ()),
      rois);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
  g_free (launch);
  g_free (rgb);
  g_free (model);
}

GST_END_TEST;

static Suite *
analytics_suite (void)
{
  Suite *s = suite_create ("analytics");
  TCase *tc = tcase_create ("general");
  tcase_set_timeout (tc, 300);
  suite_add_tcase (s, tc);
  tcase_add_data_test (tc, test_cascade_as_analytics);
  tcase_add_data_test (tc, test_frame_classes);
  tcase_add_data_test (tc, test_foreign_detection_through_cascade);
  tcase_add_data_test (tc, test_foreign_detection_json);
  tcase_add_data_test (tc, test_foreign_detection_drawn);
#if GST_CHECK_VERSION(1, 26, 0)
  tcase_add_data_test (tc, test_segmentation);
#endif
  tcase_add_data_test (tc, test_objectdetectionoverlay_draws_ours);
  tcase_add_test (tc, test_tiny_detections_as_analytics);
  return s;
}

int
main (int argc, char **argv)
{
  test_harness_init ("analytics");
  gst_check_init (&argc, &argv);
  return gst_check_run_suite (analytics_suite (), "analytics", __FILE__);
}
