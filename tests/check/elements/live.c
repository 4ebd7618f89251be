/* inference-mode=live: live sources into synchronized sinks.
 *
 * The model here (full DeepLabv3, or under emulation a generated model a
 * hundredth of its work) is slower than the source's frame interval: with
 * live the sink renders every frame on time and results arrive as fast as
 * the model runs; with sync the same pipeline falls behind (late frames
 * dropped by the sink).  The model's speed differs a hundredfold between
 * builds (release, sanitized debug, qemu), so the frame interval is set
 * from the model time measured first: half of it.  Also: result_pts on
 * metas and messages, stats, max-result-age, the LATENCY query, flushing,
 * caps changes, roi-list crops, and state cycles while frames flow. */
#include <string.h>

#include <gst/video/video.h>

#include "../harness.h"
#include "mnv.h"
#include "mnv2/mnv2meta.h"
#include "test_util.h"

#define FRAMES 30

/* The segmentation model of the timing tests and the frame interval of the
 * live source, ms (calibrate (), in each test's process: GStreamer's
 * threads do not survive check's fork). */
static gchar *live_model;
static guint interval_ms;
static void calibrate (void);

/* What reached the sink of one run. */
typedef struct {
  guint buffers, with_meta, held;
  GHashTable *result_pts; /* distinct result_pts seen */
  gboolean pts_order_ok;  /* every result_pts <= the frame's PTS */
} Seen;

static GstPadProbeReturn
count_probe (GstPad *pad, GstPadProbeInfo *info, gpointer data)
{
  Seen *seen = data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  GstMnv2SegmentationMeta *m = gst_buffer_get_mnv2_segmentation_meta (buf);
  (void) pad;
  seen->buffers++;
  if (m) {
    seen->with_meta++;
    if (m->result_pts != GST_BUFFER_PTS (buf))
      seen->held++;
    if (m->result_pts > GST_BUFFER_PTS (buf))
      seen->pts_order_ok = FALSE;
    g_hash_table_add (seen->result_pts,
        GUINT_TO_POINTER ((guint) (m->result_pts / GST_MSECOND)));
  }
  return GST_PAD_PROBE_OK;
}

typedef struct {
  Seen seen;
  guint64 rendered, dropped;
  GstStructure *stats; /* the element's, at EOS */
  gdouble seconds;
  guint messages, messages_held;
} Run;

/* FRAMES frames of a live source (a frame every interval_ms) through deeplabsegment EXTRA into a
 * synchronized sink that drops frames more than 20 ms late.  The sink
 * sends no QoS events: with them, sync would skip inference on late frames
 * (degrading the analysis instead of the video); without, it shows what
 * waiting for the model does to the video. */
