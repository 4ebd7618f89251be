/* Every element against what a live pipeline throws at it (issue
 * "Robustness"): caps renegotiation mid-stream (size and format, odd and
 * 1x1 sizes), property changes while PLAYING (thresholds at once, model-file
 * at the next start, a broken one named), flushing (results forgotten), EOS
 * without frames, caps that cannot be video, 1000 NULL<->PLAYING cycles, and
 * pipelines in several threads sharing one model.  Leaks: the GStreamer
 * leaks tracer is on for the whole suite. */
#include <string.h>

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>

#include "../harness.h"
#include "mnv2/mnv2meta.h"
#include "mnv.h"
#include "test_util.h"

#define DEEPLAB "deeplabv3_mnv2_dm05_pascal_quant.tflite"

/* cat.bmp scaled (nearest) to W x H in FORMAT. */
static GstBuffer *
cat_at (gint w, gint h, GstVideoFormat format, GstClockTime pts)
{
  guint8 *rgb = g_malloc ((gsize) w * h * 3);
  for (gint y = 0; y < h; y++)
    for (gint x = 0; x < w; x++)
      memcpy (rgb + ((gsize) y * w + x) * 3,
          cat_rgb + ((gsize) (y * cat_h / h) * cat_w + x * cat_w / w) * 3, 3);
  GstVideoInfo info;
  GstBuffer *buf = test_frame_from_rgb (rgb, w, h, format, &info);
  g_free (rgb);
  GST_BUFFER_PTS (buf) = pts;
  return buf;
}

static void
set_caps (GstHarness *h, gint w, gint hh, GstVideoFormat format)
{
  GstVideoInfo info;
  gst_video_info_set_format (&info, format, w, hh);
  gchar *caps = test_frame_caps (&info);
  gst_harness_set_src_caps_str (h, caps);
  g_free (caps);
}

static guint
n_rois (GstBuffer *buf)
{
  return gst_buffer_get_n_meta (buf,
      GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE);
}

/* The elements, with a model each and what their output must carry. */
typedef struct {
  const gchar *launch;
  gboolean (*has_result) (GstBuffer *buf);
} Case;

static gboolean
has_classes (GstBuffer *b)
{
  GstMnv2ClassificationMeta *m = gst_buffer_get_mnv2_classification_meta (b);
  return m && m->n_classes > 0;
}

static gboolean
has_rois (GstBuffer *b)
{
  return n_rois (b) > 0;
}

static gboolean
has_class_map (GstBuffer *b)
{
  return gst_buffer_get_mnv2_segmentation_meta (b) != NULL;
}

static gboolean
anything (GstBuffer *b)
{
  (void) b;
  return TRUE;
}

static const Case cases[] = {
  { "mnv2classify", has_classes },
  { "ssdlitedetect threshold=0.3", has_rois },
  { "deeplabsegment model-file=%s", has_class_map },
  { "mnv2overlay", anything },
  { "mnv2json location=/dev/null", anything },
};

static GstHarness *
case_harness (const Case *c)
{
  gchar *model = test_model_path (DEEPLAB);
  gchar *launch = g_strdup_printf (c->launch, model);
  GstHarness *h = gst_harness_new_parse (launch);
  g_free (launch);
  g_free (model);
  return h;
}

