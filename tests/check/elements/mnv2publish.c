/* mnv2publish against a real mosquitto on 127.0.0.1 (tests/check/broker.c
 * starts one per test on free ports with a generated config): every
 * message of a stream arrives once and in order at QoS 1; a broker killed
 * mid-stream and restarted: the video keeps its pace, publishing resumes,
 * the counts add up; a full queue drops the oldest, counted; TLS with a CA
 * made by openssl; username and password accepted and refused; bad
 * settings fail naming what is wrong. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gst/check/gstcheck.h>

#include "../broker.h"

#define TOPIC "test/cam1/results"

/* The pts of each message, in order of arrival. */
static GArray *
message_pts (TestSubscriber *sub)
{
  GPtrArray *msgs = test_subscriber_messages (sub);
  GArray *pts = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint i = 0; i < msgs->len; i++) {
    const gchar *m = g_ptr_array_index (msgs, i);
    guint64 v;
    fail_unless (sscanf (m, "{\"pts\": %" G_GUINT64_FORMAT, &v) == 1, "%s", m);
    g_array_append_val (pts, v);
  }
  g_ptr_array_unref (msgs);
  return pts;
}

typedef struct {
  GstElement *pipe, *publish;
  GstBus *bus;
  guint warnings;
  gint64 last_buffer, max_gap; /* us between buffers at the sink */
} Run;

static GstPadProbeReturn
gap_probe (GstPad *pad, GstPadProbeInfo *info, gpointer data)
{
  Run *run = data;
  const gint64 now = g_get_monotonic_time ();
  (void) pad;
  (void) info;
  if (run->last_buffer && now - run->last_buffer > run->max_gap)
    run->max_gap = now - run->last_buffer;
  run->last_buffer = now;
  return GST_PAD_PROBE_OK;
}

