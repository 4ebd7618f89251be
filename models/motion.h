/* Where an object's image content moved between two frames (plain C, no
 * GLib): block matching on one 8-bit plane (luma, or green for RGB), for
 * mnv2track's short-term tracking between detections.
 *
 * The inner part of the box (15% off each side, where the background
 * shows least) is sampled on a grid of at most 16 x 16 points in the
 * earlier frame; every integer shift within RADIUS of a guess (the
 * tracker's predicted motion) is scored by the sum of absolute differences
 * of those samples in the later frame: every shift on every second
 * sample each way (an exhaustive search: no coarse step to miss a
 * minimum), then the 3 x 3 shifts around the best on every sample.  The
 * match is trusted only when it is inside the window (not on its border:
 * the motion may be larger), clearly better than the shifts 2 px around it
 * (the box has texture to follow) and close (mean
 * difference per sample at most 24 levels: not occluded). */
#ifndef MNV_MOTION_H
#define MNV_MOTION_H

#include <stdint.h>

/* An 8-bit plane read in place: sample (x, y) is
 * data[y * row_stride + x * pixel_stride]. */
typedef struct {
  const uint8_t *data;
  int width, height;
  int pixel_stride, row_stride;
} mnv_plane;

#define MNV_MOTION_MAX_RADIUS 32

/* The shift (*DX, *DY) of BOX (x_min, y_min, x_max, y_max in PREV's
 * pixels) from PREV to CUR (same size), searched within RADIUS (2 ..
 * MNV_MOTION_MAX_RADIUS) of (GUESS_DX, GUESS_DY).  Returns 1 when found,
 * 0 when not trusted (see above), the box is too small (under 4 x 4 inner
 * pixels), outside the frame or its search window leaves the frame, or
 * the arguments are invalid. */
int mnv_motion_estimate (const mnv_plane *prev, const mnv_plane *cur,
    const float box[4], int guess_dx, int guess_dy, int radius, int *dx,
    int *dy);

#endif
