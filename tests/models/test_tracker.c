/* The SORT-style tracker (models/tracker.c) on synthetic trajectories with
 * known truth, scored as tracking benchmarks do (CLEAR MOT): misses (a
 * true object without a reported track once it had time to be confirmed),
 * false positives (a reported track on no true object), identity switches
 * (a true object reported under another id than before), MOTA = 1 -
 * (misses + false positives + switches) / true objects.
 *
 * - straight paths, three objects: no switch, nothing missed;
 * - two objects of one class crossing: Kalman keeps both ids;
 * - an occlusion shorter than max_age keeps the id, a longer one does not;
 * - objects entering and leaving: new ids, removed after max_age;
 * - two classes on the same box are never swapped;
 * - the detector every 5th frame, predictions between: every object on
 *   every frame, within 8 px of the truth, no switch (detections off by up
 *   to 1 px);
 * - predictions corrected by a measured image motion follow it from the
 *   first frame after a detection (no velocity needed), and a motion
 *   reported unknown (or NaN) leaves the plain prediction;
 * - reset, bad options, NaN and empty boxes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "tracker.h"

#define MAX_OBJ 8

typedef struct {
  float x0, y0, vx, vy, w, h; /* box at frame 0 and its speed */
  int cls;
  int from, to;           /* frames it exists in, [from, to) */
  int hide_from, hide_to; /* frames it is not detected in */
} object;

typedef struct {
  int gt, misses, fps, switches;
  float worst_px; /* largest box corner error */
} score;

static void
truth (const object *o, int f, float b[4])
{
  b[0] = o->x0 + o->vx * (float) f;
  b[1] = o->y0 + o->vy * (float) f;
  b[2] = b[0] + o->w;
  b[3] = b[1] + o->h;
}

static float
iou (const float a[4], const float b[4])
{
  const float ix = fminf (a[2], b[2]) - fmaxf (a[0], b[0]);
  const float iy = fminf (a[3], b[3]) - fmaxf (a[1], b[1]);
  if (ix <= 0 || iy <= 0)
    return 0;
  const float in = ix * iy;
  return in /
      ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - in);
}

/* Runs FRAMES frames of OBJS through a tracker with OPTS, the detector on
 * every EVERY-th frame, its boxes off the truth by up to JITTER px (a fixed
 * pattern).  A true object counts from the frame its track can be
 * confirmed on (from + (min_hits - 1) * EVERY); each is scored against the
 * reported track of the largest IoU with it (>= 0.3). */
static score
run (const object *objs, int n_obj, int frames, int every, float jitter,
    const mnv_tracker_options *opts)
{
  score s = { 0, 0, 0, 0, 0.0f };
  mnv_tracker *t = mnv_tracker_new (opts);
  int last_id[MAX_OBJ];
  for (int i = 0; i < MAX_OBJ; i++)
    last_id[i] = 0;
  for (int f = 0; f < frames; f++) {
    mnv_track_input in[MAX_OBJ];
    mnv_track_output out[2 * MAX_OBJ];
    int nd = 0, no;
    if (f % every == 0) {
      /* Detections in an order that changes from frame to frame. */
      for (int k = 0; k < n_obj; k++) {
        const int i = (k + f) % n_obj;
        const object *o = &objs[i];
        if (f < o->from || f >= o->to || (f >= o->hide_from && f < o->hide_to))
          continue;
        truth (o, f, in[nd].box);
        for (int c = 0; c < 4; c++)
          in[nd].box[c] += jitter * (float) ((f * 7 + i * 3 + c * 5) % 5 - 2) /
              2.0f;
        in[nd++].class_id = o->cls;
      }
      no = mnv_tracker_update (t, in, nd, out, 2 * MAX_OBJ);
    } else {
      no = mnv_tracker_predict (t, out, 2 * MAX_OBJ);
    }
    unsigned used = 0;
    for (int i = 0; i < n_obj; i++) {
      const object *o = &objs[i];
      const int hidden = f >= o->hide_from && f < o->hide_to;
      if (f < o->from + (opts->min_hits - 1) * every || f >= o->to || hidden)
        continue;
      s.gt++;
      float b[4], best = 0.3f;
      int k_best = -1;
      truth (o, f, b);
      for (int k = 0; k < no; k++)
        if (out[k].class_id == o->cls && iou (b, out[k].box) >= best &&
            !(used & (1u << k))) {
          best = iou (b, out[k].box);
          k_best = k;
        }
      if (k_best < 0) {
        s.misses++;
        continue;
      }
      used |= 1u << k_best;
      for (int c = 0; c < 4; c++)
        s.worst_px = fmaxf (s.worst_px, fabsf (out[k_best].box[c] - b[c]));
      if (last_id[i] && last_id[i] != out[k_best].id)
        s.switches++;
      last_id[i] = out[k_best].id;
    }
    for (int k = 0; k < no; k++)
      s.fps += !(used & (1u << k));
  }
  mnv_tracker_free (t);
  return s;
}

