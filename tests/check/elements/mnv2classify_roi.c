/* mnv2classify inference-region=roi-list with GstHarness on cat.bmp and
 * synthetic ROI metas: the crop's result equals a direct run of the core on
 * the cropped picture (exact with RGB), object-class and min-roi-size
 * filters, the reclassify cache (by overlap and by tracking id), messages,
 * and full-frame mode untouched by ROIs. */
#include <string.h>

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>

#include "../harness.h"
#include "classifier.h"
#include "mnv_image.h"
#include "mnv2/mnv2meta.h"
#include "test_util.h"

/* The cat's box as ssdlitedetect finds it on cat.bmp. */
#define CX 44
#define CY 45
#define CW 316
#define CH 288

static GstHarness *
roi_harness (const gchar *props)
{
  gchar *all = g_strdup_printf ("inference-region=roi-list %s",
      props ? props : "");
  GstHarness *h = test_element_harness ("mnv2classify", all,
      GST_VIDEO_FORMAT_RGB);
  g_free (all);
  return h;
}

/* The parameter structure carrying an object's id: "tracking", or
 * mnv2track's (and DL Streamer's) "object_id". */
static const gchar *id_param = "tracking";

static GstVideoRegionOfInterestMeta *
add_roi (GstBuffer *buf, const gchar *label, gint x, gint y, gint w, gint h,
    gint track_id)
{
  GstVideoRegionOfInterestMeta *roi =
      gst_buffer_add_video_region_of_interest_meta (buf, label, x, y, w, h);
  if (track_id >= 0)
    gst_video_region_of_interest_meta_add_param (roi,
        gst_structure_new (id_param, "id", G_TYPE_INT, track_id, NULL));
  return roi;
}

/* The ROI's classification: label id and confidence; FALSE if none. */
static gboolean
classification (GstVideoRegionOfInterestMeta *roi, gint *id, gdouble *score)
{
  GstStructure *s = gst_video_region_of_interest_meta_get_param (roi,
      "classification");
  return s && gst_structure_get_int (s, "label_id", id) &&
      gst_structure_get_double (s, "confidence", score);
}

/* A grey frame at the cat picture's size. */
static GstBuffer *
grey_frame (GstClockTime pts)
{
  guint8 *grey = g_malloc (cat_w * cat_h * 3);
  GstVideoInfo info;
  memset (grey, 90, cat_w * cat_h * 3);
  GstBuffer *buf = test_frame_from_rgb (grey, cat_w, cat_h,
      GST_VIDEO_FORMAT_RGB, &info);
  g_free (grey);
  GST_BUFFER_PTS (buf) = pts;
  return buf;
}

/* The core on the picture's X, Y, W x H crop stretched to the input of
 * the model at PATH: the best class from FIRST on (1 skips ImageNet's
 * background) into *SCORE. */
static gint
direct_best (const gchar *path, gint x0, gint y0, gint cw, gint ch, gint first,
    gfloat *score)
{
  mnv_model *m;
  mnv_session *s;
  mnv_error err;
  mnv_tensor_info in;
  fail_unless (mnv_model_open (path, NULL, &m, &err) == MNV_OK);
  fail_unless (mnv_session_create (m, NULL, &s, &err) == MNV_OK);
  mnv_model_input_info (m, 0, &in);
  guint8 *crop = g_malloc ((gsize) cw * ch * 3);
  for (int y = 0; y < ch; y++)
    memcpy (crop + (gsize) y * cw * 3,
        cat_rgb + ((gsize) (y0 + y) * cat_w + x0) * 3, (gsize) cw * 3);
  mnv_image img = { MNV_PIXEL_RGB, cw, ch, { crop }, { cw * 3 }, MNV_YUV_BT601,
    0 };
  mnv_rect src, dst;
  mnv_normalization norm = { { 127.5f, 127.5f, 127.5f },
    { 127.5f, 127.5f, 127.5f } };
  guint8 *input = g_malloc (in.bytes);
  mnv_image_plan (cw, ch, in.dims[2], in.dims[1], MNV_RESIZE_STRETCH, &src,
      &dst);
  fail_unless (
      mnv_image_to_input (&img, &src, &dst, &in, &norm, input, &err) == MNV_OK);
  fail_unless (mnv_session_set_input (s, 0, input, in.bytes, &err) == MNV_OK);
  fail_unless (mnv_session_run (s, &err) == MNV_OK);
  float scores[1001];
  int n = mnv_classifier_scores (s, m, 0, scores, 1001);
  int best = first;
  for (int i = first + 1; i < n; i++)
    if (scores[i] > scores[best])
      best = i;
  *score = scores[best];
  g_free (input);
  g_free (crop);
  mnv_session_destroy (s);
  mnv_model_unref (m);
  return best;
}

