/* mnv2overlay with GstHarness on synthetic grey frames carrying known metas
 * (no models needed): box edges drawn and interiors untouched, label plates
 * with text, the same pixels on NV12 / I420 / BGRx, mask tint where the
 * class is not 0 and none where it is, the classification banner, nothing
 * drawn without metas, the composition meta when downstream takes it (and
 * reused while the results do not change), hold-ms, switches. */
#include <string.h>

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>

#include "../frames.h"
#include "mnv2/mnv2meta.h"

#define W 320
#define H 240
#define GREY 128
/* The box of the tests, line width 4, red. */
#define BX 40
#define BY 100
#define BW 100
#define BH 80

static guint8 grey_rgb[W * H * 3];

static GstHarness *
overlay_harness (GstVideoFormat format, const gchar *props)
{
  gchar *launch = g_strdup_printf ("mnv2overlay line-width=4 "
                                   "box-color=0xffff0000 %s",
      props ? props : "");
  GstHarness *h = gst_harness_new_parse (launch);
  GstVideoInfo info;
  gst_video_info_set_format (&info, format, W, H);
  gchar *caps = test_frame_caps (&info);
  gst_harness_set_src_caps_str (h, caps);
  g_free (caps);
  g_free (launch);
  return h;
}

static GstBuffer *
grey_frame (GstVideoFormat format, GstClockTime pts)
{
  GstVideoInfo info;
  GstBuffer *buf = test_frame_from_rgb (grey_rgb, W, H, format, &info);
  GST_BUFFER_PTS (buf) = pts;
  GST_BUFFER_DURATION (buf) = 33 * GST_MSECOND;
  return buf;
}

static void
add_box (GstBuffer *buf)
{
  GstVideoRegionOfInterestMeta *roi =
      gst_buffer_add_video_region_of_interest_meta (buf, "cat", BX, BY, BW, BH);
  gst_video_region_of_interest_meta_add_param (roi,
      gst_structure_new ("detection", "label_id", G_TYPE_INT, 16, "confidence",
          G_TYPE_DOUBLE, 0.9, NULL));
}

/* Class map 16x12 over the whole frame: left half 0, right half 15.  One
 * class-map buffer for all frames, as deeplabsegment repeats its result
 * between inferences. */
static GstBuffer *class_map;

static void
setup (void)
{
  guint8 map[16 * 12];
  for (int i = 0; i < 16 * 12; i++)
    map[i] = (i % 16) < 8 ? 0 : 15;
  class_map = gst_buffer_new_memdup (map, sizeof map);
}

static void
teardown (void)
{
  gst_clear_buffer (&class_map);
}

static void
add_mask (GstBuffer *buf)
{
  GstVideoRectangle rect = { 0, 0, W, H };
  gst_buffer_add_mnv2_segmentation_meta (buf, class_map, 16, 12, 16, &rect,
      NULL, 0);
}

static void
add_classes (GstBuffer *buf)
{
  GstMnv2Class c = { 286, g_quark_from_static_string ("Egyptian cat"), 0.8f };
  gst_buffer_add_mnv2_classification_meta (buf, &c, 1);
}

/* Luma (YUV) or the R,G,B bytes of pixel X,Y. */
static void
pixel (GstBuffer *buf, GstVideoFormat format, int x, int y, guint8 out[3])
{
  GstVideoInfo info;
  GstVideoFrame f;
  gst_video_info_set_format (&info, format, W, H);
  fail_unless (gst_video_frame_map (&f, &info, buf, GST_MAP_READ));
  if (GST_VIDEO_INFO_IS_YUV (&info)) {
    const guint8 *yp = GST_VIDEO_FRAME_COMP_DATA (&f, 0);
    out[0] = yp[y * GST_VIDEO_FRAME_COMP_STRIDE (&f, 0) + x];
    for (int c = 1; c <= 2; c++) {
      const guint8 *p = GST_VIDEO_FRAME_COMP_DATA (&f, c);
      out[c] = p[(y / 2) * GST_VIDEO_FRAME_COMP_STRIDE (&f, c) +
          (x / 2) * GST_VIDEO_FRAME_COMP_PSTRIDE (&f, c)];
    }
  } else {
    const guint8 *p = GST_VIDEO_FRAME_PLANE_DATA (&f, 0);
    const guint8 *px = p + y * GST_VIDEO_FRAME_PLANE_STRIDE (&f, 0) +
        x * GST_VIDEO_FRAME_COMP_PSTRIDE (&f, 0);
    for (int c = 0; c < 3; c++)
      out[c] = px[GST_VIDEO_FRAME_COMP_OFFSET (&f, c)];
  }
  gst_video_frame_unmap (&f);
}