static void
run_live_pipeline (const gchar *extra, Run *run)
{
  if (!interval_ms)
    calibrate ();
  gchar *model = g_strdup (live_model);
  gchar *desc = g_strdup_printf (
      "videotestsrc is-live=true num-buffers=%d "
      "pattern=ball ! video/x-raw,format=RGB,width=320,height=240,"
      "framerate=1000/%u ! deeplabsegment name=seg model-file=%s threads=1 "
      "post-messages=true %s ! fakesink name=sink sync=true qos=false "
      "max-lateness=20000000",
      FRAMES, interval_ms, model, extra);
  GError *error = NULL;
  GstElement *pipe = gst_parse_launch (desc, &error);
  fail_unless (pipe != NULL, "%s", error ? error->message : "");
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipe), "sink");
  GstElement *seg = gst_bin_get_by_name (GST_BIN (pipe), "seg");
  GstPad *pad = gst_element_get_static_pad (sink, "sink");
  GstBus *bus = gst_element_get_bus (pipe);

  memset (run, 0, sizeof *run);
  run->seen.result_pts = g_hash_table_new (NULL, NULL);
  run->seen.pts_order_ok = TRUE;
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_probe, &run->seen,
      NULL);
  const gint64 start = g_get_monotonic_time ();
  fail_unless (gst_element_set_state (pipe, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  for (;;) {
    GstMessage *msg = gst_bus_timed_pop (bus, 60 * GST_SECOND);
    fail_unless (msg != NULL, "no EOS within a minute");
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ELEMENT) {
      const GstStructure *s = gst_message_get_structure (msg);
      guint64 ts, rts;
      if (gst_structure_has_name (s, "deeplabsegment")) {
        run->messages++;
        fail_unless (gst_structure_get_uint64 (s, "timestamp", &ts));
        fail_unless (gst_structure_get_uint64 (s, "result_pts", &rts));
        fail_unless (rts <= ts);
        if (rts < ts)
          run->messages_held++;
      }
    }
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
      GError *err;
      gchar *dbg;
      gst_message_parse_error (msg, &err, &dbg);
      fail ("error from %s: %s (%s)", GST_MESSAGE_SRC_NAME (msg), err->message,
          dbg);
    }
    const gboolean eos = GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS;
    gst_message_unref (msg);
    if (eos)
      break;
  }
  run->seconds = (g_get_monotonic_time () - start) / 1e6;
  GstStructure *stats;
  g_object_get (sink, "stats", &stats, NULL);
  gst_structure_get_uint64 (stats, "rendered", &run->rendered);
  gst_structure_get_uint64 (stats, "dropped", &run->dropped);
  gst_structure_free (stats);
  g_object_get (seg, "stats", &run->stats, NULL);
  gchar *stats_text = gst_structure_to_string (run->stats);
  g_print ("%s: rendered %" G_GUINT64_FORMAT " dropped %" G_GUINT64_FORMAT
           " in %.2f s, %u with meta, %u distinct results; %s\n",
      extra, run->rendered, run->dropped, run->seconds, run->seen.with_meta,
      g_hash_table_size (run->seen.result_pts), stats_text);
  g_free (stats_text);

  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (pad);
  gst_object_unref (sink);
  gst_object_unref (seg);
  gst_object_unref (bus);
  gst_object_unref (pipe);
  g_free (desc);
  g_free (model);
}

static void
run_clear (Run *run)
{
  g_hash_table_unref (run->seen.result_pts);
  gst_structure_free (run->stats);
}

static guint64
stat_u64 (const GstStructure *s, const gchar *field)
{
  guint64 v = 0;
  fail_unless (gst_structure_get_uint64 (s, field, &v), "no %s", field);
  return v;
}

static gdouble
stat_double (const GstStructure *s, const gchar *field)
{
  gdouble v = 0;
  fail_unless (gst_structure_get_double (s, field, &v), "no %s", field);
  return v;
}

/* The difference is real: live renders every frame on time while the model
 * runs back to back; sync, the same pipeline, drops late frames. */
GST_START_TEST (test_live_keeps_up_where_sync_falls_behind)
{
  Run live, sync;

  run_live_pipeline ("inference-mode=live", &live);
  run_live_pipeline ("inference-mode=sync", &sync);

  /* live: every frame rendered, none late. */
  fail_unless_equals_int (live.rendered, FRAMES);
  fail_unless_equals_int (live.dropped, 0);
  fail_unless_equals_int (live.seen.buffers, FRAMES);
  /* ... carrying results from the first one on */
  fail_unless (live.seen.with_meta >= FRAMES / 2);
  fail_unless (live.seen.pts_order_ok);
  fail_unless (live.seen.held > 0);
  fail_unless (live.messages_held > 0);
  /* ... that arrive at the model's rate: the worker busy most of the run
   * (the source is faster than the model, so it never waits long), each
   * result a new frame's. */
  const guint64 analysed = stat_u64 (live.stats, "analysed");
  const gdouble mean_ms = stat_double (live.stats, "mean-inference-ms");
  fail_unless_equals_int (stat_u64 (live.stats, "frames"), FRAMES);
  fail_unless (stat_u64 (live.stats, "skipped") > 0);
  fail_unless (analysed * mean_ms >= 0.5 * live.seconds * 1000.0,
      "%" G_GUINT64_FORMAT " x %.1f ms in %.2f s", analysed, mean_ms,
      live.seconds);
  fail_unless (g_hash_table_size (live.seen.result_pts) + 2 >= analysed);
  fail_unless (live.messages + 2 >= analysed);
  fail_unless (stat_double (live.stats, "result-age-ms") >= 0.0);

  /* sync: frames wait for the model, come late and are dropped; the
   * stream takes longer than its duration. */
  fail_unless (mean_ms > interval_ms,
      "the model (%.1f ms) is not slower "
      "than the frame interval: the test shows nothing",
      mean_ms);
  fail_unless (sync.dropped >= FRAMES / 3, "sync dropped %" G_GUINT64_FORMAT,
      sync.dropped);
  fail_unless (sync.seconds > 1.2 * FRAMES * interval_ms / 1000.0);
  fail_unless (live.seconds < sync.seconds);
  /* ... its results are on their own frames */
  fail_unless_equals_int (sync.seen.held + stat_u64 (sync.stats, "analysed"),
      sync.seen.with_meta);

  run_clear (&live);
  run_clear (&sync);
}

