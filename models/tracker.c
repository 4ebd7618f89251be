#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mnv_box.h"
#include "tracker.h"

/* Kalman filter of SORT: state x = (cx, cy, s, r, vcx, vcy, vs), s the
 * area, r the aspect ratio w / h; measurement z = (cx, cy, s, r). */
#define NX 7
#define NZ 4

typedef struct {
  double x[NX];
  double P[NX][NX];
  int id; /* 0 until confirmed */
  int class_id;
  int hits;      /* matched frames */
  int misses;    /* frames since the last match */
  int matched;   /* detection index this frame, or -1 */
  float last[4]; /* last detection (IOU kind) */
} track;

struct mnv_tracker {
  mnv_tracker_options o;
  track *tracks;
  int n, cap;
  int next_id;
};

void
mnv_tracker_options_default (mnv_tracker_options *o)
{
  o->kind = MNV_TRACK_KALMAN;
  o->max_age = 30;
  o->min_hits = 3;
  o->iou_threshold = 0.3f;
}

mnv_tracker *
mnv_tracker_new (const mnv_tracker_options *o)
{
  if (!o || o->max_age < 1 || o->max_age > 100000 || o->min_hits < 1 ||
      o->min_hits > 100000 || !(o->iou_threshold > 0.0f) ||
      o->iou_threshold > 1.0f ||
      (o->kind != MNV_TRACK_IOU && o->kind != MNV_TRACK_KALMAN))
    return NULL;
  mnv_tracker *t = calloc (1, sizeof *t);
  if (t) {
    t->o = *o;
    t->next_id = 1;
  }
  return t;
}

void
mnv_tracker_free (mnv_tracker *t)
{
  if (t) {
    free (t->tracks);
    free (t);
  }
}

void
mnv_tracker_reset (mnv_tracker *t)
{
  t->n = 0;
}

int
mnv_tracker_size (const mnv_tracker *t)
{
  return t->n;
}

static void
to_z (const float b[4], double z[NZ])
{
  const double w = b[2] - b[0], h = b[3] - b[1];
  z[0] = b[0] + w / 2;
  z[1] = b[1] + h / 2;
  z[2] = w * h;
  z[3] = w / h;
}

static void
to_box (const double x[NX], float b[4])
{
  const double s = x[2] > 0 ? x[2] : 0, r = x[3] > 0 ? x[3] : 0;
  const double w = sqrt (s * r), h = w > 0 ? s / w : 0;
  b[0] = (float) (x[0] - w / 2);
  b[1] = (float) (x[1] - h / 2);
  b[2] = (float) (x[0] + w / 2);
  b[3] = (float) (x[1] + h / 2);
}

/* SORT's initial covariance: uncertain velocities. */
static void
start (track *k, const mnv_track_input *d)
{
  memset (k, 0, sizeof *k);
  to_z (d->box, k->x);
  for (int i = 0; i < NX; i++)
    k->P[i][i] = i >= 4 ? 10000.0 : 10.0;
  k->class_id = d->class_id;
  k->hits = 1;
  k->matched = -1;
  memcpy (k->last, d->box, sizeof k->last);
}

/* x = F x, P = F P F' + Q, F adding velocities to cx, cy, s. */
static void
predict (track *k)
{
  /* An area about to turn negative stops growing (SORT). */
  if (k->x[2] + k->x[6] <= 0)
    k->x[6] = 0;
  k->x[0] += k->x[4];
  k->x[1] += k->x[5];
  k->x[2] += k->x[6];
  double FP[NX][NX];
  for (int i = 0; i < NX; i++)
    for (int j = 0; j < NX; j++)
      FP[i][j] = k->P[i][j] + (i < 3 ? k->P[i + 4][j] : 0);
  for (int i = 0; i < NX; i++)
    for (int j = 0; j < NX; j++)
      k->P[i][j] = FP[i][j] + (j < 3 ? FP[i][j + 4] : 0);
  /* Q: SORT's process noise. */
  static const double q[NX] = { 1, 1, 1, 1, 0.01, 0.01, 0.0001 };
  for (int i = 0; i < NX; i++)
    k->P[i][i] += q[i];
}

/* Solves the 4x4 system A X = B in place (Gauss-Jordan with partial
 * pivoting; A is a covariance, symmetric positive definite). */
