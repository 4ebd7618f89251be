/* mnv2classify inference-region=roi-list: cost of one 1920x1080 NV12 frame
 * with 10 objects (each crop classified: reclassify-interval 1), for 1 and
 * 2 threads (a benchmark: it asserts nothing).
 * Usage: GST_PLUGIN_PATH=build/gst MNV2_MODEL_PATH=../shared/models \
 *          build/tests/roi-bench [FRAMES] */
#include <stdio.h>
#include <stdlib.h>

#include <gst/check/gstharness.h>
#include <gst/video/video.h>

static int
cmp_double (const void *a, const void *b)
{
  const double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

int
main (int argc, char **argv)
{
  int frames = argc > 1 ? atoi (argv[1]) : 50;
  gst_init (&argc, &argv);
  printf ("mnv2classify roi-list, 1920x1080 NV12, 10 objects per frame, "
          "%d frames (min / median ms per frame)\n",
      frames);
  for (int threads = 1; threads <= 2; threads++) {
    gchar *launch = g_strdup_printf ("mnv2classify inference-region=roi-list "
                                     "threads=%d",
        threads);
    GstHarness *h = gst_harness_new_parse (launch);
    gst_harness_set_src_caps_str (h,
        "video/x-raw,format=NV12,width=1920,"
        "height=1080,framerate=30/1");
    GstVideoInfo info;
    gst_video_info_set_format (&info, GST_VIDEO_FORMAT_NV12, 1920, 1080);
    double *ms = g_new (double, frames);
    for (int f = 0; f < frames; f++) {
      GstBuffer *buf = gst_buffer_new_allocate (NULL, info.size, NULL);
      gst_buffer_memset (buf, 0, (guint8) (60 + f), info.size);
      GST_BUFFER_PTS (buf) = f * GST_SECOND / 30;
      for (int i = 0; i < 10; i++)
        gst_buffer_add_video_region_of_interest_meta (buf, "person",
            60 + 180 * i, 300 + 40 * (i % 3), 160, 320);
      const gint64 t0 = g_get_monotonic_time ();
      GstBuffer *out = gst_harness_push_and_pull (h, buf);
      ms[f] = (g_get_monotonic_time () - t0) / 1000.0;
      gst_buffer_unref (out);
    }
    qsort (ms, frames, sizeof *ms, cmp_double);
    printf ("threads=%d min_ms=%.2f median_ms=%.2f\n", threads, ms[0],
        ms[frames / 2]);
    g_free (ms);
    gst_harness_teardown (h);
    g_free (launch);
  }
  return 0;
}