GST_START_TEST (test_renegotiation)
{
  static const struct {
    gint w, h;
    GstVideoFormat format;
  } steps[] = {
    { 320, 240, GST_VIDEO_FORMAT_RGB },
    { 641, 479, GST_VIDEO_FORMAT_NV12 }, /* odd sizes */
    { 1, 1, GST_VIDEO_FORMAT_I420 },
    { 97, 33, GST_VIDEO_FORMAT_BGRx },
    { 320, 240, GST_VIDEO_FORMAT_NV12 },
  };
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++) {
    GstHarness *h = case_harness (&cases[c]);
    for (guint s = 0; s < G_N_ELEMENTS (steps); s++) {
      set_caps (h, steps[s].w, steps[s].h, steps[s].format);
      GstBuffer *out = gst_harness_push_and_pull (h,
          cat_at (steps[s].w, steps[s].h, steps[s].format, s * GST_SECOND));
      fail_unless (out != NULL, "%s: no output at step %u", cases[c].launch, s);
      /* A 1x1 cat has nothing to detect; the others must have results. */
      if (steps[s].w > 1 || cases[c].has_result != has_rois)
        fail_unless (cases[c].has_result (out), "%s: no result at %dx%d %s",
            cases[c].launch, steps[s].w, steps[s].h,
            gst_video_format_to_string (steps[s].format));
      GstMnv2SegmentationMeta *sm = gst_buffer_get_mnv2_segmentation_meta (out);
      if (sm) /* the class map covers the new frame */
        fail_unless (sm->rect.w == steps[s].w && sm->rect.h == steps[s].h);
      gst_buffer_unref (out);
    }
    gst_harness_teardown (h);
  }
}

GST_END_TEST;

GST_START_TEST (test_eos_without_frames)
{
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++) {
    for (int with_caps = 0; with_caps < 2; with_caps++) {
      GstHarness *h = case_harness (&cases[c]);
      if (with_caps)
        set_caps (h, 64, 48, GST_VIDEO_FORMAT_NV12);
      else
        gst_harness_play (h);
      fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
      GstEvent *e;
      gboolean eos = FALSE;
      while ((e = gst_harness_try_pull_event (h))) {
        eos |= GST_EVENT_TYPE (e) == GST_EVENT_EOS;
        gst_event_unref (e);
      }
      fail_unless (eos, "%s: EOS not forwarded", cases[c].launch);
      gst_harness_teardown (h);
    }
  }
}

GST_END_TEST;

/* Buffers that do not hold what they claim: shorter than their caps, or a
 * GstVideoMeta whose strides or offsets reach past the memory (any
 * upstream element may attach one).  An error, not a read past the end. */
GST_START_TEST (test_lying_buffers)
{
  const gsize size = 64 * 48 * 3 / 2;
  for (guint c = 0; c + 1 < G_N_ELEMENTS (cases); c++) {
    for (int k = 0; k < 4; k++) {
      GstHarness *h = case_harness (&cases[c]);
      set_caps (h, 64, 48, GST_VIDEO_FORMAT_NV12);
      GstBuffer *buf;
      if (k == 0) {
        buf = gst_buffer_new_allocate (NULL, size / 2, NULL);
      } else {
        /* Wide stride, chroma rows past the end, negative stride. */
        gsize offset[4] = { 0, 64 * 48 };
        gint stride[4] = { 64, 64 };
        if (k == 1)
          stride[0] = 64 * 100;
        else if (k == 2)
          offset[1] = size - 10;
        else
          stride[1] = -64;
        buf = gst_buffer_new_allocate (NULL, size, NULL);
        gst_buffer_memset (buf, 0, 128, size);
        gst_buffer_add_video_meta_full (buf, GST_VIDEO_FRAME_FLAG_NONE,
            GST_VIDEO_FORMAT_NV12, 64, 48, 2, offset, stride);
      }
      GstFlowReturn ret = gst_harness_push (h, buf);
      /* A short buffer: GstVideoFilter cannot map it, warns and passes it
       * on untouched. */
      if (k == 0) {
        fail_unless (ret == GST_FLOW_OK, "%s, short buffer: %s",
            cases[c].launch, gst_flow_get_name (ret));
        GstBuffer *out = gst_harness_pull (h);
        fail_if (c < 3 && cases[c].has_result (out),
            "%s: a result from a "
            "short buffer",
            cases[c].launch);
        gst_buffer_unref (out);
      } else
        fail_unless (ret == GST_FLOW_ERROR, "%s, case %d: %s", cases[c].launch,
            k, gst_flow_get_name (ret));
      gst_harness_teardown (h);
    }
  }
}

GST_END_TEST;