static int
solve4 (double A[NZ][NZ], double B[NZ][NX])
{
  for (int c = 0; c < NZ; c++) {
    int p = c;
    for (int r = c + 1; r < NZ; r++)
      if (fabs (A[r][c]) > fabs (A[p][c]))
        p = r;
    if (fabs (A[p][c]) < 1e-12)
      return 0;
    if (p != c)
      for (int j = 0; j < NZ; j++) {
        double t = A[c][j];
        A[c][j] = A[p][j];
        A[p][j] = t;
      }
    if (p != c)
      for (int j = 0; j < NX; j++) {
        double t = B[c][j];
        B[c][j] = B[p][j];
        B[p][j] = t;
      }
    const double inv = 1.0 / A[c][c];
    for (int r = 0; r < NZ; r++) {
      if (r == c)
        continue;
      const double f = A[r][c] * inv;
      for (int j = 0; j < NZ; j++)
        A[r][j] -= f * A[c][j];
      for (int j = 0; j < NX; j++)
        B[r][j] -= f * B[c][j];
    }
    for (int j = 0; j < NZ; j++)
      A[c][j] *= inv;
    for (int j = 0; j < NX; j++)
      B[c][j] *= inv;
  }
  return 1;
}

/* Measurement noise (SORT's R) of a detection; of a centre measured on the
 * image (block matching is exact to a pixel or so; size and aspect are not
 * measured: noise so large they are left as predicted). */
static const double detection_noise[NZ] = { 1, 1, 10, 10 };
static const double motion_noise[NZ] = { 0.25, 0.25, 1e12, 1e12 };

/* The Kalman correction with measurement Z (H picks the first 4 states):
 * S = H P H' + R, K = P H' S^-1, x += K (z - H x), P = (I - K H) P. */
static void
correct (track *k, const double z[NZ], const double r[NZ])
{
  double S[NZ][NZ], PHt_T[NZ][NX];
  for (int i = 0; i < NZ; i++)
    for (int j = 0; j < NZ; j++)
      S[i][j] = k->P[i][j] + (i == j ? r[i] : 0);
  /* Solve S K' = (P H')' = H P: rows 0-3 of P. */
  for (int i = 0; i < NZ; i++)
    for (int j = 0; j < NX; j++)
      PHt_T[i][j] = k->P[i][j];
  if (!solve4 (S, PHt_T))
    return;
  double y[NZ];
  for (int i = 0; i < NZ; i++)
    y[i] = z[i] - k->x[i];
  for (int i = 0; i < NX; i++)
    for (int j = 0; j < NZ; j++)
      k->x[i] += PHt_T[j][i] * y[j];
  double P[NX][NX];
  for (int i = 0; i < NX; i++)
    for (int j = 0; j < NX; j++) {
      double kh = 0;
      for (int m = 0; m < NZ; m++)
        kh += PHt_T[m][i] * k->P[m][j];
      P[i][j] = k->P[i][j] - kh;
    }
  memcpy (k->P, P, sizeof P);
}

static void
box_of (const mnv_tracker *t, const track *k, float b[4])
{
  if (t->o.kind == MNV_TRACK_KALMAN)
    to_box (k->x, b);
  else
    memcpy (b, k->last, 4 * sizeof *b);
}

static int
valid (const mnv_track_input *d)
{
  for (int i = 0; i < 4; i++)
    if (!isfinite (d->box[i]))
      return 0;
  return d->box[2] > d->box[0] && d->box[3] > d->box[1];
}

typedef struct {
  float iou;
  int track, det;
} pair;

static int
by_iou (const void *a, const void *b)
{
  const pair *p = a, *q = b;
  if (p->iou != q->iou)
    return p->iou > q->iou ? -1 : 1;
  if (p->track != q->track)
    return p->track - q->track;
  return p->det - q->det;
}

/* Confirmed tracks to OUT: matched first in detection order, then the
 * others by id. */
static int
report (const mnv_tracker *t, int n_dets, mnv_track_output *out, int cap)
{
  int w = 0;
  for (int pass = 0; pass < 2; pass++) {
    if (pass == 0) {
      for (int d = 0; d < n_dets; d++)
        for (int i = 0; i < t->n; i++) {
          const track *k = &t->tracks[i];
          if (k->matched != d || !k->id)
            continue;
          if (w < cap) {
            mnv_track_output *o = &out[w];
            o->id = k->id;
            o->class_id = k->class_id;
            box_of (t, k, o->box);
            o->predicted = 0;
            o->detection = d;
            o->hits = k->hits;
          }
          w++;
        }
    } else {
      /* Unmatched confirmed tracks, in the order they were created. */
      for (int i = 0; i < t->n; i++) {
        const track *k = &t->tracks[i];
        if (k->matched >= 0 || !k->id)
          continue;
        if (w < cap) {
          mnv_track_output *o = &out[w];
          o->id = k->id;
          o->class_id = k->class_id;
          box_of (t, k, o->box);
          o->predicted = 1;
          o->detection = -1;
          o->hits = k->hits;
        }
        w++;
      }
    }
  }
  return w < cap ? w : cap;
}

