/* mnv2publish benchmarks (they assert nothing; README "mnv2publish").
 *
 *   publish-bench cost [FRAMES]
 *     streaming-thread time per frame of mnv2publish (serialization and
 *     enqueue) with 10 detected, tracked and classified objects a frame,
 *     against a real broker (started here); with json-glib found at build
 *     time, also the time to build and print the same document with it.
 *   publish-bench outage SECONDS
 *     a live 30 fps stream publishing at QoS 1 while the broker is killed
 *     for SECONDS, then restarted: the largest gap between frames at the
 *     synchronized sink, and what was published and dropped.
 *
 * Usage: GST_PLUGIN_PATH=build/gst build/tests/publish-bench cost 3000 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#ifdef HAVE_JSON_GLIB
#include <json-glib/json-glib.h>
#endif

#include "../check/broker.h"
#include "mnv2/mnv2meta.h"

static int
cmp_double (const void *a, const void *b)
{
  const double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static GstBuffer *
frame_with_objects (guint i)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, 64, NULL);
  GST_BUFFER_PTS (buf) = gst_util_uint64_scale (i, GST_SECOND, 30);
  for (int k = 0; k < 10; k++) {
    GstVideoRegionOfInterestMeta *roi =
        gst_buffer_add_video_region_of_interest_meta (buf, "person", 100 * k,
            50, 80, 200);
    roi->id = k;
    gst_video_region_of_interest_meta_add_param (roi,
        gst_structure_new ("detection", "label_id", G_TYPE_INT, 1, "confidence",
            G_TYPE_DOUBLE, 0.71, "result_pts", G_TYPE_UINT64,
            GST_BUFFER_PTS (buf), NULL));
    gst_video_region_of_interest_meta_add_param (roi,
        gst_structure_new ("object_id", "id", G_TYPE_INT, 40 + k, "predicted",
            G_TYPE_BOOLEAN, FALSE, NULL));
    gst_video_region_of_interest_meta_add_param (roi,
        gst_structure_new ("classification", "label", G_TYPE_STRING, "backpack",
            "label_id", G_TYPE_INT, 415, "confidence", G_TYPE_DOUBLE, 0.5,
            "model", G_TYPE_STRING, "mobilenet_v2_1.0_224_quant.tflite", NULL));
  }
  return buf;
}

static void
report (const gchar *what, double *us, int n)
{
  qsort (us, n, sizeof *us, cmp_double);
  printf ("%s: min %.1f us, median %.1f us, 99th percentile %.1f us\n", what,
      us[0], us[n / 2], us[n * 99 / 100]);
}

#ifdef HAVE_JSON_GLIB
/* The same document (10 objects with their fields) with json-glib. */
static gsize
json_glib_document (guint i)
{
  JsonBuilder *b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "pts");
  json_builder_add_int_value (b, (gint64) i * 33333333);
  json_builder_set_member_name (b, "timestamp");
  json_builder_add_int_value (b, (gint64) i * 33333333);
  json_builder_set_member_name (b, "objects");
  json_builder_begin_array (b);
  for (int k = 0; k < 10; k++) {
    json_builder_begin_object (b);
    const gchar *ints[] = { "roi_id", "label_id", "x", "y", "width", "height",
      "object_id", "result_pts" };
    for (guint f = 0; f < G_N_ELEMENTS (ints); f++) {
      json_builder_set_member_name (b, ints[f]);
      json_builder_add_int_value (b, k + f);
    }
    json_builder_set_member_name (b, "label");
    json_builder_add_string_value (b, "person");
    json_builder_set_member_name (b, "score");
    json_builder_add_double_value (b, 0.71);
    json_builder_set_member_name (b, "predicted");
    json_builder_add_boolean_value (b, FALSE);
    json_builder_set_member_name (b, "classes");
    json_builder_begin_array (b);
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "id");
    json_builder_add_int_value (b, 415);
    json_builder_set_member_name (b, "label");
    json_builder_add_string_value (b, "backpack");
    json_builder_set_member_name (b, "score");
    json_builder_add_double_value (b, 0.5);
    json_builder_set_member_name (b, "model");
    json_builder_add_string_value (b, "mobilenet_v2_1.0_224_quant.tflite");
    json_builder_end_object (b);
    json_builder_end_array (b);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_end_object (b);
  JsonNode *root = json_builder_get_root (b);
  JsonGenerator *gen = json_generator_new ();
  json_generator_set_root (gen, root);
  gsize len;
  g_free (json_generator_to_data (gen, &len));
  g_object_unref (gen);
  json_node_unref (root);
  g_object_unref (b);
  return len;
}
#endif