static float
mota (score s)
{
  return s.gt ? 1.0f - (float) (s.misses + s.fps + s.switches) / (float) s.gt :
                0.0f;
}

static mnv_tracker_options
options (mnv_track_kind kind, int max_age, int min_hits)
{
  mnv_tracker_options o;
  mnv_tracker_options_default (&o);
  o.kind = kind;
  o.max_age = max_age;
  o.min_hits = min_hits;
  return o;
}

#define ALWAYS 0, 1000, -1, -1

static void
test_straight (void)
{
  const object objs[] = {
    { 10, 10, 3, 1, 40, 30, 1, ALWAYS },
    { 300, 50, -2, 2, 60, 60, 1, ALWAYS },
    { 100, 300, 1, -3, 30, 50, 2, ALWAYS },
  };
  for (int kind = 0; kind < 2; kind++) {
    mnv_tracker_options o = options ((mnv_track_kind) kind, 10, 3);
    score s = run (objs, 3, 80, 1, 1.0f, &o);
    printf ("straight (%s): gt %d, misses %d, fp %d, switches %d, MOTA %.3f\n",
        kind ? "kalman" : "iou", s.gt, s.misses, s.fps, s.switches,
        (double) mota (s));
    CHECK (s.switches == 0 && s.misses == 0 && s.fps == 0,
        "straight paths (%s)", kind ? "kalman" : "iou");
  }
}

static void
test_crossing (void)
{
  /* Same class, same size, opposite directions through one point. */
  const object objs[] = {
    { 0, 100, 4, 0.5f, 40, 40, 3, ALWAYS },
    { 300, 130, -4, -0.5f, 40, 40, 3, ALWAYS },
  };
  mnv_tracker_options o = options (MNV_TRACK_KALMAN, 10, 3);
  score s = run (objs, 2, 75, 1, 1.0f, &o);
  printf ("crossing (kalman): gt %d, misses %d, fp %d, switches %d, MOTA "
          "%.3f\n",
      s.gt, s.misses, s.fps, s.switches, (double) mota (s));
  CHECK (s.switches == 0, "crossing paths: %d switches", s.switches);
  CHECK (mota (s) >= 0.9f, "crossing paths: MOTA %.3f", (double) mota (s));
}

static void
test_occlusion (void)
{
  /* Hidden 5 frames (max_age 10): the same id after; 15 frames: a new one
   * (one switch by the metric, as it must). */
  for (int gap = 5; gap <= 15; gap += 10) {
    const object objs[] = { { 20, 20, 2, 1, 50, 50, 1, 0, 1000, 30,
        30 + gap } };
    mnv_tracker_options o = options (MNV_TRACK_KALMAN, 10, 3);
    score s = run (objs, 1, 80, 1, 1.0f, &o);
    printf ("occlusion of %d frames: switches %d, misses %d\n", gap, s.switches,
        s.misses);
    CHECK (s.switches == (gap > 10), "occlusion of %d frames: %d switches", gap,
        s.switches);
  }
}