/* A generated tiny classifier (tiny_u8: 5 classes, no background) on a
 * crop of the picture (cat.bmp, or the generated one without the test
 * data): the ROI's classification is the direct run's. */
GST_START_TEST (test_tiny_crop_equals_direct_run)
{
  gchar *path = test_tiny_model_path ("tiny_u8.tflite");
  gfloat want;
  const gint best = direct_best (path, 20, 30, 150, 120, 0, &want);
  gchar *props = g_strdup_printf ("model-file=%s", path);
  GstHarness *h = roi_harness (props);
  GstBuffer *in_buf = test_cat_frame (GST_VIDEO_FORMAT_RGB, 0);
  add_roi (in_buf, "thing", 20, 30, 150, 120, -1);
  add_roi (in_buf, "other", 200, 100, 40, 40, -1);
  GstBuffer *out = gst_harness_push_and_pull (h, in_buf);
  gint id;
  gdouble score;
  fail_unless (classification (test_nth_roi (out, 0), &id, &score));
  fail_unless_equals_int (id, best);
  fail_unless (score == want, "crop score %f, direct run %f", score, want);
  /* Each ROI is its own crop: the small one has a result of its own. */
  fail_unless (classification (test_nth_roi (out, 1), &id, &score));
  fail_if (gst_buffer_get_mnv2_classification_meta (out));
  gst_buffer_unref (out);
  gst_harness_teardown (h);
  g_free (props);
  g_free (path);
}

GST_END_TEST;

GST_START_TEST (test_crop_equals_direct_run)
{
  gchar *path = test_model_path ("mobilenet_v2_1.0_224_quant.tflite");
  gfloat direct_score;
  const gint best = direct_best (path, CX, CY, CW, CH, 1, &direct_score);

  GstHarness *h = roi_harness (NULL);
  GstBuffer *in_buf = test_cat_frame (GST_VIDEO_FORMAT_RGB, 0);
  add_roi (in_buf, "cat", CX, CY, CW, CH, -1);
  GstBuffer *out = gst_harness_push_and_pull (h, in_buf);
  gint id;
  gdouble score;
  fail_unless (classification (test_nth_roi (out, 0), &id, &score));
  GST_INFO ("crop: class %d score %f; direct: %d %f", id, score, best,
      direct_score);
  fail_unless_equals_int (id, best);
  fail_unless (score == direct_score, "crop score %f, direct run %f", score,
      direct_score);
  fail_unless_equals_int (id, 286); /* Egyptian cat */
  GstStructure *c =
      gst_video_region_of_interest_meta_get_param (test_nth_roi (out, 0),
          "classification");
  fail_unless_equals_string (gst_structure_get_string (c, "model"),
      "mobilenet_v2_1.0_224_quant.tflite");
  fail_unless_equals_string (gst_structure_get_string (c, "model_name"),
      "mobilenet_v2_1.0_224_quant.tflite");
  fail_unless_equals_string (gst_structure_get_string (c, "label"),
      "Egyptian cat");
  /* roi-list adds no full-frame result. */
  fail_if (gst_buffer_get_mnv2_classification_meta (out));

  gst_buffer_unref (out);
  gst_harness_teardown (h);
  g_free (path);
}

GST_END_TEST;