static gboolean
changed (GstBuffer *out, GstBuffer *ref, GstVideoFormat format, int x, int y)
{
  guint8 a[3], b[3];
  pixel (out, format, x, y, a);
  pixel (ref, format, x, y, b);
  return memcmp (a, b, 3) != 0;
}

static gboolean
same_bytes (GstBuffer *a, GstBuffer *b)
{
  GstMapInfo ma, mb;
  gst_buffer_map (a, &ma, GST_MAP_READ);
  gst_buffer_map (b, &mb, GST_MAP_READ);
  gboolean same = ma.size == mb.size && memcmp (ma.data, mb.data, ma.size) == 0;
  gst_buffer_unmap (a, &ma);
  gst_buffer_unmap (b, &mb);
  return same;
}

static const GstVideoFormat formats[] = { GST_VIDEO_FORMAT_NV12,
  GST_VIDEO_FORMAT_I420, GST_VIDEO_FORMAT_BGRx };

GST_START_TEST (test_nothing_without_meta)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++) {
    GstHarness *h = overlay_harness (formats[i], NULL);
    GstBuffer *ref = grey_frame (formats[i], 0);
    GstBuffer *out = gst_harness_push_and_pull (h, gst_buffer_copy (ref));
    fail_unless (same_bytes (out, ref), "%s changed",
        gst_video_format_to_string (formats[i]));
    gst_buffer_unref (out);
    gst_buffer_unref (ref);
    gst_harness_teardown (h);
  }
}

GST_END_TEST;

/* Which pixels a box with its label changes, in FORMAT. */
static guint8 *
box_footprint (GstVideoFormat format, const gchar *props)
{
  GstHarness *h = overlay_harness (format, props);
  GstBuffer *ref = grey_frame (format, 0);
  GstBuffer *in = gst_buffer_copy (ref);
  add_box (in);
  GstBuffer *out = gst_harness_push_and_pull (h, in);
  guint8 *fp = g_malloc0 (W * H);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      fp[y * W + x] = changed (out, ref, format, x, y);
  gst_buffer_unref (out);
  gst_buffer_unref (ref);
  gst_harness_teardown (h);
  return fp;
}

GST_START_TEST (test_box_and_label_pixels)
{
  guint8 *fp[3];
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++) {
    const gchar *name = gst_video_format_to_string (formats[i]);
    fp[i] = box_footprint (formats[i], NULL);
    /* Edges drawn (4 px), interior and outside untouched. */
    for (int k = 0; k < 4; k++) {
      fail_unless (fp[i][(BY + BH / 2) * W + BX + k], "%s: left edge", name);
      fail_unless (fp[i][(BY + BH / 2) * W + BX + BW - 1 - k], "%s: right edge",
          name);
      fail_unless (fp[i][(BY + k) * W + BX + BW / 2], "%s: top edge", name);
      fail_unless (fp[i][(BY + BH - 1 - k) * W + BX + BW / 2],
          "%s: bottom edge", name);
    }
    for (int y = BY + 5; y < BY + BH - 5; y++)
      for (int x = BX + 5; x < BX + BW - 5; x++)
        fail_if (fp[i][y * W + x], "%s: interior %d,%d", name, x, y);
    for (int y = 0; y < H; y++)
      for (int x = BX + BW + 2; x < W; x++)
        fail_if (fp[i][y * W + x], "%s: right of the box %d,%d", name, x, y);
    /* The label plate sits on the box's top edge, above it. */
    fail_unless (fp[i][(BY - 3) * W + BX + 2], "%s: no label plate", name);
    fail_if (fp[i][(BY - 60) * W + BX + 2], "%s: plate too high", name);
  }
  /* Luma of NV12 and I420 identical; BGRx changes the same pixels. */
  fail_unless (memcmp (fp[0], fp[1], W * H) == 0, "NV12 and I420 differ");
  int differ = 0;
  for (int i = 0; i < W * H; i++)
    differ += fp[0][i] != fp[2][i];
  fail_unless (differ <= W * H / 500, "NV12 and BGRx differ in %d pixels",
      differ);
  for (int i = 0; i < 3; i++)
    g_free (fp[i]);
}

