/* mnv2track with GstHarness on frames carrying injected detections (no
 * model): two objects moving in opposite directions keep their ids while
 * their ROIs come in either order; frames whose detections are "held"
 * (ssdlitedetect's inference-interval) get the objects at their predicted
 * boxes, marked predicted, and predict=false keeps the held boxes; a
 * missed detection keeps the object at its prediction; a flush starts new
 * tracks with new ids; the ids reach mnv2json; ssdlitedetect marks held
 * boxes; tracking-type=short-term follows the objects' pictures from the
 * first held frame on (NV12 luma, RGB green), and without texture predicts
 * as kalman does. */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>

#define W 640
#define H 480

static GstHarness *
track_harness (const gchar *props)
{
  gchar *launch = g_strdup_printf ("mnv2track %s", props ? props : "");
  GstHarness *h = gst_harness_new_parse (launch);
  gst_harness_set_src_caps_str (h,
      "video/x-raw,format=NV12,width=640,height=480,framerate=30/1");
  g_free (launch);
  return h;
}

/* Object K's box on frame F: a cat going right, a dog going left. */
static void
box_at (int k, int f, int b[4])
{
  b[0] = k == 0 ? 40 + 6 * f : 500 - 5 * f;
  b[1] = k == 0 ? 100 + f : 240;
  b[2] = 80;
  b[3] = 60;
}

static GstBuffer *
frame (int f, gboolean with_dets, gboolean held, int only)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, W * H * 3 / 2, NULL);
  GST_BUFFER_PTS (buf) = (GstClockTime) f * GST_SECOND / 30;
  if (!with_dets)
    return buf;
  /* The order changes from frame to frame. */
  for (int i = 0; i < 2; i++) {
    const int k = (i + f) % 2;
    if (only >= 0 && k != only)
      continue;
    int b[4];
    box_at (k, f, b);
    GstVideoRegionOfInterestMeta *roi =
        gst_buffer_add_video_region_of_interest_meta (buf, k ? "dog" : "cat",
            b[0], b[1], b[2], b[3]);
    roi->id = i;
    gst_video_region_of_interest_meta_add_param (roi,
        gst_structure_new ("detection", "label_id", G_TYPE_INT, k ? 17 : 16,
            "confidence", G_TYPE_DOUBLE, 0.8, "held", G_TYPE_BOOLEAN, held,
            NULL));
  }
  return buf;
}

/* A frame whose pixels show the objects of frame F as textured patches (3 x
 * 3 blocks of pseudo-random grey, moving with them) on a flat background,
 * carrying the detections of frame AT (held unless AT == F).  BPP 1: NV12
 * (chroma flat), else packed pixels of BPP bytes (each byte the grey).
 * FLAT: no texture at all. */
static GstBuffer *
picture_frame (int f, int at, int bpp, gboolean flat)
{
  const gsize size = bpp > 1 ? (gsize) W * H * bpp : (gsize) W * H * 3 / 2;
  guint8 *px = g_malloc (size);
  memset (px, 128, size);
  for (int k = 0; k < 2 && !flat; k++) {
    int b[4];
    box_at (k, f, b);
    for (int y = MAX (b[1], 0); y < MIN (b[1] + b[3], H); y++)
      for (int x = MAX (b[0], 0); x < MIN (b[0] + b[2], W); x++) {
        const guint v = (guint) ((x - b[0]) / 3 * 73856093u ^
            (y - b[1]) / 3 * 19349663u ^ (k * 83492791u));
        for (int c = 0; c < bpp; c++)
          px[(y * W + x) * bpp + c] = (guint8) (32 + (v >> 7) % 192);
      }
  }
  GstBuffer *dets = frame (at, TRUE, at != f, -1);
  GstBuffer *buf = gst_buffer_new_wrapped (px, size);
  gst_buffer_copy_into (buf, dets, GST_BUFFER_COPY_METADATA, 0, -1);
  gst_buffer_unref (dets);
  GST_BUFFER_PTS (buf) = (GstClockTime) f * GST_SECOND / 30;
  return buf;
}

typedef struct {
  int id, predicted, box[4];
  GQuark label;
} seen;