GST_END_TEST;

/* max-result-age: a result older than that is not attached (here every
 * result is, since the model takes longer than 1 ms). */
GST_START_TEST (test_max_result_age)
{
  Run run;
  run_live_pipeline ("inference-mode=live max-result-age=1", &run);
  fail_unless (stat_u64 (run.stats, "analysed") > 0);
  fail_unless_equals_int (run.seen.with_meta, 0);
  fail_unless_equals_int (run.messages, 0);
  fail_unless (stat_double (run.stats, "result-age-ms") == -1.0);
  run_clear (&run);
}

GST_END_TEST;

/* live adds nothing for inference to the LATENCY query; sync adds the
 * slowest inference it measured. */
static GstClockTime
pipeline_min_latency (const gchar *mode)
{
  gchar *model = test_model_path ("mobilenet_v2_1.0_224_quant.tflite");
  gchar *desc = g_strdup_printf (
      "videotestsrc is-live=true ! "
      "video/x-raw,format=RGB,width=320,height=240,framerate=30/1 ! "
      "mnv2classify model-file=%s inference-mode=%s ! fakesink sync=true",
      model, mode);
  GstElement *pipe = gst_parse_launch (desc, NULL);
  GstBus *bus = gst_element_get_bus (pipe);
  GstQuery *q = gst_query_new_latency ();
  GstClockTime min, max;
  gboolean live;

  gst_element_set_state (pipe, GST_STATE_PLAYING);
  /* Prerolled (the first frame through the model), then a few more. */
  gst_element_get_state (pipe, NULL, NULL, 60 * GST_SECOND);
  g_usleep (300 * 1000);
  fail_unless (gst_element_query (pipe, q));
  gst_query_parse_latency (q, &live, &min, &max);
  fail_unless (live);
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_query_unref (q);
  gst_object_unref (bus);
  gst_object_unref (pipe);
  g_free (desc);
  g_free (model);
  return min;
}

GST_START_TEST (test_latency_query_live)
{
  const GstClockTime live = pipeline_min_latency ("live");
  const GstClockTime sync = pipeline_min_latency ("sync");
  GST_INFO ("latency live %" GST_TIME_FORMAT " sync %" GST_TIME_FORMAT,
      GST_TIME_ARGS (live), GST_TIME_ARGS (sync));
  fail_unless (sync >= live + 100 * GST_USECOND);
}

GST_END_TEST;

/* The cat picture at W x H (nearest pixel) as a frame of FORMAT. */
static GstBuffer *
cat_at (GstVideoFormat format, gint w, gint hgt, GstClockTime pts)
{
  guint8 *rgb = g_malloc ((gsize) w * hgt * 3);
  GstVideoInfo info;
  for (gint y = 0; y < hgt; y++)
    for (gint x = 0; x < w; x++)
      memcpy (rgb + ((gsize) y * w + x) * 3,
          cat_rgb + ((gsize) (y * cat_h / hgt) * cat_w + x * cat_w / w) * 3, 3);
  GstBuffer *buf = test_frame_from_rgb (rgb, w, hgt, format, &info);
  g_free (rgb);
  GST_BUFFER_PTS (buf) = pts;
  GST_BUFFER_DURATION (buf) = GST_SECOND / 30;
  return buf;
}

static GstBuffer *
push_one (GstHarness *h, gint w, gint hgt, GstClockTime *pts)
{
  GstBuffer *in = cat_at (GST_VIDEO_FORMAT_RGB, w, hgt, *pts);
  *pts += GST_SECOND / 30;
  return gst_harness_push_and_pull (h, in);
}

/* Pushes frames into H until one comes out with a segmentation meta (the
 * worker's result arrived); returns it. */
