/* mnv2track's short-term tracking: the frame's luma (green for RGB) plane
 * and a copy of the previous one, so the tracker can move each object by
 * the motion of its image content between detections (models/motion.h). */
#ifndef __GST_MNV2_TRACK_IMAGE_H__
#define __GST_MNV2_TRACK_IMAGE_H__

#include <gst/video/video.h>

#include "motion.h"
#include "tracker.h"

G_BEGIN_DECLS

typedef struct {
  GstVideoInfo info;
  gint comp;    /* the plane's component, -1: none usable */
  guint8 *prev; /* the previous frame's plane, packed */
  gint width, height;
  gboolean have_prev;
  gboolean warned; /* frames that cannot be mapped: said once */
  /* During a frame (between begin and end). */
  GstVideoFrame frame;
  gboolean mapped;
  mnv_plane cur;
} Mnv2TrackImage;

void mnv2_track_image_clear (Mnv2TrackImage *img);
/* New caps: which component to follow (none for formats without an 8-bit
 * luma or green); forgets the previous frame. */
void mnv2_track_image_set_info (Mnv2TrackImage *img, const GstVideoInfo *info);
/* Forgets the previous frame (a flush). */
void mnv2_track_image_reset (Mnv2TrackImage *img);

/* Maps BUF for reading (ELEMENT: where a failure is logged); FALSE when
 * its plane cannot be read (then the tracker predicts without motion). */
gboolean mnv2_track_image_begin (Mnv2TrackImage *img, GstBuffer *buf,
    GstObject *element);
/* The motion callback of mnv_tracker_predict_motion (USER: the
 * Mnv2TrackImage, between begin and end, with a previous frame). */
int mnv2_track_image_motion (void *user, const float box[4], float guess_dx,
    float guess_dy, float *dx, float *dy);
/* Whether a previous frame is there to measure motion against. */
gboolean mnv2_track_image_ready (const Mnv2TrackImage *img);
/* Keeps this frame's plane as the previous one (KEEP: there are tracks
 * to follow on the next frame; else nothing is copied) and unmaps. */
void mnv2_track_image_end (Mnv2TrackImage *img, gboolean keep);

G_END_DECLS

#endif