/* Drops tracks unmatched for more than max_age frames, keeping order. */
static void
prune (mnv_tracker *t)
{
  int w = 0;
  for (int i = 0; i < t->n; i++)
    if (t->tracks[i].misses <= t->o.max_age)
      t->tracks[w++] = t->tracks[i];
  t->n = w;
}

int
mnv_tracker_update (mnv_tracker *t, const mnv_track_input *dets, int n,
    mnv_track_output *out, int capacity)
{
  if (n < 0)
    n = 0;
  /* Room for every new track and every candidate pair, first. */
  if (t->n + n > t->cap) {
    const int cap = (t->n + n) * 2 + 8;
    track *grown = realloc (t->tracks, (size_t) cap * sizeof *grown);
    if (!grown)
      return -1;
    t->tracks = grown;
    t->cap = cap;
  }
  pair *pairs = malloc (((size_t) t->n * n + 1) * sizeof *pairs);
  unsigned char *taken = calloc ((size_t) n + 1, 1);
  if (!pairs || !taken) {
    free (pairs);
    free (taken);
    return -1;
  }
  const int old = t->n;
  int np = 0;
  float pred[4];
  for (int i = 0; i < old; i++) {
    track *k = &t->tracks[i];
    if (t->o.kind == MNV_TRACK_KALMAN)
      predict (k);
    k->matched = -1;
    box_of (t, k, pred);
    for (int d = 0; d < n; d++) {
      if (dets[d].class_id != k->class_id || !valid (&dets[d]))
        continue;
      const float iou = mnv_box_iou (pred, dets[d].box);
      if (iou >= t->o.iou_threshold)
        pairs[np++] = (pair){ iou, i, d };
    }
  }
  qsort (pairs, (size_t) np, sizeof *pairs, by_iou);
  for (int p = 0; p < np; p++) {
    track *k = &t->tracks[pairs[p].track];
    if (k->matched >= 0 || taken[pairs[p].det])
      continue;
    k->matched = pairs[p].det;
    taken[pairs[p].det] = 1;
  }
  for (int i = 0; i < old; i++) {
    track *k = &t->tracks[i];
    if (k->matched < 0) {
      k->misses++;
      continue;
    }
    const mnv_track_input *d = &dets[k->matched];
    if (t->o.kind == MNV_TRACK_KALMAN) {
      double z[NZ];
      to_z (d->box, z);
      correct (k, z, detection_noise);
    }
    memcpy (k->last, d->box, sizeof k->last);
    k->hits++;
    k->misses = 0;
    if (!k->id && k->hits >= t->o.min_hits)
      k->id = t->next_id++;
  }
  for (int d = 0; d < n; d++) {
    if (taken[d] || !valid (&dets[d]))
      continue;
    track *k = &t->tracks[t->n++];
    start (k, &dets[d]);
    k->matched = d;
    if (t->o.min_hits <= 1)
      k->id = t->next_id++;
  }
  free (pairs);
  free (taken);
  prune (t);
  return report (t, n, out, capacity);
}

int
mnv_tracker_predict_motion (mnv_tracker *t, mnv_track_motion_fn motion,
    void *user, mnv_track_output *out, int capacity)
{
  for (int i = 0; i < t->n; i++) {
    track *k = &t->tracks[i];
    k->matched = -1;
    if (t->o.kind != MNV_TRACK_KALMAN)
      continue;
    float before[4], dx, dy;
    if (motion)
      to_box (k->x, before);
    const double cx = k->x[0], cy = k->x[1];
    predict (k);
    if (motion &&
        motion (user, before, (float) (k->x[0] - cx), (float) (k->x[1] - cy),
            &dx, &dy) &&
        isfinite (dx) && isfinite (dy)) {
      const double z[NZ] = { cx + dx, cy + dy, k->x[2], k->x[3] };
      correct (k, z, motion_noise);
    }
  }
  return report (t, 0, out, capacity);
}

int
mnv_tracker_predict (mnv_tracker *t, mnv_track_output *out, int capacity)
{
  return mnv_tracker_predict_motion (t, NULL, NULL, out, capacity);
}