/* Caps that are not a valid video frame are refused, nothing crashes. */
GST_START_TEST (test_zero_size_caps)
{
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++) {
    GstHarness *h = case_harness (&cases[c]);
    gst_harness_set_src_caps_str (h,
        "video/x-raw,format=NV12,width=0,height=0,framerate=30/1");
    GstFlowReturn ret = gst_harness_push (h,
        gst_buffer_new_allocate (NULL, 16, NULL));
    /* mnv2json takes any caps and passes the buffer. */
    if (c == G_N_ELEMENTS (cases) - 1) {
      fail_unless_equals_int (ret, GST_FLOW_OK);
    } else {
      fail_unless (ret == GST_FLOW_NOT_NEGOTIATED, "%s: %s", cases[c].launch,
          gst_flow_get_name (ret));
    }
    gst_harness_teardown (h);
  }
}

GST_END_TEST;

GST_START_TEST (test_threshold_while_playing)
{
  GstHarness *h = gst_harness_new_parse ("ssdlitedetect threshold=0.99");
  set_caps (h, cat_w, cat_h, GST_VIDEO_FORMAT_RGB);
  GstBuffer *out = gst_harness_push_and_pull (h,
      cat_at (cat_w, cat_h, GST_VIDEO_FORMAT_RGB, 0));
  fail_unless_equals_int (n_rois (out), 0);
  gst_buffer_unref (out);
  GstElement *e = gst_harness_find_element (h, "ssdlitedetect");
  g_object_set (e, "threshold", 0.3f, NULL);
  gst_object_unref (e);
  out = gst_harness_push_and_pull (h,
      cat_at (cat_w, cat_h, GST_VIDEO_FORMAT_RGB, GST_SECOND));
  fail_unless (n_rois (out) >= 1, "the new threshold did not apply");
  gst_buffer_unref (out);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* model-file is read going to READY: a change while PLAYING applies at the
 * next start (the running model is kept until then); a broken file then
 * fails the start naming it. */
GST_START_TEST (test_model_file_while_playing)
{
  gchar *birds = test_model_path (
      "mobilenet_v2_1.0_224_inat_bird_quant.tflite");
  GstHarness *h = gst_harness_new_parse ("mnv2classify top-k=1");
  GstElement *e = gst_harness_find_element (h, "mnv2classify");
  set_caps (h, cat_w, cat_h, GST_VIDEO_FORMAT_RGB);
  GstBuffer *out = gst_harness_push_and_pull (h,
      cat_at (cat_w, cat_h, GST_VIDEO_FORMAT_RGB, 0));
  fail_unless_equals_int (gst_buffer_get_mnv2_classification_meta (out)
                              ->classes[0]
                              .class_id,
      286);
  gst_buffer_unref (out);

  g_object_set (e, "model-file", birds, NULL);
  out = gst_harness_push_and_pull (h,
      cat_at (cat_w, cat_h, GST_VIDEO_FORMAT_RGB, GST_SECOND));
  fail_unless_equals_int (gst_buffer_get_mnv2_classification_meta (out)
                              ->classes[0]
                              .class_id,
      286);
  gst_buffer_unref (out);

  /* Restart: the bird model now. */
  fail_unless (
      gst_element_set_state (e, GST_STATE_NULL) == GST_STATE_CHANGE_SUCCESS);
  gst_harness_play (h);
  set_caps (h, cat_w, cat_h, GST_VIDEO_FORMAT_RGB);
  out = gst_harness_push_and_pull (h,
      cat_at (cat_w, cat_h, GST_VIDEO_FORMAT_RGB, 2 * GST_SECOND));
  GstMnv2ClassificationMeta *m = gst_buffer_get_mnv2_classification_meta (out);
  fail_unless (m && m->classes[0].class_id != 286 && m->n_classes == 1);
  GST_INFO ("after the restart: %s",
      gst_mnv2_classification_meta_get_label (m, 0));
  gst_buffer_unref (out);
  gst_element_set_state (e, GST_STATE_NULL);
  gst_object_unref (e);
  gst_harness_teardown (h);
  g_free (birds);

  test_expect_ready_error ("mnv2classify", "model-file",
      "/nonexistent/x.tflite", "/nonexistent/x.tflite", NULL);
}

GST_END_TEST;

/* max-memory: a model needing more is refused going to READY, naming the
 * file and the sizes. */
GST_START_TEST (test_max_memory)
{
  gchar *model = test_model_path ("mobilenet_v2_1.0_224_quant.tflite");
  GstElement *e = gst_element_factory_make ("mnv2classify", NULL);
  GstBus *bus = gst_bus_new ();
  gst_element_set_bus (e, bus);
  g_object_set (e, "model-file", model, "max-memory", (guint64) 1000000, NULL);
  fail_unless (
      gst_element_set_state (e, GST_STATE_READY) == GST_STATE_CHANGE_FAILURE);
  GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  GError *err = NULL;
  fail_unless (msg != NULL);
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (strstr (err->message, model) &&
          strstr (err->message, "more than max-memory 1000000"),
      "%s", err->message);
  g_error_free (err);
  gst_message_unref (msg);
  /* Enough memory: it loads. */
  gst_element_set_state (e, GST_STATE_NULL);
  g_object_set (e, "max-memory", (guint64) 100000000, NULL);
  fail_unless (
      gst_element_set_state (e, GST_STATE_READY) == GST_STATE_CHANGE_SUCCESS);
  gst_element_set_state (e, GST_STATE_NULL);
  g_free (model);

  /* The limit covers the loading too: tiny_u8's packed weights plus arena
   * (3268 bytes) fit 3300, but its file and what loading allocates do
   * not. */
  model = g_build_filename (test_models_dir (), "tiny_u8.tflite", NULL);
  g_object_set (e, "model-file", model, "max-memory", (guint64) 3300, NULL);
  fail_unless (
      gst_element_set_state (e, GST_STATE_READY) == GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (strstr (err->message, model) &&
          strstr (err->message, "more than max-memory 3300"),
      "%s", err->message);
  g_error_free (err);
  gst_message_unref (msg);
  gst_element_set_state (e, GST_STATE_NULL);

  /* And the session as made: a limit the model and its one-thread arena
   * fit, but not the session's scratch and output copies on 2 threads. */
  mnv_model *m;
  mnv_error merr;
  fail_unless (mnv_model_open (model, NULL, &m, &merr) == MNV_OK);
  const guint64 pre = (guint64) mnv_model_memory_bytes (m) +
      mnv_model_arena_bytes (m) + 1;
  mnv_model_unref (m);
  g_object_set (e, "max-memory", pre, "threads", 2, NULL);
  fail_unless (
      gst_element_set_state (e, GST_STATE_READY) == GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (strstr (err->message, "with its session on 2 thread(s)") &&
          strstr (err->message, "more than max-memory"),
      "%s", err->message);
  g_error_free (err);
  gst_message_unref (msg);
  gst_element_set_state (e, GST_STATE_NULL);
  gst_element_set_bus (e, NULL);
  gst_object_unref (bus);
  gst_object_unref (e);
  g_free (model);
}

GST_END_TEST;

/* After a flush the last results are forgotten: with inference-interval
 * 10 the frame after a flush repeats nothing (and runs inference anew). */
GST_START_TEST (test_flush_forgets_results)
{
  GstHarness *h = gst_harness_new_parse ("ssdlitedetect threshold=0.3 "
                                         "inference-interval=10");
  set_caps (h, cat_w, cat_h, GST_VIDEO_FORMAT_RGB);
  GstBuffer *out = gst_harness_push_and_pull (h,
      cat_at (cat_w, cat_h, GST_VIDEO_FORMAT_RGB, 0));
  guint found = n_rois (out);
  fail_unless (found >= 1);
  gst_buffer_unref (out);
  /* Frame 2 (not due) repeats the cat's boxes on a grey frame. */
  guint8 *grey = g_malloc0 (cat_w * cat_h * 3);
  GstVideoInfo info;
  GstBuffer *g = test_frame_from_rgb (grey, cat_w, cat_h, GST_VIDEO_FORMAT_RGB,
      &info);
  out = gst_harness_push_and_pull (h, gst_buffer_copy (g));
  fail_unless_equals_int (n_rois (out), found);
  gst_buffer_unref (out);
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_stop (TRUE)));
  GstSegment seg;
  gst_segment_init (&seg, GST_FORMAT_TIME);
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&seg)));
  out = gst_harness_push_and_pull (h, g);
  fail_unless_equals_int (n_rois (out), 0);
  gst_buffer_unref (out);
  g_free (grey);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_thousand_state_cycles)
{
  gchar *tiny = test_tiny_model_path ("tiny_u8.tflite");
  const gchar *names[] = { "mnv2classify", "mnv2overlay", "mnv2json" };
  for (guint n = 0; n < G_N_ELEMENTS (names); n++) {
    GstElement *e = gst_element_factory_make (names[n], NULL);
    if (n == 0)
      g_object_set (e, "model-file", tiny, NULL);
    if (n == 2)
      g_object_set (e, "location", "/dev/null", NULL);
    const guint cycles = test_repeats (1000);
    for (guint i = 0; i < cycles; i++) {
      fail_unless (gst_element_set_state (e, GST_STATE_PLAYING) !=
          GST_STATE_CHANGE_FAILURE);
      fail_unless (gst_element_set_state (e, GST_STATE_NULL) ==
          GST_STATE_CHANGE_SUCCESS);
    }
    gst_object_unref (e);
  }
  g_free (tiny);
}