static GstBuffer *
push_until_meta (GstHarness *h, gint w, gint hgt, GstClockTime *pts)
{
  for (guint i = 0; i < 2000; i++) {
    GstBuffer *out = push_one (h, w, hgt, pts);
    if (gst_buffer_get_mnv2_segmentation_meta (out))
      return out;
    gst_buffer_unref (out);
    g_usleep (2000);
  }
  fail ("no result after 2000 frames");
  return NULL;
}

static void
set_size (GstHarness *h, gint w, gint hgt)
{
  GstVideoInfo info;
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_RGB, w, hgt);
  gchar *caps = test_frame_caps (&info);
  gst_harness_set_src_caps_str (h, caps);
  g_free (caps);
}

/* A resolution switch mid-stream: a result is rescaled onto frames of the
 * same shape, and dropped for another shape. */
GST_START_TEST (test_live_caps_change)
{
  if (!interval_ms)
    calibrate ();
  gchar *model = g_strdup (live_model);
  gchar *launch =
      g_strdup_printf ("deeplabsegment model-file=%s "
                       "inference-mode=live inference-interval=1000000",
          model);
  GstHarness *h = gst_harness_new_parse (launch);
  GstClockTime pts = 0;

  set_size (h, 320, 240);
  GstBuffer *out = push_until_meta (h, 320, 240, &pts);
  GstMnv2SegmentationMeta *m = gst_buffer_get_mnv2_segmentation_meta (out);
  const GstVideoRectangle small = m->rect;
  gst_buffer_unref (out);

  /* Twice the size, same shape: the result, its rectangle doubled. */
  set_size (h, 640, 480);
  out = push_one (h, 640, 480, &pts);
  m = gst_buffer_get_mnv2_segmentation_meta (out);
  fail_unless (m != NULL, "a same-shape switch dropped the result");
  fail_unless (ABS (m->rect.w - 2 * small.w) <= 1);
  fail_unless (ABS (m->rect.h - 2 * small.h) <= 1);
  gst_buffer_unref (out);

  /* Another shape: the old boxes would be wrong, so none. */
  set_size (h, 320, 320);
  out = push_one (h, 320, 320, &pts);
  fail_unless (gst_buffer_get_mnv2_segmentation_meta (out) == NULL);
  gst_buffer_unref (out);

  gst_harness_teardown (h);
  g_free (launch);
  g_free (model);
}

GST_END_TEST;

/* A flush forgets results: the first frame after it carries none (the
 * model takes milliseconds, the frame comes at once). */
GST_START_TEST (test_live_flush_forgets)
{
  if (!interval_ms)
    calibrate ();
  gchar *model = g_strdup (live_model);
  gchar *launch = g_strdup_printf ("deeplabsegment model-file=%s "
                                   "inference-mode=live",
      model);
  GstHarness *h = gst_harness_new_parse (launch);
  GstClockTime pts = 0;

  set_size (h, 320, 240);
  gst_buffer_unref (push_until_meta (h, 320, 240, &pts));
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_stop (TRUE)));
  GstSegment seg;
  gst_segment_init (&seg, GST_FORMAT_TIME);
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&seg)));
  pts = 0;
  GstBuffer *out = push_one (h, 320, 240, &pts);
  fail_unless (gst_buffer_get_mnv2_segmentation_meta (out) == NULL);
  gst_buffer_unref (out);
  /* ... and results come again. */
  gst_buffer_unref (push_until_meta (h, 320, 240, &pts));
  gst_harness_teardown (h);
  g_free (launch);
  g_free (model);
}

GST_END_TEST;

/* roi-list: the worker classifies the crops of the analysed frame; their
 * classes go onto the matching objects of later frames: by tracking id,
 * else by overlap; an object matching none gets none. */