GST_START_TEST (test_filters)
{
  GstHarness *h = roi_harness ("object-class=\"dog, cat\" min-roi-size=20");
  GstBuffer *in = test_cat_frame (GST_VIDEO_FORMAT_RGB, 0);
  add_roi (in, "cat", CX, CY, CW, CH, -1);
  add_roi (in, "couch", 0, 100, 160, 230, -1); /* not wanted */
  add_roi (in, "dog", 300, 10, 19, 100, -1);   /* too narrow */
  add_roi (in, "dog", 300, 10, 200, 100, -1);
  add_roi (in, "cat", 600, 10, 50, 50, -1); /* outside the frame */
  GstBuffer *out = gst_harness_push_and_pull (h, in);
  const gboolean want[] = { TRUE, FALSE, FALSE, TRUE, FALSE };
  for (guint i = 0; i < G_N_ELEMENTS (want); i++) {
    gint id;
    gdouble score;
    fail_unless (classification (test_nth_roi (out, i), &id, &score) == want[i],
        "ROI %u", i);
  }
  gst_buffer_unref (out);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* ROIs with extreme values (any element may attach them): one whose
 * x + w wraps past G_MAXUINT is outside the frame, one as large as
 * G_MAXUINT is clipped to the frame and classified as the whole frame. */
GST_START_TEST (test_hostile_rois)
{
  GstHarness *h = roi_harness ("min-roi-size=1");
  GstBuffer *in = test_cat_frame (GST_VIDEO_FORMAT_RGB, 0);
  gst_buffer_add_video_region_of_interest_meta (in, "cat", G_MAXUINT - 10,
      G_MAXUINT - 10, 100, 100);
  gst_buffer_add_video_region_of_interest_meta (in, "cat", 0, 0, G_MAXUINT,
      G_MAXUINT);
  gst_buffer_add_video_region_of_interest_meta (in, "cat", 10, 10, 0, 0);
  GstBuffer *out = gst_harness_push_and_pull (h, in);
  gint id;
  gdouble score;
  fail_if (classification (test_nth_roi (out, 0), &id, &score),
      "a wrapped ROI was classified");
  fail_unless (classification (test_nth_roi (out, 1), &id, &score) && id == 286,
      "the huge ROI is not the whole frame's cat (%d)", id);
  fail_if (classification (test_nth_roi (out, 2), &id, &score),
      "an empty ROI was classified");
  gst_buffer_unref (out);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Frame 0 the cat, then grey frames with the same box: with
 * reclassify-interval 3 frames 1 and 2 keep the cat's result, frame 3 is
 * classified again; with 1 every frame is. */
GST_START_TEST (test_reclassify_interval)
{
  for (int interval = 1; interval <= 3; interval += 2) {
    gchar *props = g_strdup_printf ("reclassify-interval=%d", interval);
    GstHarness *h = roi_harness (props);
    for (int f = 0; f < 4; f++) {
      GstBuffer *in = f == 0 ? test_cat_frame (GST_VIDEO_FORMAT_RGB, 0) :
                               grey_frame (f * GST_SECOND / 30);
      /* The box moves a little: still the same object. */
      add_roi (in, "cat", CX + 4 * f, CY, CW, CH, -1);
      GstBuffer *out = gst_harness_push_and_pull (h, in);
      gint id;
      gdouble score;
      fail_unless (classification (test_nth_roi (out, 0), &id, &score));
      const gboolean cached = interval == 3 && f > 0 && f < 3;
      if (f == 0 || cached)
        fail_unless (id == 286, "interval %d frame %d: class %d", interval, f,
            id);
      else
        fail_unless (id != 286, "interval %d frame %d: the cat again", interval,
            f);
      gst_buffer_unref (out);
    }
    gst_harness_teardown (h);
    g_free (props);
  }
}

GST_END_TEST;

/* A tracking id identifies the object even when its box jumps, given as
 * "tracking" or as mnv2track's "object_id". */
GST_START_TEST (test_tracking_id)
{
  id_param = __i__ ? "object_id" : "tracking";
  GstHarness *h = roi_harness ("reclassify-interval=10");
  GstBuffer *in = test_cat_frame (GST_VIDEO_FORMAT_RGB, 0);
  add_roi (in, "cat", CX, CY, CW, CH, 7);
  gst_buffer_unref (gst_harness_push_and_pull (h, in));
  in = grey_frame (GST_SECOND / 30);
  add_roi (in, "cat", 0, 0, 100, 100, 7); /* no overlap, same id */
  add_roi (in, "cat", CX, CY, CW, CH, 8); /* same box, new id */
  GstBuffer *out = gst_harness_push_and_pull (h, in);
  gint id;
  gdouble score;
  fail_unless (classification (test_nth_roi (out, 0), &id, &score) && id == 286,
      "tracked object not taken from the cache (%d)", id);
  fail_unless (classification (test_nth_roi (out, 1), &id, &score) && id != 286,
      "new id classified from the cache");
  gst_buffer_unref (out);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_message)
{
  GstHarness *h = roi_harness ("post-messages=true top-k=3");
  GstBus *bus = test_watch_bus (h);
  GstBuffer *in = test_cat_frame (GST_VIDEO_FORMAT_RGB, 42);
  add_roi (in, "cat", CX, CY, CW, CH, -1);
  GstBuffer *out = gst_harness_push_and_pull (h, in);
  GstMessage *msg = test_pop_element_message (bus, "mnv2classify");
  fail_unless (msg != NULL);
  const GstStructure *s = gst_message_get_structure (msg);
  guint64 ts;
  fail_unless (gst_structure_get_uint64 (s, "timestamp", &ts) && ts == 42);
  const GValue *objects = gst_structure_get_value (s, "objects");
  fail_unless (objects && gst_value_list_get_size (objects) == 1);
  const GstStructure *o = gst_value_get_structure (
      gst_value_list_get_value (objects, 0));
  gint roi_id, x, w;
  fail_unless (gst_structure_get_int (o, "roi_id", &roi_id) &&
      roi_id == test_nth_roi (out, 0)->id);
  fail_unless (gst_structure_get_int (o, "x", &x) && x == CX);
  fail_unless (gst_structure_get_int (o, "width", &w) && w == CW);
  const GValue *classes = gst_structure_get_value (o, "classes");
  fail_unless (classes && gst_value_list_get_size (classes) == 3);
  const GstStructure *c = gst_value_get_structure (
      gst_value_list_get_value (classes, 0));
  fail_unless_equals_string (gst_structure_get_string (c, "label"),
      "Egyptian cat");
  gst_message_unref (msg);
  gst_buffer_unref (out);
  test_unwatch_bus (h, bus);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Several crops in one frame (run back to back, the next one pre-processed
 * while one runs): each gets exactly the result it gets alone. */
GST_START_TEST (test_many_crops)
{
  static const GstVideoRectangle boxes[] = { { CX, CY, CW, CH },
    { 0, 0, 170, 140 }, { 0, 100, 170, 240 }, { 300, 20, 200, 300 },
    { 150, 150, 60, 60 } };
  const guint n = G_N_ELEMENTS (boxes);
  gint alone_id[8];
  gdouble alone_score[8];
  for (guint i = 0; i < n; i++) {
    GstHarness *h = test_element_harness ("mnv2classify",
        "inference-region=roi-list", GST_VIDEO_FORMAT_NV12);
    GstBuffer *in = test_cat_frame (GST_VIDEO_FORMAT_NV12, 0);
    add_roi (in, "x", boxes[i].x, boxes[i].y, boxes[i].w, boxes[i].h, -1);
    GstBuffer *out = gst_harness_push_and_pull (h, in);
    fail_unless (
        classification (test_nth_roi (out, 0), &alone_id[i], &alone_score[i]));
    gst_buffer_unref (out);
    gst_harness_teardown (h);
  }
  GstHarness *h = test_element_harness ("mnv2classify",
      "inference-region=roi-list", GST_VIDEO_FORMAT_NV12);
  GstBuffer *in = test_cat_frame (GST_VIDEO_FORMAT_NV12, 0);
  for (guint i = 0; i < n; i++)
    add_roi (in, "x", boxes[i].x, boxes[i].y, boxes[i].w, boxes[i].h, -1);
  GstBuffer *out = gst_harness_push_and_pull (h, in);
  for (guint i = 0; i < n; i++) {
    gint id;
    gdouble score;
    fail_unless (classification (test_nth_roi (out, i), &id, &score));
    fail_unless (id == alone_id[i] && score == alone_score[i],
        "crop %u: %d %f together, %d %f alone", i, id, score, alone_id[i],
        alone_score[i]);
  }
  fail_unless_equals_int (alone_id[0], 286);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* full-frame (the default) ignores ROIs. */
GST_START_TEST (test_full_frame_ignores_rois)
{
  GstHarness *h = test_element_harness ("mnv2classify", NULL,
      GST_VIDEO_FORMAT_RGB);
  GstBuffer *in = test_cat_frame (GST_VIDEO_FORMAT_RGB, 0);
  add_roi (in, "cat", CX, CY, CW, CH, -1);
  GstBuffer *out = gst_harness_push_and_pull (h, in);
  gint id;
  gdouble score;
  fail_if (classification (test_nth_roi (out, 0), &id, &score));
  fail_unless (gst_buffer_get_mnv2_classification_meta (out) != NULL);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Threads of this process named NAME (/proc/self/task/N/comm). */
static guint
threads_named (const gchar *name)
{
  GDir *dir = g_dir_open ("/proc/self/task", 0, NULL);
  const gchar *task;
  guint n = 0;
  fail_unless (dir != NULL);
  while ((task = g_dir_read_name (dir))) {
    gchar *path = g_build_filename ("/proc/self/task", task, "comm", NULL);
    gchar *comm = NULL;
    if (g_file_get_contents (path, &comm, NULL, NULL) &&
        g_str_has_prefix (comm, name))
      n++;
    g_free (comm);
    g_free (path);
  }
  g_dir_close (dir);
  return n;
}

/* Ten objects a frame for 30 frames on a one-thread session: the next
 * crop is prepared on one helper thread that lives as long as the model
 * (not one thread made and joined per crop), and is gone after the
 * element stops. */
GST_START_TEST (test_one_prep_thread)
{
  gchar *path = test_tiny_model_path ("tiny_u8.tflite");
  gchar *props = g_strdup_printf ("model-file=%s threads=1", path);
  GstHarness *h = roi_harness (props);
  const guint want = g_get_num_processors () > 1 ? 1 : 0;
  fail_unless_equals_int (threads_named ("mnv2-prep"), 0);
  for (guint f = 0; f < 30; f++) {
    GstBuffer *in = test_cat_frame (GST_VIDEO_FORMAT_RGB, f * GST_SECOND / 30);
    for (guint i = 0; i < 10; i++)
      add_roi (in, "thing", 10 + 20 * i, 10 + 5 * i, 40, 40, -1);
    GstBuffer *out = gst_harness_push_and_pull (h, in);
    for (guint i = 0; i < 10; i++) {
      gint id;
      gdouble score;
      fail_unless (classification (test_nth_roi (out, i), &id, &score));
    }
    gst_buffer_unref (out);
    fail_unless_equals_int (threads_named ("mnv2-prep"), want);
  }
  gst_harness_teardown (h);
  fail_unless_equals_int (threads_named ("mnv2-prep"), 0);
  g_free (props);
  g_free (path);
}

GST_END_TEST;

static Suite *
roi_suite (void)
{
  Suite *s = suite_create ("mnv2classify-roi");
  TCase *tc = tcase_create ("general");
  tcase_set_timeout (tc, 600);
  suite_add_tcase (s, tc);
  tcase_add_data_test (tc, test_crop_equals_direct_run);
  tcase_add_test (tc, test_tiny_crop_equals_direct_run);
  tcase_add_test (tc, test_one_prep_thread);
  tcase_add_data_test (tc, test_filters);
  tcase_add_data_test (tc, test_hostile_rois);
  tcase_add_data_test (tc, test_reclassify_interval);
  if (data_dir)
    tcase_add_loop_test (tc, test_tracking_id, 0, 2);
  else
    test_note_data_case ("test_tracking_id");
  tcase_add_data_test (tc, test_message);
  tcase_add_data_test (tc, test_many_crops);
  tcase_add_data_test (tc, test_full_frame_ignores_rois);
  return s;
}

int
main (int argc, char **argv)
{
  test_harness_init ("mnv2classify roi-list");
  gst_check_init (&argc, &argv);
  return gst_check_run_suite (roi_suite (), "mnv2classify-roi", __FILE__);
}