static void
run_start (Run *run, const gchar *desc)
{
  GError *error = NULL;
  memset (run, 0, sizeof *run);
  run->pipe = gst_parse_launch (desc, &error);
  fail_unless (run->pipe != NULL, "%s", error ? error->message : "");
  run->publish = gst_bin_get_by_name (GST_BIN (run->pipe), "pub");
  run->bus = gst_element_get_bus (run->pipe);
  GstElement *sink = gst_bin_get_by_name (GST_BIN (run->pipe), "sink");
  GstPad *pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, gap_probe, run, NULL);
  gst_object_unref (pad);
  gst_object_unref (sink);
  fail_unless (gst_element_set_state (run->pipe, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
}

/* Waits for EOS (or an error: returned, with its message) and counts the
 * warnings on the way. */
static gchar *
run_wait (Run *run, guint seconds)
{
  for (;;) {
    GstMessage *msg = gst_bus_timed_pop (run->bus, seconds * GST_SECOND);
    fail_unless (msg != NULL, "no EOS within %u s", seconds);
    gchar *error = NULL;
    GError *e;
    switch (GST_MESSAGE_TYPE (msg)) {
      case GST_MESSAGE_WARNING:
        gst_message_parse_warning (msg, &e, NULL);
        g_print ("warning: %s\n", e->message);
        g_error_free (e);
        run->warnings++;
        break;
      case GST_MESSAGE_ERROR:
        gst_message_parse_error (msg, &e, NULL);
        error = g_strdup (e->message);
        g_error_free (e);
        break;
      default: break;
    }
    const gboolean done = error || GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS;
    gst_message_unref (msg);
    if (done)
      return error;
  }
}

static GstStructure *
run_stop (Run *run)
{
  GstStructure *stats;
  gst_element_set_state (run->pipe, GST_STATE_NULL);
  g_object_get (run->publish, "stats", &stats, NULL);
  gst_object_unref (run->publish);
  gst_object_unref (run->bus);
  gst_object_unref (run->pipe);
  return stats;
}

static guint64
stat (const GstStructure *s, const gchar *field)
{
  guint64 v = 0;
  fail_unless (gst_structure_get_uint64 (s, field, &v), "no %s", field);
  return v;
}

/* 100 buffers at QoS 1: 100 messages, each once, in order. */
GST_START_TEST (test_every_message_once_in_order)
{
  TestBroker *b = test_broker_new (FALSE, NULL, NULL);
  test_broker_start (b);
  TestSubscriber *sub = test_subscriber_new (b, TOPIC, NULL, NULL);
  gchar *desc =
      g_strdup_printf ("videotestsrc num-buffers=100 ! "
                       "video/x-raw,width=64,height=48 ! mnv2publish name=pub "
                       "broker=mqtt://127.0.0.1:%d topic=" TOPIC
                       " qos=1 publish-empty=true "
                       "source=cam1 tags=floor=3 ! fakesink name=sink",
          b->port);
  Run run;
  run_start (&run, desc);
  fail_unless (run_wait (&run, 60) == NULL);
  GstStructure *stats = run_stop (&run);

  fail_unless_equals_int (test_subscriber_wait (sub, 100, 10000), 100);
  g_usleep (200 * 1000); /* no duplicate arriving late */
  GArray *pts = message_pts (sub);
  fail_unless_equals_int (pts->len, 100);
  for (guint i = 0; i < pts->len; i++)
    fail_unless_equals_uint64 (g_array_index (pts, guint64, i),
        gst_util_uint64_scale (i, GST_SECOND, 30));
  GPtrArray *msgs = test_subscriber_messages (sub);
  fail_unless (strstr (g_ptr_array_index (msgs, 0),
                   "\"source\": \"cam1\", "
                   "\"tags\": {\"floor\": 3}, \"width\": 64, \"height\": 48") !=
          NULL,
      "%s", (gchar *) g_ptr_array_index (msgs, 0));
  g_ptr_array_unref (msgs);
  fail_unless_equals_uint64 (stat (stats, "sent"), 100);
  fail_unless_equals_uint64 (stat (stats, "published"), 100);
  fail_unless_equals_uint64 (stat (stats, "dropped"), 0);

  g_array_unref (pts);
  gst_structure_free (stats);
  test_subscriber_free (sub);
  test_broker_free (b);
  g_free (desc);
}

GST_END_TEST;

/* The broker killed 1.5 s into a 5 s live stream and started again 1.5 s
 * later: frames keep their pace, a warning at the disconnect and at the
 * reconnect, publishing resumes, and every message is published or
 * counted as dropped (none here: the queue holds the outage). */
GST_START_TEST (test_broker_outage)
{
  TestBroker *b = test_broker_new (FALSE, NULL, NULL);
  test_broker_start (b);
  TestSubscriber *sub = test_subscriber_new (b, TOPIC, NULL, NULL);
  gchar *desc = g_strdup_printf (
      "videotestsrc is-live=true num-buffers=150 "
      "! video/x-raw,width=64,height=48,framerate=30/1 ! mnv2publish "
      "name=pub broker=mqtt://127.0.0.1:%d topic=" TOPIC " qos=1 "
      "publish-empty=true max-queue=1000 flush-timeout=20000 ! "
      "fakesink name=sink sync=true",
      b->port);
  Run run;
  run_start (&run, desc);
  g_usleep (1500 * 1000);
  test_broker_kill (b);
  g_usleep (1500 * 1000);
  const guint before = test_subscriber_wait (sub, 0, 0);
  test_broker_start (b);
  fail_unless (run_wait (&run, 60) == NULL);
  const gint64 max_gap = run.max_gap;
  const guint warnings = run.warnings;
  GstStructure *stats = run_stop (&run);
  gchar *text = gst_structure_to_string (stats);
  g_print ("%s; largest gap between frames %.1f ms; %u received before "
           "the restart, %u in all\n",
      text, max_gap / 1000.0, before, test_subscriber_wait (sub, 150, 5000));
  g_free (text);

  /* The video did not wait for the broker (a frame every 33 ms). */
  fail_unless (max_gap < 150 * 1000, "a frame waited %.1f ms",
      max_gap / 1000.0);
  fail_unless (warnings >= 2, "%u warnings", warnings);
  fail_unless (stat (stats, "reconnects") >= 1);
  fail_unless_equals_uint64 (stat (stats, "sent"), 150);
  fail_unless_equals_uint64 (stat (stats, "published") +
          stat (stats, "dropped"),
      150);
  fail_unless_equals_uint64 (stat (stats, "dropped"), 0);
  /* Publishing resumed: the last frames' messages reached the subscriber
   * (which reconnected by itself). */
  test_subscriber_wait (sub, 150, 5000);
  GArray *pts = message_pts (sub);
  fail_unless (pts->len > before);
  fail_unless (g_array_index (pts, guint64, pts->len - 1) > 4 * GST_SECOND,
      "the last message received is of %" GST_TIME_FORMAT,
      GST_TIME_ARGS (g_array_index (pts, guint64, pts->len - 1)));

  g_array_unref (pts);
  gst_structure_free (stats);
  test_subscriber_free (sub);
  test_broker_free (b);
  g_free (desc);
}

GST_END_TEST;

/* No broker at all: the stream flows, the queue keeps the newest
 * max-queue messages and drops the others, counted; what is left at the
 * end is counted too. */
GST_START_TEST (test_full_queue_drops_oldest)
{
  TestBroker *b = test_broker_new (FALSE, NULL, NULL); /* not started */
  gchar *desc =
      g_strdup_printf ("videotestsrc num-buffers=40 ! "
                       "video/x-raw,width=64,height=48 ! mnv2publish name=pub "
                       "broker=mqtt://127.0.0.1:%d topic=" TOPIC
                       " publish-empty=true "
                       "max-queue=5 flush-timeout=200 ! fakesink name=sink",
          b->port);
  Run run;
  run_start (&run, desc);
  fail_unless (run_wait (&run, 60) == NULL);
  GstStructure *during;
  g_object_get (run.publish, "stats", &during, NULL);
  GstStructure *stats = run_stop (&run);
  fail_unless_equals_uint64 (stat (during, "queued"), 5);
  fail_unless_equals_uint64 (stat (during, "dropped"), 35);
  fail_unless_equals_uint64 (stat (stats, "sent"), 40);
  fail_unless_equals_uint64 (stat (stats, "published"), 0);
  fail_unless_equals_uint64 (stat (stats, "dropped"), 40);
  fail_unless (run.warnings >= 1); /* not published within the timeout */
  gst_structure_free (during);
  gst_structure_free (stats);
  test_broker_free (b);
  g_free (desc);
}

GST_END_TEST;

/* mqtts:// with a CA and a server certificate made here by openssl. */
GST_START_TEST (test_tls)
{
  TestBroker *b = test_broker_new (TRUE, NULL, NULL);
  test_broker_start (b);
  TestSubscriber *sub = test_subscriber_new (b, TOPIC, NULL, NULL);
  gchar *desc = g_strdup_printf (
      "videotestsrc num-buffers=10 ! "
      "video/x-raw,width=64,height=48 ! mnv2publish name=pub "
      "broker=mqtts://127.0.0.1:%d ca-file=%s/ca.pem topic=" TOPIC
      " publish-empty=true ! fakesink name=sink",
      b->tls_port, b->dir);
  Run run;
  run_start (&run, desc);
  fail_unless (run_wait (&run, 60) == NULL);
  GstStructure *stats = run_stop (&run);
  fail_unless_equals_int (test_subscriber_wait (sub, 10, 10000), 10);
  fail_unless_equals_uint64 (stat (stats, "published"), 10);
  gst_structure_free (stats);
  test_subscriber_free (sub);
  test_broker_free (b);
  g_free (desc);
}

GST_END_TEST;

/* Username and password-file: accepted; a wrong password is an element
 * error with the broker's refusal. */
GST_START_TEST (test_credentials)
{
  TestBroker *b = test_broker_new (FALSE, "camera", "s3cret");
  test_broker_start (b);
  TestSubscriber *sub = test_subscriber_new (b, TOPIC, "camera", "s3cret");
  gchar *good = test_broker_write_file (b, "good", "s3cret\n");
  gchar *bad = test_broker_write_file (b, "bad", "guess\n");

  gchar *desc = g_strdup_printf (
      "videotestsrc num-buffers=10 ! "
      "video/x-raw,width=64,height=48 ! mnv2publish name=pub "
      "broker=mqtt://127.0.0.1:%d username=camera password-file=%s topic=" TOPIC
      " publish-empty=true ! fakesink name=sink",
      b->port, good);
  Run run;
  run_start (&run, desc);
  fail_unless (run_wait (&run, 60) == NULL);
  gst_structure_free (run_stop (&run));
  fail_unless_equals_int (test_subscriber_wait (sub, 10, 10000), 10);
  g_free (desc);

  desc = g_strdup_printf (
      "videotestsrc is-live=true num-buffers=300 ! "
      "video/x-raw,width=64,height=48,framerate=30/1 ! mnv2publish name=pub "
      "broker=mqtt://127.0.0.1:%d username=camera password-file=%s topic=" TOPIC
      " publish-empty=true ! fakesink name=sink",
      b->port, bad);
  run_start (&run, desc);
  gchar *error = run_wait (&run, 60);
  fail_unless (error != NULL, "a wrong password was not an error");
  fail_unless (strstr (error, "refused") && strstr (error, "127.0.0.1"), "%s",
      error);
  g_print ("%s\n", error);
  g_free (error);
  gst_structure_free (run_stop (&run));

  test_subscriber_free (sub);
  test_broker_free (b);
  g_free (desc);
  g_free (good);
  g_free (bad);
}

GST_END_TEST;

/* Going to PAUSED fails with an error containing EXPECT. */
static void
expect_start_error (const gchar *props, const gchar *expect)
{
  gchar *desc = g_strdup_printf ("fakesrc ! mnv2publish %s ! fakesink", props);
  GstElement *pipe = gst_parse_launch (desc, NULL);
  GstBus *bus = gst_element_get_bus (pipe);
  fail_unless (gst_element_set_state (pipe, GST_STATE_PAUSED) ==
          GST_STATE_CHANGE_FAILURE,
      "%s", props);
  GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  GError *e;
  gst_message_parse_error (msg, &e, NULL);
  fail_unless (strstr (e->message, expect) != NULL, "%s: %s", props,
      e->message);
  g_error_free (e);
  gst_message_unref (msg);
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipe);
  g_free (desc);
}