GST_START_TEST (test_live_roi_list)
{
  gchar *model = test_model_path ("mobilenet_v2_1.0_224_quant.tflite");
  gchar *launch =
      g_strdup_printf ("mnv2classify model-file=%s "
                       "inference-mode=live inference-region=roi-list",
          model);
  GstHarness *h = test_element_harness (launch, NULL, GST_VIDEO_FORMAT_RGB);
  GstVideoRegionOfInterestMeta *roi;
  const gchar *label = NULL;
  GstClockTime pts = 0;
  guint64 result_pts = 0;

  for (guint i = 0; i < 2000 && !label; i++, pts += GST_SECOND / 30) {
    GstBuffer *in = test_cat_frame (GST_VIDEO_FORMAT_RGB, pts);
    /* The cat, with an id; another object, a new one (id) every frame,
     * whose classes never arrive before it is gone. */
    roi = gst_buffer_add_video_region_of_interest_meta (in, "cat", 44, 45, 316,
        288);
    gst_video_region_of_interest_meta_add_param (roi,
        gst_structure_new ("object_id", "id", G_TYPE_INT, 7, NULL));
    roi = gst_buffer_add_video_region_of_interest_meta (in, "thing", 0, 0, 40,
        40);
    gst_video_region_of_interest_meta_add_param (roi,
        gst_structure_new ("object_id", "id", G_TYPE_INT, 1000 + i, NULL));
    GstBuffer *out = gst_harness_push_and_pull (h, in);
    GstStructure *c =
        gst_video_region_of_interest_meta_get_param (test_nth_roi (out, 0),
            "classification");
    if (c) {
      label = g_intern_string (gst_structure_get_string (c, "label"));
      fail_unless (gst_structure_get_uint64 (c, "result_pts", &result_pts));
      fail_unless (result_pts < pts, "a live result on its own frame");
      fail_unless (
          gst_video_region_of_interest_meta_get_param (test_nth_roi (out, 1),
              "classification") == NULL);
    }
    gst_buffer_unref (out);
    g_usleep (1000);
  }
  fail_unless (label != NULL, "no classification arrived");
  fail_unless (strstr (label, "cat") != NULL, "label %s", label);

  /* Without ids: by overlap (the box moves a few pixels a frame). */
  label = NULL;
  for (guint i = 0; i < 2000 && !label; i++, pts += GST_SECOND / 30) {
    GstBuffer *in = test_cat_frame (GST_VIDEO_FORMAT_RGB, pts);
    gst_buffer_add_video_region_of_interest_meta (in, "cat", 44 + i % 8, 45,
        316, 288);
    GstBuffer *out = gst_harness_push_and_pull (h, in);
    GstStructure *c =
        gst_video_region_of_interest_meta_get_param (test_nth_roi (out, 0),
            "classification");
    if (c)
      label = g_intern_string (gst_structure_get_string (c, "label"));
    gst_buffer_unref (out);
    g_usleep (1000);
  }
  fail_unless (label != NULL && strstr (label, "cat") != NULL);
  gst_harness_teardown (h);
  g_free (launch);
  g_free (model);
}

GST_END_TEST;

/* max-memory bounds the live jobs too (three circulate, with a model input
 * per crop): a frame with more crops than fit fails with an error that says
 * so, fewer pass. */
GST_START_TEST (test_live_jobs_within_max_memory)
{
  gchar *model = test_model_path ("mobilenet_v2_1.0_224_quant.tflite");
  mnv_model *m;
  mnv_session *session;
  mnv_tensor_info in;
  mnv_error err;

  /* What the element allocates at READY, exactly: the core says. */
  mnv_session_options opts = { 0 };
  opts.threads = 1;
  fail_unless (mnv_model_open (model, NULL, &m, &err) == MNV_OK);
  fail_unless (mnv_session_create (m, &opts, &session, &err) == MNV_OK);
  mnv_model_input_info (m, 0, &in);
  /* READY needs the model with its arena, and with its session; the
   * jobs come on top of the latter.  Room for jobs of at least two crops. */
  const guint64 model_bytes = mnv_model_memory_bytes (m);
  const guint64 session_bytes = mnv_session_memory_bytes (session);
  const guint64 job_bytes = 3 * (guint64) in.bytes;
  const guint64 max = model_bytes +
      MAX (mnv_model_arena_bytes (m), session_bytes + 2 * job_bytes);
  const guint fit = (guint) ((max - model_bytes - session_bytes) / job_bytes);
  mnv_session_destroy (session);
  mnv_model_unref (m);

  gchar *launch =
      g_strdup_printf ("mnv2classify model-file=%s "
                       "inference-mode=live inference-region=roi-list "
                       "max-memory=%" G_GUINT64_FORMAT,
          model, max);
  GstHarness *h = test_element_harness (launch, NULL, GST_VIDEO_FORMAT_RGB);
  GstBus *bus = test_watch_bus (h);
  for (guint n = fit; n <= fit + 1; n++) {
    GstBuffer *in_buf = test_cat_frame (GST_VIDEO_FORMAT_RGB, n * GST_SECOND);
    for (guint i = 0; i < n; i++)
      gst_buffer_add_video_region_of_interest_meta (in_buf, "cat", i % 100, 0,
          100, 100);
    GstFlowReturn ret = gst_harness_push (h, in_buf);
    if (n == fit) {
      fail_unless_equals_int (ret, GST_FLOW_OK);
      gst_buffer_unref (gst_harness_pull (h));
    } else {
      fail_unless_equals_int (ret, GST_FLOW_ERROR);
    }
  }
  GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  GError *e;
  gst_message_parse_error (msg, &e, NULL);
  gchar *crops = g_strdup_printf ("%u crops", fit + 1);
  fail_unless (strstr (e->message, crops) && strstr (e->message, "max-memory"),
      "%s", e->message);
  g_free (crops);
  g_error_free (e);
  gst_message_unref (msg);
  test_unwatch_bus (h, bus);
  gst_harness_teardown (h);
  g_free (launch);
  g_free (model);
}

