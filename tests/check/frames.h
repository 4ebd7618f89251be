/* Test frames: an RGB image in any of the formats the elements take. */
#ifndef MNV2_TEST_FRAMES_H
#define MNV2_TEST_FRAMES_H

#include <gst/video/video.h>

/* A buffer holding RGB (w x h, tightly packed) converted to FORMAT, laid
 * out as GstVideoInfo says (strides, plane offsets).  YUV is BT.601
 * limited range with 2x2-averaged chroma.  INFO receives the layout. */
GstBuffer *test_frame_from_rgb (const guint8 *rgb, gint w, gint h,
    GstVideoFormat format, GstVideoInfo *info);

/* The caps string for INFO. */
gchar *test_frame_caps (const GstVideoInfo *info);

#endif