GST_END_TEST;

GST_START_TEST (test_label_has_text)
{
  /* White text on the red plate: the plate has red and light pixels. */
  GstHarness *h = overlay_harness (GST_VIDEO_FORMAT_BGRx, NULL);
  GstBuffer *in = grey_frame (GST_VIDEO_FORMAT_BGRx, 0);
  add_box (in);
  GstBuffer *out = gst_harness_push_and_pull (h, in);
  int red = 0, light = 0;
  for (int y = BY - 12; y < BY; y++)
    for (int x = BX; x < BX + 40; x++) {
      guint8 p[3];
      pixel (out, GST_VIDEO_FORMAT_BGRx, x, y, p);
      red += p[0] > 200 && p[1] < 60 && p[2] < 60;
      light += p[0] > 200 && p[1] > 200 && p[2] > 200;
    }
  fail_unless (red > 50 && light > 10, "plate: %d red, %d text pixels", red,
      light);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_switches)
{
  guint8 *no_boxes = box_footprint (GST_VIDEO_FORMAT_NV12, "draw-boxes=false");
  for (int i = 0; i < W * H; i++)
    fail_if (no_boxes[i], "draw-boxes=false drew at %d", i);
  guint8 *no_labels = box_footprint (GST_VIDEO_FORMAT_NV12,
      "draw-labels=false");
  fail_unless (no_labels[(BY + BH / 2) * W + BX], "edge missing");
  fail_if (no_labels[(BY - 3) * W + BX + 10], "label drawn");
  g_free (no_boxes);
  g_free (no_labels);
}

GST_END_TEST;

/* The label plate's width follows the text: "cat 0.90" is wider than "cat"
 * (show-confidence=false), and label-format changes it again. */
static int
plate_width (const gchar *props)
{
  guint8 *fp = box_footprint (GST_VIDEO_FORMAT_BGRx, props);
  int w = 0;
  while (BX + w < W && fp[(BY - 3) * W + BX + w])
    w++;
  g_free (fp);
  return w;
}

GST_START_TEST (test_label_text_options)
{
  const int full = plate_width (NULL);
  const int no_score = plate_width ("show-confidence=false");
  const int longer = plate_width ("label-format=\"%label (%id) %score\"");
  fail_unless (no_score > 10 && no_score < full - 10 && longer > full + 10,
      "plate widths: %d, without confidence %d, with the id %d", full, no_score,
      longer);
}

GST_END_TEST;

/* Label plate rows above the box on a frame of WIDTH x HEIGHT (the box
 * scaled with the frame) after a first frame at 320x240 (the bug: the
 * default font kept the first stream's size after new caps). */