GST_END_TEST;

/* PLAYING -> PAUSED -> PLAYING 1000 times while a live source flows, with
 * a trip to READY (the worker stopped and started) every 100: no deadlock,
 * no error, no leak (the leaks tracer). */
GST_START_TEST (test_live_state_cycles)
{
  gchar *model = test_model_path ("mobilenet_v2_1.0_224_quant.tflite");
  gchar *desc = g_strdup_printf (
      "videotestsrc is-live=true ! "
      "video/x-raw,format=NV12,width=320,height=240,framerate=200/1 ! "
      "ssdlitedetect inference-mode=live ! mnv2classify model-file=%s "
      "inference-mode=live ! fakesink sync=true",
      model);
  GstElement *pipe = gst_parse_launch (desc, NULL);
  GstBus *bus = gst_element_get_bus (pipe);

  const guint cycles = test_repeats (1000);
  for (guint i = 0; i < cycles; i++) {
    fail_if (gst_element_set_state (pipe, GST_STATE_PLAYING) ==
        GST_STATE_CHANGE_FAILURE);
    g_usleep (i % 10 == 0 ? 5000 : 200);
    fail_if (gst_element_set_state (pipe,
                 i % 100 == 99 ? GST_STATE_READY : GST_STATE_PAUSED) ==
        GST_STATE_CHANGE_FAILURE);
    GstMessage *err = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    fail_unless (err == NULL, "error at cycle %u", i);
  }
  fail_unless (
      gst_element_set_state (pipe, GST_STATE_NULL) == GST_STATE_CHANGE_SUCCESS);
  gst_object_unref (bus);
  gst_object_unref (pipe);
  g_free (desc);
  g_free (model);
}

GST_END_TEST;

/* MODEL's mean inference time in this build, ms: a few frames in sync
 * mode. */
