/* Helpers shared by the element tests. */
#ifndef MNV2_TEST_HARNESS_H
#define MNV2_TEST_HARNESS_H

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>

#include "frames.h"

/* testdata/cat.bmp as RGB, loaded by test_harness_init. */
extern guint8 *cat_rgb;
extern gint cat_w, cat_h;
extern const gchar *data_dir;

/* Loads cat.bmp and points MNV2_MODEL_PATH at the data's models.  Without
 * the test data (data_dir NULL) cat_rgb is a generated picture and only
 * the cases on generated tiny models run: suites add the others with
 * tcase_add_data_test, which names each case it leaves out. */
void test_harness_init (const gchar *test_name);
void test_note_data_case (const gchar *name);
#define tcase_add_data_test(tc, fn) \
  do { \
    if (data_dir) \
      tcase_add_test (tc, fn); \
    else \
      test_note_data_case (#fn); \
  } while (0)
gchar *test_model_path (const gchar *name);
gchar *test_tiny_model_path (const gchar *name);

/* N, or N / 10 under emulation (MNV2_TEST_QUICK, set for cross builds):
 * the repetitions of the long loops. */
guint test_repeats (guint n);

/* The synthesized SSDLite's 300 x 300 RGB input picture (made with the
 * tiny models; g_free it). */
guint8 *test_synth_input (void);
/* LAUNCH in a harness fed RGB frames of W x H. */
GstHarness *test_rgb_harness (const gchar *launch, gint w, gint h);

/* "ELEMENT PROPS" in a harness fed FORMAT at the cat picture's size. */
GstHarness *test_element_harness (const gchar *element, const gchar *props,
    GstVideoFormat format);
GstBuffer *test_cat_frame (GstVideoFormat format, GstClockTime pts);

/* The Nth GstVideoRegionOfInterestMeta of BUF, or NULL. */
GstVideoRegionOfInterestMeta *test_nth_roi (GstBuffer *buf, guint n);

/* A bus on the harness element; unwatch detaches and empties it (queued
 * messages would keep the element, and so the bus, alive). */
GstBus *test_watch_bus (GstHarness *h);
void test_unwatch_bus (GstHarness *h, GstBus *bus);
/* The next element message named NAME, or NULL. */
GstMessage *test_pop_element_message (GstBus *bus, const gchar *name);

/* Going to READY fails with an error containing EXPECT1 (and EXPECT2). */
void test_expect_ready_error (const gchar *element, const gchar *prop,
    const gchar *value, const gchar *expect1, const gchar *expect2);

#endif