static int
bench_cost (int frames)
{
  TestBroker *b = test_broker_new (FALSE, NULL, NULL);
  test_broker_start (b);
  gchar *launch = g_strdup_printf ("mnv2publish broker=mqtt://127.0.0.1:%d "
                                   "topic=bench qos=1 max-queue=100000",
      b->port);
  GstHarness *h = gst_harness_new_parse (launch);
  gst_harness_set_src_caps_str (h,
      "video/x-raw,format=GRAY8,width=8,"
      "height=8,framerate=30/1");
  double *us = g_new (double, frames);
  for (int i = 0; i < frames; i++) {
    GstBuffer *buf = frame_with_objects (i);
    const gint64 t0 = g_get_monotonic_time ();
    gst_harness_push (h, buf);
    us[i] = (double) (g_get_monotonic_time () - t0);
    gst_buffer_unref (gst_harness_pull (h));
  }
  report ("mnv2publish, 10 objects a frame (push through the element)", us,
      frames);
#ifdef HAVE_JSON_GLIB
  gsize len = 0;
  for (int i = 0; i < frames; i++) {
    const gint64 t0 = g_get_monotonic_time ();
    len = json_glib_document (i);
    us[i] = (double) (g_get_monotonic_time () - t0);
  }
  printf ("(json-glib document of %zu bytes)\n", len);
  report ("json-glib, the same 10 objects (build + print only)", us, frames);
#endif
  g_free (us);
  gst_harness_teardown (h);
  test_broker_free (b);
  g_free (launch);
  return 0;
}

static GstPadProbeReturn
gap_probe (GstPad *pad, GstPadProbeInfo *info, gpointer data)
{
  gint64 *t = data; /* last, max gap */
  const gint64 now = g_get_monotonic_time ();
  (void) pad;
  (void) info;
  if (t[0] && now - t[0] > t[1])
    t[1] = now - t[0];
  t[0] = now;
  return GST_PAD_PROBE_OK;
}

static int
bench_outage (int seconds)
{
  TestBroker *b = test_broker_new (FALSE, NULL, NULL);
  test_broker_start (b);
  const int frames = 30 * (seconds + 10);
  gchar *desc = g_strdup_printf (
      "videotestsrc is-live=true num-buffers=%d "
      "! video/x-raw,width=320,height=240,framerate=30/1 ! mnv2publish "
      "name=pub broker=mqtt://127.0.0.1:%d topic=bench qos=1 "
      "publish-empty=true max-queue=%d flush-timeout=30000 ! "
      "fakesink name=sink sync=true",
      frames, b->port, 30 * seconds + 300);
  GstElement *pipe = gst_parse_launch (desc, NULL);
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipe), "sink");
  GstElement *pub = gst_bin_get_by_name (GST_BIN (pipe), "pub");
  GstPad *pad = gst_element_get_static_pad (sink, "sink");
  gint64 gaps[2] = { 0, 0 };
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, gap_probe, gaps, NULL);
  GstBus *bus = gst_element_get_bus (pipe);
  gst_element_set_state (pipe, GST_STATE_PLAYING);
  g_usleep (5 * G_USEC_PER_SEC);
  test_broker_kill (b);
  printf ("broker killed for %d s\n", seconds);
  g_usleep ((gulong) seconds * G_USEC_PER_SEC);
  test_broker_start (b);
  printf ("broker restarted\n");
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_message_unref (msg);
  gst_element_set_state (pipe, GST_STATE_NULL);
  GstStructure *stats;
  g_object_get (pub, "stats", &stats, NULL);
  gchar *text = gst_structure_to_string (stats);
  printf ("%d frames at 30 fps, outage %d s: largest gap between frames at "
          "the sink %.1f ms; %s\n",
      frames, seconds, gaps[1] / 1000.0, text);
  g_free (text);
  gst_structure_free (stats);
  gst_object_unref (pad);
  gst_object_unref (sink);
  gst_object_unref (pub);
  gst_object_unref (bus);
  gst_object_unref (pipe);
  test_broker_free (b);
  g_free (desc);
  return 0;
}

/* broker.c reports through gst-check, so the benchmark runs as one
 * (unforked) check test. */
static int bench_argc;
static char **bench_argv;

GST_START_TEST (run_bench)
{
  if (bench_argc >= 2 && strcmp (bench_argv[1], "cost") == 0)
    bench_cost (bench_argc > 2 ? atoi (bench_argv[2]) : 3000);
  else
    bench_outage (atoi (bench_argv[2]));
}

GST_END_TEST;

int
main (int argc, char **argv)
{
  if (!(argc >= 2 && strcmp (argv[1], "cost") == 0) &&
      !(argc >= 3 && strcmp (argv[1], "outage") == 0)) {
    fprintf (stderr,
        "Usage: publish-bench cost [FRAMES] | outage "
        "SECONDS\n");
    return 2;
  }
  bench_argc = argc;
  bench_argv = argv;
  gst_check_init (NULL, NULL);
  Suite *s = suite_create ("publish-bench");
  TCase *tc = tcase_create ("bench");
  tcase_set_timeout (tc, 0);
  tcase_add_test (tc, run_bench);
  suite_add_tcase (s, tc);
  SRunner *sr = srunner_create (s);
  srunner_set_fork_status (sr, CK_NOFORK);
  srunner_run_all (sr, CK_SILENT);
  const int failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed ? 1 : 0;
}