static gdouble
model_ms (const gchar *model)
{
  gchar *desc = g_strdup_printf ("videotestsrc num-buffers=4 ! "
                                 "video/x-raw,format=RGB,width=320,height=240 "
                                 "! deeplabsegment "
                                 "name=seg model-file=%s threads=1 ! fakesink",
      model);
  GstElement *pipe = gst_parse_launch (desc, NULL);
  GstElement *seg = gst_bin_get_by_name (GST_BIN (pipe), "seg");
  GstBus *bus = gst_element_get_bus (pipe);
  GstStructure *stats;
  gdouble ms = 0;

  gst_element_set_state (pipe, GST_STATE_PLAYING);
  gst_message_unref (gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  g_object_get (seg, "stats", &stats, NULL);
  gst_structure_get_double (stats, "mean-inference-ms", &ms);
  gst_structure_free (stats);
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (seg);
  gst_object_unref (bus);
  gst_object_unref (pipe);
  g_free (desc);
  return ms;
}

/* The model the timing tests run: DeepLabv3 where it takes a frame's
 * time (natively, also sanitized), else (under emulation, where it takes
 * seconds) the generated 21-class seg_medium, about a hundredth of its
 * work; the frames come twice as fast as the chosen model runs. */
static void
calibrate (void)
{
  gchar *medium = test_tiny_model_path ("seg_medium.tflite");
  gdouble ms = model_ms (medium);
  if (ms < 10.0) {
    g_free (medium);
    live_model = test_model_path ("deeplabv3_mnv2_pascal_quant.tflite");
    ms = model_ms (live_model);
  } else {
    live_model = medium;
  }
  interval_ms = MAX ((guint) (ms / 2), 5);
  g_print ("%s %.1f ms here: frames every %u ms\n", live_model, ms,
      interval_ms);
}

/* A generated tiny classifier in live mode: frames pass before their
 * result exists; the results that arrive on later frames name an analysed
 * frame (result_pts, never after the frame carrying it) and equal what sync
 * mode computes on the same picture. */
GST_START_TEST (test_live_tiny_equals_sync)
{
  gchar *tiny = test_tiny_model_path ("tiny_u8.tflite");
  gchar *props = g_strdup_printf ("model-file=%s", tiny);
  GstHarness *h = test_element_harness ("mnv2classify", props,
      GST_VIDEO_FORMAT_RGB);
  GstBuffer *out = gst_harness_push_and_pull (h,
      test_cat_frame (GST_VIDEO_FORMAT_RGB, 0));
  GstMnv2ClassificationMeta *m = gst_buffer_get_mnv2_classification_meta (out);
  fail_unless (m != NULL && m->n_classes > 0);
  const gint want_id = m->classes[0].class_id;
  const gfloat want_score = m->classes[0].score;
  gst_buffer_unref (out);
  gst_harness_teardown (h);
  g_free (props);

  props = g_strdup_printf ("model-file=%s inference-mode=live", tiny);
  h = test_element_harness ("mnv2classify", props, GST_VIDEO_FORMAT_RGB);
  guint with_result = 0;
  GstClockTime pts = 0;
  for (guint i = 0; i < 2000 && with_result < 5; i++, pts += GST_SECOND / 30) {
    out = gst_harness_push_and_pull (h,
        test_cat_frame (GST_VIDEO_FORMAT_RGB, pts));
    m = gst_buffer_get_mnv2_classification_meta (out);
    if (m) {
      with_result++;
      fail_unless (m->result_pts <= pts, "result from the future");
      fail_unless (m->result_pts % (GST_SECOND / 30) == 0,
          "result_pts %" G_GUINT64_FORMAT " is no frame's", m->result_pts);
      fail_unless_equals_int (m->classes[0].class_id, want_id);
      fail_unless (m->classes[0].score == want_score, "live score %f, sync %f",
          m->classes[0].score, want_score);
    }
    gst_buffer_unref (out);
    g_usleep (500);
  }
  fail_unless (with_result == 5, "no live result arrived");
  GstStructure *stats;
  guint64 analysed = 0;
  GstElement *e = gst_harness_find_element (h, "mnv2classify");
  g_object_get (e, "stats", &stats, NULL);
  gst_object_unref (e);
  fail_unless (gst_structure_get_uint64 (stats, "analysed", &analysed));
  fail_unless (analysed > 0);
  gst_structure_free (stats);
  gst_harness_teardown (h);
  g_free (props);
  g_free (tiny);
}

GST_END_TEST;

static Suite *
live_suite (void)
{
  Suite *s = suite_create ("live");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 600);
  suite_add_tcase (s, tc);
  tcase_add_data_test (tc, test_live_keeps_up_where_sync_falls_behind);
  tcase_add_data_test (tc, test_max_result_age);
  tcase_add_data_test (tc, test_latency_query_live);
  tcase_add_data_test (tc, test_live_caps_change);
  tcase_add_data_test (tc, test_live_flush_forgets);
  tcase_add_data_test (tc, test_live_roi_list);
  tcase_add_data_test (tc, test_live_jobs_within_max_memory);
  tcase_add_data_test (tc, test_live_state_cycles);
  tcase_add_test (tc, test_live_tiny_equals_sync);
  return s;
}

int
main (int argc, char **argv)
{
  test_harness_init ("live");
  gst_check_init (&argc, &argv);
  return gst_check_run_suite (live_suite (), "live", __FILE__);
}