static int
plate_rows_after_caps_change (int width, int height)
{
  GstHarness *h = overlay_harness (GST_VIDEO_FORMAT_BGRx, NULL);
  gst_buffer_unref (
      gst_harness_push_and_pull (h, grey_frame (GST_VIDEO_FORMAT_BGRx, 0)));
  GstVideoInfo info;
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_BGRx, width, height);
  gchar *caps = test_frame_caps (&info);
  gst_harness_set_src_caps_str (h, caps);
  g_free (caps);
  guint8 *grey = g_malloc ((gsize) width * height * 3);
  memset (grey, GREY, (gsize) width * height * 3);
  GstBuffer *ref = test_frame_from_rgb (grey, width, height,
      GST_VIDEO_FORMAT_BGRx, &info);
  g_free (grey);
  GstBuffer *in = gst_buffer_copy (ref);
  const int s = width / W;
  GstVideoRegionOfInterestMeta *roi =
      gst_buffer_add_video_region_of_interest_meta (in, "cat", BX * s, BY * s,
          BW * s, BH * s);
  gst_video_region_of_interest_meta_add_param (roi,
      gst_structure_new ("detection", "label_id", G_TYPE_INT, 16, "confidence",
          G_TYPE_DOUBLE, 0.9, NULL));
  GstBuffer *out = gst_harness_push_and_pull (h, in);
  GstVideoFrame a, b;
  fail_unless (gst_video_frame_map (&a, &info, out, GST_MAP_READ));
  fail_unless (gst_video_frame_map (&b, &info, ref, GST_MAP_READ));
  int n = 0;
  const int x = BX * s + 2;
  for (int y = BY * s - 1; y >= 0; y--) {
    const guint8 *pa = (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&a, 0) +
        (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&a, 0) + x * 4;
    const guint8 *pb = (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&b, 0) +
        (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&b, 0) + x * 4;
    if (memcmp (pa, pb, 3) == 0)
      break;
    n++;
  }
  gst_video_frame_unmap (&a);
  gst_video_frame_unmap (&b);
  gst_buffer_unref (out);
  gst_buffer_unref (ref);
  gst_harness_teardown (h);
  return n;
}

GST_START_TEST (test_font_follows_caps)
{
  const int small = plate_rows_after_caps_change (W, H);
  const int large = plate_rows_after_caps_change (4 * W, 4 * H);
  fail_unless (small > 5 && large >= 2 * small,
      "label plate %d rows at "
      "%dx%d, %d at %dx%d",
      small, W, H, large, 4 * W, 4 * H);
}

GST_END_TEST;

/* draw-trails: the earlier centres of a tracked object moving right
 * 30 px a frame are drawn on the last frame; off, they are not. */
GST_START_TEST (test_trails)
{
  for (int on = 0; on < 2; on++) {
    GstHarness *h = overlay_harness (GST_VIDEO_FORMAT_BGRx,
        on ? "draw-labels=false draw-trails=true" : "draw-labels=false");
    GstBuffer *ref = grey_frame (GST_VIDEO_FORMAT_BGRx, 0);
    GstBuffer *out = NULL;
    for (int f = 0; f < 5; f++) {
      GstBuffer *in = gst_buffer_copy (ref);
      GstVideoRegionOfInterestMeta *roi =
          gst_buffer_add_video_region_of_interest_meta (in, "cat", 20 + 30 * f,
              100, 60, 40);
      gst_video_region_of_interest_meta_add_param (roi,
          gst_structure_new ("object_id", "id", G_TYPE_INT, 7, "predicted",
              G_TYPE_BOOLEAN, FALSE, NULL));
      if (out)
        gst_buffer_unref (out);
      out = gst_harness_push_and_pull (h, in);
    }
    /* Centres of frames 0-2, outside the last box (x 140-200). */
    for (int f = 0; f < 3; f++)
      fail_unless (changed (out, ref, GST_VIDEO_FORMAT_BGRx, 50 + 30 * f,
                       120) == on,
          "trails %s: centre of frame %d %s", on ? "on" : "off", f,
          on ? "not drawn" : "drawn");
    gst_buffer_unref (out);
    gst_buffer_unref (ref);
    gst_harness_teardown (h);
  }
}

GST_END_TEST;

/* %i: the tracked object's id (mnv2track's "object_id"), dropped with
 * the spaces before it when the ROI has none. */
static int
plate_width_with_object (gint object_id)
{
  GstHarness *h = overlay_harness (GST_VIDEO_FORMAT_BGRx,
      "label-format=\"%label %i\"");
  GstBuffer *ref = grey_frame (GST_VIDEO_FORMAT_BGRx, 0);
  GstBuffer *in = gst_buffer_copy (ref);
  add_box (in);
  if (object_id >= 0) {
    GstVideoRegionOfInterestMeta *roi = (GstVideoRegionOfInterestMeta *)
        gst_buffer_get_meta (in, GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE);
    gst_video_region_of_interest_meta_add_param (roi,
        gst_structure_new ("object_id", "id", G_TYPE_INT, object_id,
            "predicted", G_TYPE_BOOLEAN, FALSE, NULL));
  }
  GstBuffer *out = gst_harness_push_and_pull (h, in);
  int w = 0;
  while (
      BX + w < W && changed (out, ref, GST_VIDEO_FORMAT_BGRx, BX + w, BY - 3))
    w++;
  gst_buffer_unref (out);
  gst_buffer_unref (ref);
  gst_harness_teardown (h);
  return w;
}

