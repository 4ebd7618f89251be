/* mnv2json with GstHarness (no models needed): buffers pass unchanged; one
 * line per buffer with pts, frame size, classes, objects (detection and
 * classification parameters), segmentation fractions; keys absent when no
 * result of that kind; strings escaped; a file that cannot be written is a
 * clear error. */
#include <string.h>

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>

#include "mnv2/mnv2meta.h"

static gchar *
run_with (const gchar *path, const gchar *props, GstBuffer **bufs, guint n)
{
  gchar *launch = g_strdup_printf ("mnv2json location=%s %s", path, props);
  GstHarness *h = gst_harness_new_parse (launch);
  gst_harness_set_src_caps_str (h,
      "video/x-raw,format=NV12,width=64,height=48,framerate=30/1");
  for (guint i = 0; i < n; i++) {
    GstBuffer *ref = gst_buffer_ref (bufs[i]);
    GstBuffer *out = gst_harness_push_and_pull (h, bufs[i]);
    fail_unless (out == ref, "buffer %u not passed through", i);
    gst_buffer_unref (out);
    gst_buffer_unref (ref);
  }
  gst_harness_teardown (h);
  g_free (launch);
  gchar *text = NULL;
  fail_unless (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static gchar *
run (const gchar *path, GstBuffer **bufs, guint n)
{
  return run_with (path, "", bufs, n);
}

GST_START_TEST (test_lines)
{
  gchar *path = g_build_filename (g_get_tmp_dir (), "mnv2json-test.jsonl",
      NULL);
  GstBuffer *bufs[2];
  bufs[0] = gst_buffer_new_allocate (NULL, 64 * 48 * 3 / 2, NULL);
  GST_BUFFER_PTS (bufs[0]) = 33 * GST_MSECOND;
  GstMnv2Class c = { 286, g_quark_from_static_string ("Egyptian \"cat\""),
    0.5f };
  gst_buffer_add_mnv2_classification_meta (bufs[0], &c, 1);
  GstVideoRegionOfInterestMeta *roi =
      gst_buffer_add_video_region_of_interest_meta (bufs[0], "cat", 4, 5, 30,
          20);
  gst_video_region_of_interest_meta_add_param (roi,
      gst_structure_new ("detection", "label_id", G_TYPE_INT, 16, "confidence",
          G_TYPE_DOUBLE, 0.75, NULL));
  gst_video_region_of_interest_meta_add_param (roi,
      gst_structure_new ("classification", "label", G_TYPE_STRING, "tabby",
          "label_id", G_TYPE_INT, 282, "confidence", G_TYPE_DOUBLE, 0.25,
          "model", G_TYPE_STRING, "m.tflite", NULL));
  guint8 map[4] = { 0, 8, 8, 8 };
  GstBuffer *cm = gst_buffer_new_memdup (map, 4);
  GstVideoRectangle rect = { 0, 0, 64, 48 };
  GQuark labels[9] = { 0 };
  labels[8] = g_quark_from_static_string ("cat");
  gst_buffer_add_mnv2_segmentation_meta (bufs[0], cm, 2, 2, 2, &rect, labels,
      9);
  gst_buffer_unref (cm);
  bufs[1] = gst_buffer_new_allocate (NULL, 64 * 48 * 3 / 2, NULL);

  gchar *text = run (path, bufs, 2);
  gchar **lines = g_strsplit (text, "\n", -1);
  fail_unless_equals_int (g_strv_length (lines), 3); /* 2 + "" */
  fail_unless_equals_string (lines[0],
      "{\"pts\": 33000000, \"timestamp\": 33000000, \"width\": 64, "
      "\"height\": 48, "
      "\"classes\": [{\"id\": 286, \"label\": \"Egyptian \\\"cat\\\"\", "
      "\"score\": 0.5}], "
      "\"objects\": [{\"roi_id\": 0, \"label_id\": 16, \"label\": \"cat\", "
      "\"score\": 0.75, \"x\": 4, \"y\": 5, \"width\": 30, \"height\": 20, "
      "\"classes\": [{\"id\": 282, \"label\": \"tabby\", \"score\": 0.25, "
      "\"model\": \"m.tflite\"}]}], "
      "\"segmentation\": {\"classes\": [{\"id\": 8, \"label\": \"cat\", "
      "\"fraction\": 0.75}, {\"id\": 0, \"label\": \"0\", "
      "\"fraction\": 0.25}]}}");
  /* Nothing ran on the second buffer: no result keys, no timestamp. */
  fail_unless_equals_string (lines[1],
      "{\"pts\": null, \"width\": 64, \"height\": 48}");
  g_strfreev (lines);
  g_free (text);
  g_unlink (path);
  g_free (path);
}

GST_END_TEST;

/* Labels another element attached may be Latin-1, hold control
 * characters or markup: every line stays valid UTF-8 JSON. */
GST_START_TEST (test_hostile_labels)
{
  gchar *path = g_build_filename (g_get_tmp_dir (), "mnv2json-hostile.jsonl",
      NULL);
  GstBuffer *buf = gst_buffer_new_allocate (NULL, 64 * 48 * 3 / 2, NULL);
  GstMnv2Class c = { 1, g_quark_from_string ("caf\xe9 \x1b[31m<b>"), 0.5f };
  gst_buffer_add_mnv2_classification_meta (buf, &c, 1);
  gst_buffer_add_video_region_of_interest_meta (buf, "\xff\xfe\t\"x\"", 0, 0,
      G_MAXUINT, G_MAXUINT);
  gchar *text = run (path, &buf, 1);
  fail_unless (g_utf8_validate (text, -1, NULL), "not UTF-8: %s", text);
  fail_unless (strstr (text, "\"label\": \"caf\xef\xbf\xbd \\u001b[31m<b>\"") !=
          NULL,
      "%s", text);
  fail_unless (strstr (text,
                   "\"label\": \"\xef\xbf\xbd\xef\xbf\xbd\\t\\\"x\\\"\"") !=
          NULL,
      "%s", text);
  fail_unless (strstr (text, "\"width\": 4294967295") != NULL, "%s", text);
  g_free (text);
  g_unlink (path);
  g_free (path);
}

GST_END_TEST;

/* source and tags go into every line (tags typed: numbers stay numbers);
 * hostile values stay valid JSON; a tags text that does not parse fails
 * the state change naming it. */
GST_START_TEST (test_source_and_tags)
{
  gchar *path = g_build_filename (g_get_tmp_dir (), "mnv2json-tags.jsonl",
      NULL);
  GstBuffer *buf = gst_buffer_new_allocate (NULL, 64 * 48 * 3 / 2, NULL);
  gchar *text = run_with (path,
      "source=rtsp://cam-1/\\\"x\\\" "
      "tags=camera=front,floor=3,night=true",
      &buf, 1);
  fail_unless (strstr (text,
                   "\"source\": \"rtsp://cam-1/\\\"x\\\"\", "
                   "\"tags\": {\"camera\": \"front\", \"floor\": 3, \"night\": "
                   "true}") != NULL,
      "%s", text);
  g_free (text);
  g_unlink (path);
  g_free (path);

  GstElement *e = gst_element_factory_make ("mnv2json", NULL);
  GstBus *bus = gst_bus_new ();
  gst_element_set_bus (e, bus);
  g_object_set (e, "location", "/dev/null", "tags", "a=,=b", NULL);
  fail_unless (
      gst_element_set_state (e, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE);
  GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  GError *err = NULL;
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (strstr (err->message, "a=,=b") != NULL, "%s", err->message);
  g_error_free (err);
  gst_message_unref (msg);
  gst_element_set_state (e, GST_STATE_NULL);
  gst_element_set_bus (e, NULL);
  gst_object_unref (bus);
  gst_object_unref (e);
}

GST_END_TEST;

GST_START_TEST (test_unwritable_location)
{
  GstElement *e = gst_element_factory_make ("mnv2json", NULL);
  GstBus *bus = gst_bus_new ();
  gst_element_set_bus (e, bus);
  g_object_set (e, "location", "/nonexistent/dir/r.jsonl", NULL);
  fail_unless (
      gst_element_set_state (e, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE);
  GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  GError *err = NULL;
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (strstr (err->message, "/nonexistent/dir/r.jsonl") != NULL, "%s",
      err->message);
  g_error_free (err);
  gst_message_unref (msg);
  gst_element_set_state (e, GST_STATE_NULL);
  gst_element_set_bus (e, NULL);
  gst_object_unref (bus);
  gst_object_unref (e);
}

GST_END_TEST;

static Suite *
json_suite (void)
{
  Suite *s = suite_create ("mnv2json");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_lines);
  tcase_add_test (tc, test_hostile_labels);
  tcase_add_test (tc, test_source_and_tags);
  tcase_add_test (tc, test_unwritable_location);
  return s;
}

GST_CHECK_MAIN (json);