GST_START_TEST (test_bad_settings)
{
  expect_start_error ("broker=http://127.0.0.1", "http://127.0.0.1");
  expect_start_error ("broker=mqtt://127.0.0.1:99999", "99999");
  expect_start_error ("broker=mqtt://:1883", "names no host");
  expect_start_error ("broker=mqtt://127.0.0.1:1 username=u "
                      "password-file=/nonexistent/pw",
      "/nonexistent/pw");
  expect_start_error ("broker=mqtts://127.0.0.1:1 ca-file=/nonexistent/ca",
      "/nonexistent/ca");
  expect_start_error ("broker=mqtts://127.0.0.1:1 cert-file=/etc/hostname",
      "key-file");
  expect_start_error ("broker=mqtt://127.0.0.1:1 ca-file=/etc/hostname",
      "mqtts://");
  expect_start_error ("broker=mqtt://127.0.0.1:1 tags=a=,=b", "a=,=b");
}

GST_END_TEST;

static Suite *
publish_suite (void)
{
  Suite *s = suite_create ("mnv2publish");
  TCase *tc = tcase_create ("general");
  tcase_set_timeout (tc, 300);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_every_message_once_in_order);
  tcase_add_test (tc, test_broker_outage);
  tcase_add_test (tc, test_full_queue_drops_oldest);
  tcase_add_test (tc, test_tls);
  tcase_add_test (tc, test_credentials);
  tcase_add_test (tc, test_bad_settings);
  return s;
}

int
main (int argc, char **argv)
{
  gchar *prog = test_broker_program ();
  if (!prog) {
    printf ("SKIP: mosquitto is not installed (apt-get install mosquitto "
            "mosquitto-clients): the broker tests need a real broker\n");
    return 77;
  }
  g_free (prog);
  gst_check_init (&argc, &argv);
  return gst_check_run_suite (publish_suite (), "mnv2publish", __FILE__);
}