GST_START_TEST (test_object_id_in_label)
{
  const int without = plate_width_with_object (-1);
  const int with = plate_width_with_object (12345);
  fail_unless (without > 10 && with > without + 20,
      "plate widths: %d "
      "without an object id, %d with",
      without, with);
}

GST_END_TEST;

/* A ROI classified by mnv2classify (roi-list) gets a second plate line. */
static int
plate_height (gboolean classified)
{
  GstHarness *h = overlay_harness (GST_VIDEO_FORMAT_BGRx, NULL);
  GstBuffer *ref = grey_frame (GST_VIDEO_FORMAT_BGRx, 0);
  GstBuffer *in = gst_buffer_copy (ref);
  add_box (in);
  if (classified) {
    GstVideoRegionOfInterestMeta *roi = (GstVideoRegionOfInterestMeta *)
        gst_buffer_get_meta (in, GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE);
    gst_video_region_of_interest_meta_add_param (roi,
        gst_structure_new ("classification", "label", G_TYPE_STRING,
            "Egyptian cat", "label_id", G_TYPE_INT, 286, "confidence",
            G_TYPE_DOUBLE, 0.89, NULL));
  }
  GstBuffer *out = gst_harness_push_and_pull (h, in);
  int n = 0;
  while (BY - 1 - n >= 0 &&
      changed (out, ref, GST_VIDEO_FORMAT_BGRx, BX + 2, BY - 1 - n))
    n++;
  gst_buffer_unref (out);
  gst_buffer_unref (ref);
  gst_harness_teardown (h);
  return n;
}

GST_START_TEST (test_object_classification_line)
{
  const int one = plate_height (FALSE), two = plate_height (TRUE);
  fail_unless (one > 5 && two >= one * 16 / 10, "plate heights %d and %d", one,
      two);
}

GST_END_TEST;

GST_START_TEST (test_mask_tint)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++) {
    const gchar *name = gst_video_format_to_string (formats[i]);
    GstHarness *h = overlay_harness (formats[i], NULL);
    GstBuffer *ref = grey_frame (formats[i], 0);
    GstBuffer *in = gst_buffer_copy (ref);
    add_mask (in);
    GstBuffer *out = gst_harness_push_and_pull (h, in);
    for (int y = 0; y < H; y += 7)
      for (int x = 0; x < W; x += 5) {
        if (x >= W / 2 - 4 && x < W / 2 + 4)
          continue; /* chroma straddles the border */
        guint8 a[3], b[3];
        pixel (out, formats[i], x, y, a);
        pixel (ref, formats[i], x, y, b);
        if (x < W / 2)
          fail_unless (memcmp (a, b, 3) == 0, "%s: class 0 tinted at %d,%d",
              name, x, y);
        else if (i < 2) /* YUV: chroma */
          fail_unless (a[1] != b[1] && a[2] != b[2],
              "%s: class 15 not tinted at %d,%d", name, x, y);
        else /* RGB (192,128,128) over grey */
          fail_unless (a[0] > b[0] + 20, "%s: class 15 not tinted at %d,%d",
              name, x, y);
      }
    gst_buffer_unref (out);
    gst_buffer_unref (ref);
    gst_harness_teardown (h);
  }
}

GST_END_TEST;

/* ROIs and a mask rectangle with extreme values (any element may attach
 * them): an ROI whose x + w wraps past G_MAXUINT is outside the frame
 * (nothing drawn), one that runs past the right edge is clipped, and a
 * mask rectangle at G_MININT neither crashes nor tints. */