GST_END_TEST;

/* Four threads, each its own pipeline with the same model file (loaded
 * once, shared): every frame classified right. */
static gpointer
classify_thread (gpointer data)
{
  (void) data;
  GstHarness *h = gst_harness_new_parse ("mnv2classify top-k=1");
  set_caps (h, cat_w, cat_h, GST_VIDEO_FORMAT_NV12);
  gint right = 0;
  for (int f = 0; f < 10; f++) {
    GstBuffer *out = gst_harness_push_and_pull (h,
        cat_at (cat_w, cat_h, GST_VIDEO_FORMAT_NV12, f * GST_SECOND));
    GstMnv2ClassificationMeta *m = gst_buffer_get_mnv2_classification_meta (
        out);
    right += m && m->classes[0].class_id == 286;
    gst_buffer_unref (out);
  }
  gst_harness_teardown (h);
  return GINT_TO_POINTER (right);
}

GST_START_TEST (test_concurrent_pipelines)
{
  GThread *t[4];
  for (int i = 0; i < 4; i++)
    t[i] = g_thread_new ("pipeline", classify_thread, NULL);
  for (int i = 0; i < 4; i++)
    fail_unless_equals_int (GPOINTER_TO_INT (g_thread_join (t[i])), 10);
}

GST_END_TEST;

static Suite *
robustness_suite (void)
{
  Suite *s = suite_create ("robustness");
  TCase *tc = tcase_create ("general");
  tcase_set_timeout (tc, 900);
  suite_add_tcase (s, tc);
  tcase_add_data_test (tc, test_renegotiation);
  tcase_add_data_test (tc, test_eos_without_frames);
  tcase_add_data_test (tc, test_zero_size_caps);
  tcase_add_data_test (tc, test_threshold_while_playing);
  tcase_add_data_test (tc, test_model_file_while_playing);
  tcase_add_data_test (tc, test_flush_forgets_results);
  tcase_add_data_test (tc, test_max_memory);
  tcase_add_data_test (tc, test_lying_buffers);
  tcase_add_test (tc, test_thousand_state_cycles);
  tcase_add_data_test (tc, test_concurrent_pipelines);
  return s;
}

int
main (int argc, char **argv)
{
  test_harness_init ("robustness");
  gst_check_init (&argc, &argv);
  return gst_check_run_suite (robustness_suite (), "robustness", __FILE__);
}
