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

/* Skips (exit 77) without test data; loads cat.bmp; points
 * MNV2_MODEL_PATH at the data's models. */
void test_harness_init (const gchar *test_name);
gchar *test_model_path (const gchar *name);
gchar *test_tiny_model_path (const gchar *name);

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
