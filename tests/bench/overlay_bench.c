/* mnv2overlay per-frame cost at 1080p NV12 on one thread (a benchmark: it
 * asserts nothing).  Cases: 10 boxes with labels that move every frame
 * (rendered anew each frame), the same boxes unchanged (cached), and moving
 * boxes plus a 513x513 segmentation mask over the frame.
 * Usage: GST_PLUGIN_PATH=build/gst build/tests/bench/overlay-bench [FRAMES] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gst/check/gstharness.h>
#include <gst/video/video.h>

#include "mnv2/mnv2meta.h"

#define W 1920
#define H 1080

static int
cmp_double (const void *a, const void *b)
{
  const double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* Median and min ms per frame over FRAMES frames. */
static void
run (const char *name, int frames, int boxes, gboolean moving,
    GstBuffer *class_map)
{
  GstHarness *h = gst_harness_new ("mnv2overlay");
  gst_harness_set_src_caps_str (h,
      "video/x-raw,format=NV12,width=1920,"
      "height=1080,framerate=30/1");
  GstVideoInfo info;
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_NV12, W, H);
  GstBuffer *grey = gst_buffer_new_allocate (NULL, info.size, NULL);
  gst_buffer_memset (grey, 0, 110, info.size);
  double *ms = g_new (double, frames);
  for (int f = 0; f < frames; f++) {
    GstBuffer *buf = gst_buffer_copy_deep (grey);
    GST_BUFFER_PTS (buf) = f * GST_SECOND / 30;
    for (int i = 0; i < boxes; i++) {
      const int dx = moving ? f % 50 : 0;
      GstVideoRegionOfInterestMeta *roi =
          gst_buffer_add_video_region_of_interest_meta (buf, "person",
              100 + 170 * i + dx, 200 + 60 * i, 150, 300);
      gst_video_region_of_interest_meta_add_param (roi,
          gst_structure_new ("detection", "label_id", G_TYPE_INT, i,
              "confidence", G_TYPE_DOUBLE, 0.5 + 0.04 * i, NULL));
    }
    if (class_map) {
      GstVideoRectangle rect = { 0, 0, W, H };
      gst_buffer_add_mnv2_segmentation_meta (buf, class_map, 513, 513, 513,
          &rect, NULL, 0);
    }
    const gint64 t0 = g_get_monotonic_time ();
    GstBuffer *out = gst_harness_push_and_pull (h, buf);
    ms[f] = (g_get_monotonic_time () - t0) / 1000.0;
    gst_buffer_unref (out);
  }
  qsort (ms, frames, sizeof *ms, cmp_double);
  printf ("| %-52s | %6.2f | %6.2f |\n", name, ms[0], ms[frames / 2]);
  g_free (ms);
  gst_buffer_unref (grey);
  gst_harness_teardown (h);
}

int
main (int argc, char **argv)
{
  int frames = argc > 1 ? atoi (argv[1]) : 200;
  gst_init (&argc, &argv);
  /* A class map with a person-sized blob of class 15 and some class 8. */
  guint8 *map = g_malloc0 (513 * 513);
  for (int y = 0; y < 513; y++)
    for (int x = 0; x < 513; x++)
      map[y * 513 + x] = (x - 256) * (x - 256) + (y - 300) * (y - 300) <
              150 * 150 ?
          15 :
          (x < 100 && y > 400 ? 8 : 0);
  GstBuffer *class_map = gst_buffer_new_wrapped (map, 513 * 513);
  printf ("mnv2overlay, 1920x1080 NV12, 1 thread, %d frames (min / median "
          "ms)\n",
      frames);
  printf ("| %-52s | %6s | %6s |\n", "case", "min", "median");
  printf ("|%s|%s|%s|\n",
      "------------------------------------------------------", "--------",
      "--------");
  run ("no results (pass-through cost)", frames, 0, FALSE, NULL);
  run ("10 boxes + labels, unchanged (cached)", frames, 10, FALSE, NULL);
  run ("10 boxes + labels, moving (rendered every frame)", frames, 10, TRUE,
      NULL);
  run ("10 moving boxes + labels + 513x513 mask", frames, 10, TRUE, class_map);
  gst_buffer_unref (class_map);
  return 0;
}