static void
test_enter_leave (void)
{
  const object objs[] = {
    { 10, 10, 2, 0, 40, 40, 1, 0, 40, -1, -1 },
    { 200, 200, -1, -1, 40, 40, 1, 20, 70, -1, -1 },
  };
  mnv_tracker_options o = options (MNV_TRACK_KALMAN, 5, 3);
  mnv_tracker *t = mnv_tracker_new (&o);
  mnv_track_output out[8];
  int ids[2] = { 0, 0 };
  for (int f = 0; f < 90; f++) {
    mnv_track_input in[2];
    int nd = 0;
    for (int i = 0; i < 2; i++)
      if (f >= objs[i].from && f < objs[i].to) {
        truth (&objs[i], f, in[nd].box);
        in[nd++].class_id = 1;
      }
    const int no = mnv_tracker_update (t, in, nd, out, 8);
    for (int k = 0; k < no; k++)
      if (!out[k].predicted) {
        const int i = f >= 20 && f < 40 ? (out[k].box[0] < 150 ? 0 : 1) :
            f < 20                      ? 0 :
                                          1;
        CHECK (!ids[i] || ids[i] == out[k].id,
            "frame %d: object %d changed "
            "id %d -> %d",
            f, i, ids[i], out[k].id);
        ids[i] = out[k].id;
      }
    if (f == 44)
      CHECK (mnv_tracker_size (t) == 2, "a track is kept max_age frames");
    if (f == 50)
      CHECK (mnv_tracker_size (t) == 1, "gone after max_age: %d tracks",
          mnv_tracker_size (t));
  }
  CHECK (ids[0] == 1 && ids[1] == 2, "ids %d, %d, not 1, 2", ids[0], ids[1]);
  CHECK (mnv_tracker_size (t) == 0, "%d tracks after everything left",
      mnv_tracker_size (t));
  mnv_tracker_free (t);
}

static void
test_two_classes (void)
{
  /* A cat and a dog on the same box moving together, then apart. */
  const object objs[] = {
    { 50, 50, 2, 0, 60, 60, 7, ALWAYS },
    { 50, 50, 2, 0.5f, 60, 60, 9, ALWAYS },
  };
  for (int kind = 0; kind < 2; kind++) {
    mnv_tracker_options o = options ((mnv_track_kind) kind, 10, 2);
    score s = run (objs, 2, 60, 1, 1.0f, &o);
    CHECK (s.switches == 0 && s.misses == 0 && s.fps == 0,
        "two classes "
        "(%s): switches %d misses %d fp %d",
        kind ? "kalman" : "iou", s.switches, s.misses, s.fps);
  }
}

static void
test_prediction (void)
{
  /* The detector on every 5th frame: every object on every frame (the
   * predicted frames included), within 8 px of where it is. */
  const object objs[] = {
    { 10, 40, 3, 1, 50, 40, 1, ALWAYS },
    { 400, 60, -2.5f, 0.5f, 70, 70, 2, ALWAYS },
    { 200, 300, 1.5f, -2, 40, 60, 1, ALWAYS },
  };
  mnv_tracker_options o = options (MNV_TRACK_KALMAN, 30, 3);
  score s = run (objs, 3, 150, 5, 1.0f, &o);
  printf ("detector every 5th frame: gt %d, misses %d, fp %d, switches %d, "
          "worst corner %.2f px\n",
      s.gt, s.misses, s.fps, s.switches, (double) s.worst_px);
  CHECK (s.misses == 0 && s.switches == 0 && s.fps == 0,
      "every 5th frame: misses %d switches %d fp %d", s.misses, s.switches,
      s.fps);
  CHECK (s.worst_px <= 8.0f, "predicted boxes %.2f px off",
      (double) s.worst_px);
}