/* The ROIs of BUF with an object id, by label: [0] cat, [1] dog. */
static int
objects (GstBuffer *buf, seen out[2])
{
  int n = 0;
  gpointer state = NULL;
  GstMeta *meta;
  memset (out, 0, 2 * sizeof *out);
  while ((meta = gst_buffer_iterate_meta_filtered (buf, &state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstVideoRegionOfInterestMeta *roi = (GstVideoRegionOfInterestMeta *) meta;
    GstStructure *o = gst_video_region_of_interest_meta_get_param (roi,
        "object_id");
    if (!o)
      continue;
    const int k = roi->roi_type == g_quark_from_string ("dog");
    fail_unless (gst_structure_get_int (o, "id", &out[k].id));
    fail_unless (gst_structure_get_boolean (o, "predicted", &out[k].predicted));
    fail_unless (roi->id == out[k].id, "ROI id %d, object id %d", roi->id,
        out[k].id);
    out[k].box[0] = (int) roi->x;
    out[k].box[1] = (int) roi->y;
    out[k].box[2] = (int) roi->w;
    out[k].box[3] = (int) roi->h;
    out[k].label = roi->roi_type;
    n++;
  }
  return n;
}

static int
box_error (const seen *s, int k, int f)
{
  int b[4], worst = 0;
  box_at (k, f, b);
  for (int i = 0; i < 4; i++)
    worst = MAX (worst, ABS (s->box[i] - b[i]));
  return worst;
}

GST_START_TEST (test_stable_ids)
{
  GstHarness *h = track_harness ("min-hits=2");
  int ids[2] = { 0, 0 };
  for (int f = 0; f < 40; f++) {
    GstBuffer *out = gst_harness_push_and_pull (h, frame (f, TRUE, FALSE, -1));
    seen s[2];
    const int n = objects (out, s);
    /* Confirmed from the second detection on. */
    fail_unless_equals_int (n, f == 0 ? 0 : 2);
    for (int k = 0; k < 2 && f > 0; k++) {
      fail_if (s[k].predicted, "frame %d: a detected object predicted", f);
      fail_unless (!ids[k] || ids[k] == s[k].id,
          "frame %d: object %d id %d "
          "-> %d",
          f, k, ids[k], s[k].id);
      ids[k] = s[k].id;
    }
    gst_buffer_unref (out);
  }
  fail_unless (ids[0] != ids[1] && ids[0] > 0 && ids[1] > 0);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* The detector every 5th frame, its boxes held in between: mnv2track puts
 * the objects where they are now (within 8 px), marked predicted; with
 * predict=false the held boxes stay, with the ids. */
GST_START_TEST (test_held_frames)
{
  for (int predict = 1; predict >= 0; predict--) {
    GstHarness *h = track_harness (
        predict ? "min-hits=2" : "min-hits=2 predict=false");
    int ids[2] = { 0, 0 }, worst = 0;
    for (int f = 0; f < 60; f++) {
      const gboolean fresh = f % 5 == 0;
      /* Held frames carry the boxes of the last fresh one. */
      const int at = f - f % 5;
      GstBuffer *in = frame (at, TRUE, !fresh, -1);
      GST_BUFFER_PTS (in) = (GstClockTime) f * GST_SECOND / 30;
      GstBuffer *out = gst_harness_push_and_pull (h, in);
      seen s[2];
      const int n = objects (out, s);
      if (f >= 5 && (predict || fresh)) {
        fail_unless_equals_int (n, 2);
        for (int k = 0; k < 2; k++) {
          fail_unless (!ids[k] || ids[k] == s[k].id, "frame %d: id changed", f);
          ids[k] = s[k].id;
          fail_unless (s[k].predicted == !fresh, "frame %d: predicted %d", f,
              s[k].predicted);
          if (f >= 15)
            worst = MAX (worst, box_error (&s[k], k, f));
        }
      }
      if (!predict && !fresh) {
        /* The held ROIs are left as they came (no object id added). */
        fail_unless_equals_int (gst_buffer_get_n_meta (out,
                                    GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE),
            2);
      }
      gst_buffer_unref (out);
    }
    if (predict)
      fail_unless (worst <= 8, "predicted boxes %d px off", worst);
    gst_harness_teardown (h);
  }
}

GST_END_TEST;

/* Short-term tracking: from the first frame after the first detection on,
 * the held frames show the objects where their pictures are (within 1 px),
 * which a Kalman filter cannot know yet (no velocity after one detection);
 * the same with RGB frames (green).  Flat frames, and a format without an
 * 8-bit luma or green plane: nothing to follow, the boxes are the Kalman
 * predictions. */
GST_START_TEST (test_short_term)
{
  /* RGB16: no 8-bit luma or green plane, so nothing to follow (the
   * texture is there, the boxes are the Kalman predictions). */
  const char *caps[] = { "NV12", "RGB", "RGB16" };
  const int bpp[] = { 1, 3, 2 };
  for (int c = 0; c < 3; c++)
    for (int flat = 0; flat < 2; flat++) {
      GstHarness *h = track_harness ("min-hits=1 tracking-type=short-term");
      gchar *str = g_strdup_printf (
          "video/x-raw,format=%s,width=640,height=480,framerate=30/1", caps[c]);
      gst_harness_set_src_caps_str (h, str);
      g_free (str);
      int worst = 0, first_worst = 0;
      for (int f = 0; f < 30; f++) {
        GstBuffer *out = gst_harness_push_and_pull (h,
            picture_frame (f, f - f % 5, bpp[c], flat));
        seen s[2];
        fail_unless_equals_int (objects (out, s), 2);
        for (int k = 0; k < 2; k++) {
          const int e = box_error (&s[k], k, f);
          worst = MAX (worst, e);
          if (f < 5)
            first_worst = MAX (first_worst, e);
        }
        gst_buffer_unref (out);
      }
      if (!flat && c < 2)
        fail_unless (worst <= 1, "%s: boxes %d px from the pictures", caps[c],
            worst);
      else
        fail_unless (first_worst >= 20,
            "%s, flat: the first held boxes moved (%d px)", caps[c],
            first_worst);
      gst_harness_teardown (h);
    }
}

GST_END_TEST;

/* A detection missed on one frame: the object stays, at its prediction,
 * with its id; a flush starts over with new ids. */
GST_START_TEST (test_miss_and_flush)
{
  GstHarness *h = track_harness ("min-hits=2 max-age=5");
  int cat = 0;
  for (int f = 0; f < 20; f++) {
    GstBuffer *out = gst_harness_push_and_pull (h,
        frame (f, TRUE, FALSE, f == 12 ? 1 : -1));
    seen s[2];
    objects (out, s);
    if (f >= 1) {
      fail_unless (s[0].id > 0, "frame %d: the cat is gone", f);
      fail_unless (s[0].predicted == (f == 12), "frame %d", f);
      fail_unless (!cat || cat == s[0].id);
      cat = s[0].id;
    }
    gst_buffer_unref (out);
  }
  gst_harness_push_event (h, gst_event_new_flush_start ());
  gst_harness_push_event (h, gst_event_new_flush_stop (TRUE));
  gst_harness_push_event (h,
      gst_event_new_segment (&(GstSegment){ .format = GST_FORMAT_TIME,
          .rate = 1.0,
          .applied_rate = 1.0,
          .stop = GST_CLOCK_TIME_NONE }));
  for (int f = 0; f < 3; f++) {
    GstBuffer *out = gst_harness_push_and_pull (h, frame (f, TRUE, FALSE, -1));
    seen s[2];
    const int n = objects (out, s);
    if (f == 0) {
      fail_unless_equals_int (n, 0);
    } else {
      fail_unless (s[0].id > cat && s[1].id > cat,
          "ids after a flush: %d, "
          "%d (before: up to %d)",
          s[0].id, s[1].id, cat);
    }
    gst_buffer_unref (out);
  }
  gst_harness_teardown (h);
}

GST_END_TEST;

/* mnv2json writes the object id and whether the box is predicted. */
GST_START_TEST (test_json)
{
  gchar *path = g_build_filename (g_get_tmp_dir (), "mnv2track-test.jsonl",
      NULL);
  gchar *launch = g_strdup_printf ("mnv2track min-hits=1 ! mnv2json "
                                   "location=%s",
      path);
  GstHarness *h = gst_harness_new_parse (launch);
  gst_harness_set_src_caps_str (h,
      "video/x-raw,format=NV12,width=640,height=480,framerate=30/1");
  for (int f = 0; f < 3; f++)
    gst_buffer_unref (
        gst_harness_push_and_pull (h, frame (0, TRUE, f > 0, -1)));
  gst_harness_teardown (h);
  gchar *text = NULL;
  fail_unless (g_file_get_contents (path, &text, NULL, NULL));
  gchar **lines = g_strsplit (text, "\n", -1);
  fail_unless (strstr (lines[0], "\"object_id\": 1, \"predicted\": false"),
      "%s", lines[0]);
  fail_unless (strstr (lines[2], "\"predicted\": true"), "%s", lines[2]);
  g_strfreev (lines);
  g_free (text);
  g_unlink (path);
  g_free (path);
  g_free (launch);
}

GST_END_TEST;

GST_START_TEST (test_properties)
{
  GstElement *e = gst_element_factory_make ("mnv2track", NULL);
  guint age, hits;
  gdouble iou;
  gboolean predict;
  gint type;
  g_object_get (e, "max-age", &age, "min-hits", &hits, "iou-threshold", &iou,
      "predict", &predict, "tracking-type", &type, NULL);
  fail_unless (age == 30 && hits == 3 && fabs (iou - 0.3) < 1e-6 && predict &&
      type == 1);
  gst_util_set_object_arg (G_OBJECT (e), "tracking-type", "iou");
  g_object_get (e, "tracking-type", &type, NULL);
  fail_unless_equals_int (type, 0);
  gst_util_set_object_arg (G_OBJECT (e), "tracking-type", "short-term");
  g_object_get (e, "tracking-type", &type, NULL);
  fail_unless_equals_int (type, 2);
  gst_object_unref (e);
}

GST_END_TEST;

static Suite *
mnv2track_suite (void)
{
  Suite *s = suite_create ("mnv2track");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_stable_ids);
  tcase_add_test (tc, test_held_frames);
  tcase_add_test (tc, test_short_term);
  tcase_add_test (tc, test_miss_and_flush);
  tcase_add_test (tc, test_json);
  tcase_add_test (tc, test_properties);
  return s;
}

GST_CHECK_MAIN (mnv2track);
