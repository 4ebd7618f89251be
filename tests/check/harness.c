#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "test_util.h"

guint8 *cat_rgb;
gint cat_w, cat_h;
const gchar *data_dir;

/* A 320 x 240 picture standing in for cat.bmp without the test data:
 * gradients and a bright square, so crops and scales differ. */
static guint8 *
generated_picture (gint *w, gint *h)
{
  *w = 320;
  *h = 240;
  guint8 *px = g_malloc ((gsize) *w * *h * 3);
  for (gint y = 0; y < *h; y++)
    for (gint x = 0; x < *w; x++) {
      guint8 *p = px + ((gsize) y * *w + x) * 3;
      const gboolean square = x >= 100 && x < 180 && y >= 60 && y < 140;
      p[0] = square ? 250 : (guint8) (x * 255 / *w);
      p[1] = square ? 240 : (guint8) (y * 255 / *h);
      p[2] = (guint8) ((x + y) & 0xff);
    }
  return px;
}

void
test_note_data_case (const gchar *name)
{
  printf ("SKIP case %s: needs the test data\n", name);
  fflush (stdout);
}

void
test_harness_init (const gchar *test_name)
{
  gchar *models;
  data_dir = test_data_dir_or_null (test_name);
  if (!data_dir) {
    printf ("%s: without the test data, only the cases on generated tiny "
            "models run\n",
        test_name);
    cat_rgb = generated_picture (&cat_w, &cat_h);
    return;
  }
  cat_rgb = test_load_bmp (test_path (data_dir, "testdata", "cat.bmp"), &cat_w,
      &cat_h);
  if (!cat_rgb) {
    printf ("cannot read testdata/cat.bmp\n");
    exit (1);
  }
  models = g_build_filename (data_dir, "models", NULL);
  g_setenv ("MNV2_MODEL_PATH", models, TRUE);
  g_free (models);
}

gchar *
test_model_path (const gchar *name)
{
  return g_build_filename (data_dir, "models", name, NULL);
}

gchar *
test_tiny_model_path (const gchar *name)
{
  return g_build_filename (test_models_dir (), name, NULL);
}

guint
test_repeats (guint n)
{
  const gchar *quick = g_getenv ("MNV2_TEST_QUICK");
  return quick && *quick && *quick != '0' ? MAX (n / 10, 1) : n;
}

guint8 *
test_synth_input (void)
{
  gchar *path = test_tiny_model_path ("ssdlite_synth_input.rgb");
  gsize size;
  guint8 *rgb = test_read_file (path, &size);
  fail_unless (rgb && size == 300 * 300 * 3, "missing %s", path);
  g_free (path);
  return rgb;
}

GstHarness *
test_rgb_harness (const gchar *launch, gint w, gint h)
{
  GstHarness *harness = gst_harness_new_parse (launch);
  GstVideoInfo info;
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_RGB, w, h);
  gchar *caps = test_frame_caps (&info);
  gst_harness_set_src_caps_str (harness, caps);
  g_free (caps);
  return harness;
}

GstHarness *
test_element_harness (const gchar *element, const gchar *props,
    GstVideoFormat format)
{
  gchar *launch = g_strdup_printf ("%s %s", element, props ? props : "");
  GstHarness *h = gst_harness_new_parse (launch);
  GstVideoInfo info;
  gst_video_info_set_format (&info, format, cat_w, cat_h);
  gchar *caps = test_frame_caps (&info);
  gst_harness_set_src_caps_str (h, caps);
  g_free (caps);
  g_free (launch);
  return h;
}

GstBuffer *
test_cat_frame (GstVideoFormat format, GstClockTime pts)
{
  GstVideoInfo info;
  GstBuffer *buf = test_frame_from_rgb (cat_rgb, cat_w, cat_h, format, &info);
  GST_BUFFER_PTS (buf) = pts;
  GST_BUFFER_DURATION (buf) = GST_SECOND / 30;
  return buf;
}

GstBus *
test_watch_bus (GstHarness *h)
{
  GstBus *bus = gst_bus_new ();
  gst_element_set_bus (h->element, bus);
  return bus;
}

void
test_unwatch_bus (GstHarness *h, GstBus *bus)
{
  gst_element_set_bus (h->element, NULL);
  gst_bus_set_flushing (bus, TRUE);
  gst_object_unref (bus);
}

GstMessage *
test_pop_element_message (GstBus *bus, const gchar *name)
{
  GstMessage *msg;
  while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT))) {
    if (gst_message_has_name (msg, name))
      return msg;
    gst_message_unref (msg);
  }
  return NULL;
}

void
test_expect_ready_error (const gchar *element, const gchar *prop,
    const gchar *value, const gchar *expect1, const gchar *expect2)
{
  GstElement *e = gst_element_factory_make (element, NULL);
  GstBus *bus = gst_bus_new ();
  GstMessage *msg;
  GError *err = NULL;
  gchar *debug = NULL;

  fail_unless (e != NULL, "%s is not available (plugin loading)", element);
  gst_element_set_bus (e, bus);
  if (prop)
    g_object_set (e, prop, value, NULL);
  fail_unless_equals_int (gst_element_set_state (e, GST_STATE_READY),
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  gst_message_parse_error (msg, &err, &debug);
  GST_INFO ("error: %s", err->message);
  fail_unless (strstr (err->message, expect1) != NULL, "'%s' lacks '%s'",
      err->message, expect1);
  fail_unless (!expect2 || strstr (err->message, expect2) != NULL,
      "'%s' lacks '%s'", err->message, expect2);
  g_error_free (err);
  g_free (debug);
  gst_message_unref (msg);
  gst_element_set_state (e, GST_STATE_NULL);
  gst_element_set_bus (e, NULL);
  gst_object_unref (bus);
  gst_object_unref (e);
}

GstVideoRegionOfInterestMeta *
test_nth_roi (GstBuffer *buf, guint n)
{
  gpointer state = NULL;
  GstMeta *meta;
  guint i = 0;
  while ((meta = gst_buffer_iterate_meta_filtered (buf, &state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE)))
    if (i++ == n)
      return (GstVideoRegionOfInterestMeta *) meta;
  return NULL;
}