static void
test_edges (void)
{
  mnv_tracker_options o = options (MNV_TRACK_KALMAN, 0, 3);
  CHECK (mnv_tracker_new (&o) == NULL, "max_age 0 accepted");
  o = options (MNV_TRACK_KALMAN, 5, 0);
  CHECK (mnv_tracker_new (&o) == NULL, "min_hits 0 accepted");
  o = options (MNV_TRACK_KALMAN, 5, 1);
  o.iou_threshold = NAN;
  CHECK (mnv_tracker_new (&o) == NULL, "NaN IoU threshold accepted");
  o.iou_threshold = 0.3f;
  mnv_tracker *t = mnv_tracker_new (&o);
  mnv_track_input in[3] = { { { NAN, 0, 10, 10 }, 1 }, { { 5, 5, 5, 9 }, 1 },
    { { 0, 0, 10, 10 }, 1 } };
  mnv_track_output out[4];
  int n = mnv_tracker_update (t, in, 3, out, 4);
  CHECK (n == 1 && out[0].id == 1 && out[0].detection == 2,
      "NaN and empty boxes ignored (%d tracks)", n);
  n = mnv_tracker_update (t, in + 2, 1, out, 0);
  CHECK (n == 0, "capacity 0");
  mnv_tracker_reset (t);
  CHECK (mnv_tracker_size (t) == 0, "reset");
  n = mnv_tracker_update (t, in + 2, 1, out, 4);
  CHECK (n == 1 && out[0].id == 2, "ids go on after a reset (%d)",
      n ? out[0].id : 0);
  mnv_tracker_free (t);
}

/* The motion callback: a constant shift, or "unknown" when *USER is 0,
 * or NaN when it is 2. */
static int
shift_motion (void *user, const float box[4], float gx, float gy, float *dx,
    float *dy)
{
  (void) box;
  (void) gx;
  (void) gy;
  const int mode = *(const int *) user;
  *dx = mode == 2 ? NAN : 3.0f;
  *dy = mode == 2 ? NAN : -2.0f;
  return mode != 0;
}

static void
test_motion (void)
{
  for (int mode = 0; mode < 3; mode++) {
    mnv_tracker_options o = options (MNV_TRACK_KALMAN, 5, 1);
    mnv_tracker *t = mnv_tracker_new (&o);
    mnv_track_input in = { { 100, 100, 140, 160 }, 1 };
    mnv_track_output out[2];
    mnv_tracker_update (t, &in, 1, out, 2);
    for (int f = 1; f <= 4; f++) {
      const int n = mnv_tracker_predict_motion (t, shift_motion, &mode, out, 2);
      /* Moved: 3 px right, 2 up per frame; else where it was (one
       * detection gives no velocity). */
      const float ex = mode == 1 ? 3.0f * f : 0, ey = mode == 1 ? -2.0f * f : 0;
      float worst = 0;
      for (int i = 0; i < 4; i++)
        worst = fmaxf (worst,
            fabsf (out[0].box[i] - in.box[i] - (i % 2 ? ey : ex)));
      CHECK (n == 1 && out[0].predicted && worst < 0.5f,
          "motion mode %d, frame %d: %.2f px off", mode, f, (double) worst);
    }
    /* A motion learnt from the image is a velocity for the next detection
     * frame too: the track still matches a detection moved as far. */
    mnv_track_input next = { { 115, 90, 155, 150 }, 1 };
    const int n = mnv_tracker_update (t, &next, 1, out, 2);
    if (mode == 1)
      CHECK (n == 1 && out[0].id == 1, "tracked through the moves (%d)",
          n ? out[0].id : 0);
    mnv_tracker_free (t);
  }
}

int
main (void)
{
  test_straight ();
  test_crossing ();
  test_occlusion ();
  test_enter_leave ();
  test_two_classes ();
  test_prediction ();
  test_motion ();
  test_edges ();
  return test_finish ("tracker");
}
