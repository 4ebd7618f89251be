/* Multi-object tracking, SORT-style (plain C, no GLib): stable ids for the
 * boxes a detector finds frame after frame, and predicted boxes on the
 * frames it skips.
 *
 * Each track holds a constant-velocity Kalman filter on its box centre,
 * area and aspect ratio (SORT's state: cx, cy, s, r and the velocities of
 * cx, cy, s).  A frame with detections matches them to the tracks'
 * predicted boxes by IoU, class by class: every (track, detection) pair of
 * the same class with IoU >= iou_threshold, taken greedily by decreasing
 * IoU (ties: lower track, then lower detection, first), each track and
 * detection at most once.  Matched tracks are corrected; unmatched
 * detections start tentative tracks; a track is confirmed (and gets its
 * id) after min_hits matched frames, and removed after max_age frames
 * without a match.  Ids are unique and increasing per tracker (stream),
 * starting at 1.  Without Kalman (kind IOU) a track's box is its last
 * detection and frames without detections keep it where it was. */
#ifndef MNV_TRACKER_H
#define MNV_TRACKER_H

typedef enum {
  MNV_TRACK_IOU,   /* association only */
  MNV_TRACK_KALMAN /* association on predicted boxes */
} mnv_track_kind;

typedef struct {
  mnv_track_kind kind;
  int max_age;         /* frames a track lives unmatched (>= 1) */
  int min_hits;        /* matched frames before it is reported */
  float iou_threshold; /* least IoU of a match, (0, 1] */
} mnv_tracker_options;

/* SORT's defaults: Kalman, max_age 30, min_hits 3, IoU 0.3. */
void mnv_tracker_options_default (mnv_tracker_options *options);

/* A detection: box as x_min, y_min, x_max, y_max (any unit, pixels in the
 * elements), its class. */
typedef struct {
  float box[4];
  int class_id;
} mnv_track_input;

/* A reported (confirmed) track. */
typedef struct {
  int id; /* >= 1, stable for the track's life */
  int class_id;
  float box[4];  /* corrected, or predicted when PREDICTED */
  int predicted; /* not matched on this frame */
  int detection; /* index of its detection this frame, or -1 */
  int hits;      /* matched frames so far */
} mnv_track_output;

typedef struct mnv_tracker mnv_tracker;

/* NULL when OPTIONS are out of range or memory is short. */
mnv_tracker *mnv_tracker_new (const mnv_tracker_options *options);
void mnv_tracker_free (mnv_tracker *tracker);
/* Forgets every track (a flush, new caps); ids go on increasing. */
void mnv_tracker_reset (mnv_tracker *tracker);

/* A frame with the detector's results (N of them, non-finite or empty
 * boxes are ignored): advances every track, matches, corrects, creates,
 * removes.  Writes the confirmed tracks (at most CAPACITY; matched first,
 * in detection order, then the predicted ones in the order they were
 * created) and returns how many, or -1 when memory is short (the tracks
 * are left as they were). */
int mnv_tracker_update (mnv_tracker *tracker, const mnv_track_input *dets,
    int n, mnv_track_output *out, int capacity);

/* A frame the detector did not run on: advances every track one frame
 * (Kalman: moves it to its prediction) without matching, ages it as a
 * miss would not (a skipped frame is no evidence of absence), and writes
 * the confirmed tracks as predicted. */
int mnv_tracker_predict (mnv_tracker *tracker, mnv_track_output *out,
    int capacity);

/* Where the image content of BOX (a track's box on the previous frame)
 * is now: returns 1 and the shift in (*DX, *DY), or 0 when not known.
 * (GUESS_DX, GUESS_DY) is the tracker's own prediction of that shift. */
typedef int (*mnv_track_motion_fn) (void *user, const float box[4],
    float guess_dx, float guess_dy, float *dx, float *dy);

/* As mnv_tracker_predict, and then (Kalman kind) each track's centre is
 * corrected by the shift MOTION measures on the image, a measurement as a
 * detection's centre is: the objects follow their content from the first
 * frame after a detection on, and their velocities are learnt from it. */
int mnv_tracker_predict_motion (mnv_tracker *tracker,
    mnv_track_motion_fn motion, void *user, mnv_track_output *out,
    int capacity);

/* Tracks alive (confirmed or not). */
int mnv_tracker_size (const mnv_tracker *tracker);

#endif