GST_START_TEST (test_hostile_rois)
{
  GstHarness *h = overlay_harness (GST_VIDEO_FORMAT_BGRx, "draw-labels=false");
  GstBuffer *ref = grey_frame (GST_VIDEO_FORMAT_BGRx, 0);
  GstBuffer *in = gst_buffer_copy (ref);
  gst_buffer_add_video_region_of_interest_meta (in, "wrap", G_MAXUINT - 10,
      G_MAXUINT - 10, 100, 100);
  gst_buffer_add_video_region_of_interest_meta (in, "empty", 10, 10, 0, 0);
  GstVideoRectangle far = { G_MININT, G_MININT, G_MAXINT, G_MAXINT };
  gst_buffer_add_mnv2_segmentation_meta (in, class_map, 16, 12, 16, &far, NULL,
      0);
  GstBuffer *out = gst_harness_push_and_pull (h, in);
  fail_unless (same_bytes (out, ref), "a wrapped ROI or a far mask drew");
  gst_buffer_unref (out);

  in = gst_buffer_copy (ref);
  gst_buffer_add_video_region_of_interest_meta (in, "huge", 200, 50, G_MAXUINT,
      G_MAXUINT);
  out = gst_harness_push_and_pull (h, in);
  /* Clipped to the frame: its left and top edges drawn, the rest not. */
  fail_unless (changed (out, ref, GST_VIDEO_FORMAT_BGRx, 201, 120),
      "left edge not drawn");
  fail_unless (changed (out, ref, GST_VIDEO_FORMAT_BGRx, 260, 51),
      "top edge not drawn");
  fail_if (changed (out, ref, GST_VIDEO_FORMAT_BGRx, 260, 120),
      "interior drawn");
  fail_if (changed (out, ref, GST_VIDEO_FORMAT_BGRx, 100, 120),
      "left of the box drawn");
  gst_buffer_unref (out);
  gst_buffer_unref (ref);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Labels from another element may be Latin-1, markup or huge: the plate
 * is drawn (invalid bytes replaced, markup as text, long text cut), with
 * no warning from Pango (made fatal here). */
GST_START_TEST (test_hostile_labels)
{
  /* Pango logs structured: a warning is caught by making it fatal. */
  const GLogLevelFlags fatal = g_log_set_always_fatal (
      G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  GstHarness *h = overlay_harness (GST_VIDEO_FORMAT_BGRx, NULL);
  GstBuffer *ref = grey_frame (GST_VIDEO_FORMAT_BGRx, 0);
  gchar *huge = g_strnfill (100000, 'W');
  const gchar *labels[] = { "caf\xe9 \xff", "<b>bold</b> &amp", huge };
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++) {
    GstBuffer *in = gst_buffer_copy (ref);
    GstVideoRegionOfInterestMeta *roi =
        gst_buffer_add_video_region_of_interest_meta (in, labels[i], BX, BY, BW,
            BH);
    gst_video_region_of_interest_meta_add_param (roi,
        gst_structure_new ("detection", "label_id", G_TYPE_INT, 16,
            "confidence", G_TYPE_DOUBLE, 0.9, NULL));
    GstMnv2Class c = { 1, g_quark_from_string (labels[i]), 0.5f };
    gst_buffer_add_mnv2_classification_meta (in, &c, 1);
    GstBuffer *out = gst_harness_push_and_pull (h, in);
    if (i < 2)
      fail_unless (changed (out, ref, GST_VIDEO_FORMAT_BGRx, BX + 2, BY - 3),
          "label %u: no plate", i);
    gst_buffer_unref (out);
  }
  g_free (huge);
  gst_buffer_unref (ref);
  gst_harness_teardown (h);
  g_log_set_always_fatal (fatal);
}

GST_END_TEST;

/* A box just below the classification banner: its label, above the box,
 * would land on the banner; it goes below the banner instead, which stays
 * as drawn alone (the box's outline is clear of it). */
static GstBuffer *
banner_and_box (gboolean box, gboolean banner, GstBuffer *ref)
{
  GstHarness *h = overlay_harness (GST_VIDEO_FORMAT_BGRx, "line-width=2");
  GstBuffer *in = gst_buffer_copy (ref);
  if (banner)
    add_classes (in);
  if (box) {
    GstVideoRegionOfInterestMeta *roi =
        gst_buffer_add_video_region_of_interest_meta (in, "cat", 30, 22, 150,
            120);
    gst_video_region_of_interest_meta_add_param (roi,
        gst_structure_new ("detection", "label_id", G_TYPE_INT, 16,
            "confidence", G_TYPE_DOUBLE, 0.9, NULL));
  }
  GstBuffer *out = gst_harness_push_and_pull (h, in);
  gst_harness_teardown (h);
  return out;
}

GST_START_TEST (test_label_avoids_banner)
{
  GstBuffer *ref = grey_frame (GST_VIDEO_FORMAT_BGRx, 0);
  GstBuffer *banner = banner_and_box (FALSE, TRUE, ref);
  GstBuffer *both = banner_and_box (TRUE, TRUE, ref);
  /* The banner's pixels (where it changed the frame) are the same with
   * the box's label present. */
  int banner_px = 0, covered = 0;
  for (int y = 0; y < 40; y++)
    for (int x = 0; x < 160; x++) {
      if (!changed (banner, ref, GST_VIDEO_FORMAT_BGRx, x, y))
        continue;
      banner_px++;
      covered += changed (both, banner, GST_VIDEO_FORMAT_BGRx, x, y);
    }
  fail_unless (banner_px > 300, "banner: %d pixels", banner_px);
  fail_unless (covered == 0, "the box label covers %d banner pixels", covered);
  gst_buffer_unref (banner);
  gst_buffer_unref (both);
  gst_buffer_unref (ref);
}

GST_END_TEST;

GST_START_TEST (test_banner)
{
  for (int on = 0; on < 2; on++) {
    GstHarness *h = overlay_harness (GST_VIDEO_FORMAT_NV12,
        on ? NULL : "draw-classification=false");
    GstBuffer *ref = grey_frame (GST_VIDEO_FORMAT_NV12, 0);
    GstBuffer *in = gst_buffer_copy (ref);
    add_classes (in);
    GstBuffer *out = gst_harness_push_and_pull (h, in);
    int n = 0;
    for (int y = 0; y < 20; y++)
      for (int x = 0; x < 80; x++)
        n += changed (out, ref, GST_VIDEO_FORMAT_NV12, x, y);
    if (on)
      fail_unless (n > 400, "banner: %d pixels", n);
    else
      fail_unless (n == 0, "banner drawn while off");
    fail_if (changed (out, ref, GST_VIDEO_FORMAT_NV12, W - 10, H - 10));
    gst_buffer_unref (out);
    gst_buffer_unref (ref);
    gst_harness_teardown (h);
  }
}

GST_END_TEST;

GST_START_TEST (test_composition_meta_downstream)
{
  GstHarness *h = overlay_harness (GST_VIDEO_FORMAT_NV12, NULL);
  gst_harness_add_propose_allocation_meta (h,
      GST_VIDEO_OVERLAY_COMPOSITION_META_API_TYPE, NULL);
  GstVideoOverlayRectangle *kept[8] = { NULL };
  for (int i = 0; i < 2; i++) {
    GstBuffer *ref = grey_frame (GST_VIDEO_FORMAT_NV12, i * 33 * GST_MSECOND);
    GstBuffer *in = gst_buffer_copy (ref);
    add_box (in);
    add_mask (in);
    GstBuffer *out = gst_harness_push_and_pull (h, in);
    fail_unless (same_bytes (out, ref), "frame drawn on despite the meta");
    GstVideoOverlayCompositionMeta *m =
        gst_buffer_get_video_overlay_composition_meta (out);
    fail_unless (m != NULL, "no composition meta");
    /* mask, 4 edges, label */
    guint n = gst_video_overlay_composition_n_rectangles (m->overlay);
    fail_unless_equals_int (n, 6);
    for (guint r = 0; r < n; r++) {
      GstVideoOverlayRectangle *rect =
          gst_video_overlay_composition_get_rectangle (m->overlay, r);
      gint x, y;
      guint w, hh;
      gst_video_overlay_rectangle_get_render_rectangle (rect, &x, &y, &w, &hh);
      /* Only the mask may be large. */
      if (r > 0)
        fail_unless (w * hh < W * H / 8, "rectangle %u is %ux%u", r, w, hh);
      if (i == 0)
        kept[r] = rect;
      else /* same results: nothing rendered again */
        fail_unless (kept[r] == rect, "rectangle %u rendered again", r);
    }
    gst_buffer_unref (out);
    gst_buffer_unref (ref);
  }
  gst_harness_teardown (h);
}

GST_END_TEST;

/* On the attach path a shared buffer (a tee's) keeps its memory: only
 * metadata is added, so the output's memory is the input's. */
GST_START_TEST (test_attach_keeps_shared_memory)
{
  GstHarness *h = overlay_harness (GST_VIDEO_FORMAT_NV12, NULL);
  gst_harness_add_propose_allocation_meta (h,
      GST_VIDEO_OVERLAY_COMPOSITION_META_API_TYPE, NULL);
  GstBuffer *in = grey_frame (GST_VIDEO_FORMAT_NV12, 0);
  add_box (in);
  GstBuffer *shared = gst_buffer_ref (in); /* the tee's other branch */
  GstBuffer *out = gst_harness_push_and_pull (h, in);
  fail_unless (gst_buffer_get_video_overlay_composition_meta (out) != NULL);
  fail_unless (gst_buffer_n_memory (out) == gst_buffer_n_memory (shared) &&
          gst_buffer_peek_memory (out, 0) == gst_buffer_peek_memory (shared, 0),
      "the frame's memory was copied on the attach path");
  fail_if (gst_buffer_get_video_overlay_composition_meta (shared) != NULL,
      "the shared buffer got the meta");
  gst_buffer_unref (out);
  gst_buffer_unref (shared);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_hold)
{
  for (int hold = 0; hold < 2; hold++) {
    GstHarness *h = overlay_harness (GST_VIDEO_FORMAT_NV12,
        hold ? "hold-ms=100" : NULL);
    const GstClockTime pts[3] = { 0, 50 * GST_MSECOND, 300 * GST_MSECOND };
    for (int i = 0; i < 3; i++) {
      GstBuffer *ref = grey_frame (GST_VIDEO_FORMAT_NV12, pts[i]);
      GstBuffer *in = gst_buffer_copy (ref);
      if (i == 0)
        add_box (in);
      GstBuffer *out = gst_harness_push_and_pull (h, in);
      const gboolean drawn = changed (out, ref, GST_VIDEO_FORMAT_NV12, BX,
          BY + BH / 2);
      const gboolean want = i == 0 || (i == 1 && hold);
      fail_unless (drawn == want, "hold-ms=%d frame %d: drawn %d",
          hold ? 100 : 0, i, drawn);
      gst_buffer_unref (out);
      gst_buffer_unref (ref);
    }
    gst_harness_teardown (h);
  }
}

GST_END_TEST;

static Suite *
mnv2overlay_suite (void)
{
  Suite *s = suite_create ("mnv2overlay");
  TCase *tc = tcase_create ("general");
  tcase_set_timeout (tc, 300);
  tcase_add_checked_fixture (tc, setup, teardown);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_nothing_without_meta);
  tcase_add_test (tc, test_box_and_label_pixels);
  tcase_add_test (tc, test_label_has_text);
  tcase_add_test (tc, test_switches);
  tcase_add_test (tc, test_label_text_options);
  tcase_add_test (tc, test_object_id_in_label);
  tcase_add_test (tc, test_trails);
  tcase_add_test (tc, test_font_follows_caps);
  tcase_add_test (tc, test_object_classification_line);
  tcase_add_test (tc, test_mask_tint);
  tcase_add_test (tc, test_hostile_rois);
  tcase_add_test (tc, test_hostile_labels);
  tcase_add_test (tc, test_banner);
  tcase_add_test (tc, test_label_avoids_banner);
  tcase_add_test (tc, test_composition_meta_downstream);
  tcase_add_test (tc, test_attach_keeps_shared_memory);
  tcase_add_test (tc, test_hold);
  return s;
}

int
main (int argc, char **argv)
{
  memset (grey_rgb, GREY, sizeof grey_rgb);
  gst_check_init (&argc, &argv);
  return gst_check_run_suite (mnv2overlay_suite (), "mnv2overlay", __FILE__);
}
