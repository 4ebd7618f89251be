/* What a live camera pipeline feels (a benchmark: it asserts nothing).
 * Runs a gst-launch description for SECONDS and prints what its
 * fpsdisplaysink rendered and dropped, and each mnv2 analysis element's
 * stats (results per second, mean inference time, result age).
 * Usage: GST_PLUGIN_PATH=build/gst MNV2_MODEL_PATH=../shared/models \
 *          build/tests/live-bench SECONDS 'PIPELINE ! fpsdisplaysink name=fps ...'
 * (README "Live video" has the lines measured.) */
#include <stdio.h>
#include <stdlib.h>

#include <gst/gst.h>

static void
print_element_stats (GstElement *pipe, gdouble seconds)
{
  GstIterator *it = gst_bin_iterate_recurse (GST_BIN (pipe));
  GValue v = G_VALUE_INIT;
  while (gst_iterator_next (it, &v) == GST_ITERATOR_OK) {
    GstElement *e = g_value_get_object (&v);
    GParamSpec *p = g_object_class_find_property (G_OBJECT_GET_CLASS (e),
        "stats");
    if (p && p->value_type == GST_TYPE_STRUCTURE &&
        g_object_class_find_property (G_OBJECT_GET_CLASS (e),
            "inference-mode")) {
      GstStructure *s;
      guint64 analysed = 0, frames = 0, skipped = 0;
      gdouble mean = 0, age = 0;
      g_object_get (e, "stats", &s, NULL);
      gst_structure_get_uint64 (s, "frames", &frames);
      gst_structure_get_uint64 (s, "analysed", &analysed);
      gst_structure_get_uint64 (s, "skipped", &skipped);
      gst_structure_get_double (s, "mean-inference-ms", &mean);
      gst_structure_get_double (s, "result-age-ms", &age);
      printf ("%s: frames %" G_GUINT64_FORMAT " analysed %" G_GUINT64_FORMAT
              " (%.1f/s, a result every %.0f ms) skipped %" G_GUINT64_FORMAT
              " mean-inference %.1f ms, last result age %.0f ms\n",
          GST_ELEMENT_NAME (e), frames, analysed, analysed / seconds,
          analysed ? seconds * 1000.0 / analysed : 0.0, skipped, mean, age);
      gst_structure_free (s);
    }
    g_value_reset (&v);
  }
  g_value_unset (&v);
  gst_iterator_free (it);
}

int
main (int argc, char **argv)
{
  GError *error = NULL;
  gst_init (&argc, &argv);
  if (argc != 3) {
    fprintf (stderr,
        "Usage: live-bench SECONDS 'PIPELINE ! fpsdisplaysink "
        "name=fps ...'\n");
    return 2;
  }
  const gdouble seconds = atof (argv[1]);
  GstElement *pipe = gst_parse_launch (argv[2], &error);
  if (!pipe) {
    fprintf (stderr, "%s\n", error->message);
    return 1;
  }
  GstBus *bus = gst_element_get_bus (pipe);
  const gint64 start = g_get_monotonic_time ();
  gst_element_set_state (pipe, GST_STATE_PLAYING);
  /* Start-up (model loading, the first frames) is left out: the counters
   * are read after a second and at the end. */
  GstElement *fps = gst_bin_get_by_name (GST_BIN (pipe), "fps");
  guint r0 = 0, d0 = 0, r1 = 0, d1 = 0;
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, GST_SECOND,
      GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
  if (fps)
    g_object_get (fps, "frames-rendered", &r0, "frames-dropped", &d0, NULL);
  const gint64 t0 = g_get_monotonic_time ();
  if (!msg)
    msg = gst_bus_timed_pop_filtered (bus,
        (GstClockTime) (seconds * GST_SECOND),
        GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
  const gdouble took = (g_get_monotonic_time () - t0) / 1e6;
  if (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *err;
    gst_message_parse_error (msg, &err, NULL);
    fprintf (stderr, "error: %s\n", err->message);
    return 1;
  }
  if (fps) {
    g_object_get (fps, "frames-rendered", &r1, "frames-dropped", &d1, NULL);
    printf ("sink: %.1f frames/s rendered, %u dropped in %.1f s\n",
        (r1 - r0) / took, d1 - d0, took);
    gst_object_unref (fps);
  }
  /* The elements' counters run from the start. */
  print_element_stats (pipe, (g_get_monotonic_time () - start) / 1e6);
  if (msg)
    gst_message_unref (msg);
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipe);
  return 0;
}
