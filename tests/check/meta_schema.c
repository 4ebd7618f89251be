/* The result schema of the meta library (gst/mnv2/mnv2schema.h): what a
 * producer writes is what every consumer reads, field by field; the label
 * fallback; the class histogram's order and its bounds checks.  Links the
 * meta library only (no engine), as an application would. */
#include <gst/check/gstcheck.h>
#include <gst/video/video.h>

#include "mnv2/mnv2schema.h"

static GstVideoRegionOfInterestMeta *
new_roi (GstBuffer *buf)
{
  return gst_buffer_add_video_region_of_interest_meta (buf, "dog", 1, 2, 3, 4);
}

GST_START_TEST (test_detection_round_trip)
{
  GstBuffer *buf = gst_buffer_new ();
  GstVideoRegionOfInterestMeta *roi = new_roi (buf);
  GstMnv2ParamLabel d;
  fail_unless (gst_mnv2_roi_get_detection (roi, &d) == NULL);
  fail_unless (d.label == NULL && d.label_id == -1 && !d.has_confidence);
  gst_video_region_of_interest_meta_add_param (roi,
      gst_mnv2_detection_param_new ("dog", 17, 0.75));
  GstStructure *s = gst_mnv2_roi_get_detection (roi, &d);
  fail_unless (s && gst_structure_has_name (s, "detection"));
  fail_unless_equals_string (d.label, "dog");
  fail_unless_equals_int (d.label_id, 17);
  fail_unless (d.has_confidence);
  fail_unless_equals_float (d.confidence, 0.75);
  /* A negative confidence means "none": the field is left out. */
  GstStructure *p = gst_mnv2_detection_param_new (NULL, 3, -1.0);
  fail_unless (!gst_structure_has_field (p, "confidence"));
  fail_unless (gst_mnv2_param_read_label (p, &d));
  fail_unless (!d.has_confidence && d.label_id == 3);
  fail_unless_equals_string (d.label, "");
  gst_structure_free (p);
  gst_buffer_unref (buf);
}

GST_END_TEST;

GST_START_TEST (test_classification_and_object_id)
{
  GstBuffer *buf = gst_buffer_new ();
  GstVideoRegionOfInterestMeta *roi = new_roi (buf);
  GstMnv2ParamLabel c;
  gboolean predicted = TRUE;
  fail_unless_equals_int (gst_mnv2_roi_get_object_id (roi, &predicted), -1);
  fail_if (predicted);
  gst_mnv2_roi_set_object_id (roi, 42, TRUE);
  fail_unless_equals_int (roi->id, 42);
  fail_unless_equals_int (gst_mnv2_roi_get_object_id (roi, &predicted), 42);
  fail_unless (predicted);
  /* DL Streamer's layout: "object_id" with "id". */
  GstStructure *o = gst_video_region_of_interest_meta_get_param (roi,
      "object_id");
  gint id = -1;
  fail_unless (o && gst_structure_get_int (o, "id", &id) && id == 42);

  GstStructure *s = gst_mnv2_classification_param_new ("beagle", 162, 0.5,
      "mnv2.tflite");
  fail_unless (gst_mnv2_param_get_classification (s, &c));
  fail_unless_equals_string (c.label, "beagle");
  fail_unless_equals_int (c.label_id, 162);
  fail_unless_equals_float (c.confidence, 0.5);
  fail_unless_equals_string (gst_structure_get_string (s, "model_name"),
      "mnv2.tflite");
  gst_structure_free (s);
  s = gst_mnv2_detection_param_new ("dog", 1, 0.5);
  fail_if (gst_mnv2_param_get_classification (s, &c));
  fail_if (gst_mnv2_param_get_classification (NULL, &c));
  gst_structure_free (s);
  gst_buffer_unref (buf);
}

GST_END_TEST;

GST_START_TEST (test_label_or_number)
{
  gchar num[16];
  fail_unless_equals_string (gst_mnv2_label_or_number ("cat", 8, num), "cat");
  fail_unless_equals_string (gst_mnv2_label_or_number ("", 8, num), "8");
  fail_unless_equals_string (gst_mnv2_label_or_number (NULL, -1, num), "-1");
  fail_unless_equals_string (gst_mnv2_label_or_number (NULL, G_MININT, num),
      "-2147483648");
}

GST_END_TEST;

GST_START_TEST (test_histogram_order)
{
  guint32 h[256] = { 0 };
  GstMnv2ClassCount out[256];
  fail_unless_equals_int (gst_mnv2_class_histogram_sort (h, out), 0);
  h[0] = 5;
  h[15] = 9;
  h[3] = 5;
  h[255] = 1;
  fail_unless_equals_int (gst_mnv2_class_histogram_sort (h, out), 4);
  /* Most pixels first, lower ids first on ties. */
  fail_unless (out[0].id == 15 && out[0].pixels == 9);
  fail_unless (out[1].id == 0 && out[2].id == 3);
  fail_unless (out[3].id == 255 && out[3].pixels == 1);
  for (guint c = 0; c < 256; c++)
    h[c] = 7;
  fail_unless_equals_int (gst_mnv2_class_histogram_sort (h, out), 256);
  for (guint c = 0; c < 256; c++)
    fail_unless_equals_int (out[c].id, c);
}

GST_END_TEST;

GST_START_TEST (test_segmentation_counts)
{
  /* 3 x 2 map, rows 4 bytes apart. */
  static const guint8 map[] = { 1, 1, 2, 99, 0, 1, 2, 99 };
  const GQuark labels[2] = { 0, g_quark_from_static_string ("aeroplane") };
  GstBuffer *buf = gst_buffer_new ();
  GstBuffer *cm = gst_buffer_new_memdup (map, sizeof map);
  GstVideoRectangle rect = { 0, 0, 30, 20 };
  GstMnv2SegmentationMeta *sm = gst_buffer_add_mnv2_segmentation_meta (buf, cm,
      3, 2, 4, &rect, labels, 2);
  GstMnv2ClassCount out[256];
  fail_unless_equals_int (gst_mnv2_segmentation_meta_count_classes (sm, out),
      3);
  fail_unless (out[0].id == 1 && out[0].pixels == 3);
  fail_unless (out[1].id == 2 && out[1].pixels == 2);
  fail_unless (out[2].id == 0 && out[2].pixels == 1);
  fail_unless_equals_string (gst_mnv2_segmentation_meta_get_label (sm, 1),
      "aeroplane");
  fail_unless (gst_mnv2_segmentation_meta_get_label (sm, 0) == NULL);
  fail_unless (gst_mnv2_segmentation_meta_get_label (sm, 2) == NULL);
  /* A map shorter than its geometry is not read. */
  sm->height = 3;
  fail_unless_equals_int (gst_mnv2_segmentation_meta_count_classes (sm, out),
      0);
  sm->height = 0;
  fail_unless_equals_int (gst_mnv2_segmentation_meta_count_classes (sm, out),
      0);
  gst_buffer_unref (cm);
  gst_buffer_unref (buf);
}

GST_END_TEST;

static Suite *
schema_suite (void)
{
  Suite *s = suite_create ("mnv2schema");
  TCase *tc = tcase_create ("schema");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_detection_round_trip);
  tcase_add_test (tc, test_classification_and_object_id);
  tcase_add_test (tc, test_label_or_number);
  tcase_add_test (tc, test_histogram_order);
  tcase_add_test (tc, test_segmentation_counts);
  return s;
}

GST_CHECK_MAIN (schema);
