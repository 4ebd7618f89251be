#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include "motion.h"

#define GRID 16
#define MAX_MEAN_DIFF 24

typedef struct {
  int xs[GRID], ys[GRID];
  int nx, ny;
  /* The earlier frame's samples, and where they are in the later one
   * (offsets of the grid points from the shifted origin). */
  int ref[GRID * GRID];
  long col[GRID], row[GRID];
} grid;

/* Up to GRID evenly spread integers of [lo, hi]. */
static int
spread (int lo, int hi, int *v)
{
  const int span = hi - lo + 1;
  const int n = span < GRID ? span : GRID;
  for (int i = 0; i < n; i++)
    v[i] = lo + (int) ((long) i * (span - 1) / (n > 1 ? n - 1 : 1));
  return n;
}

static inline int
at (const mnv_plane *p, int x, int y)
{
  return p->data[(long) y * p->row_stride + (long) x * p->pixel_stride];
}

/* Sum over the grid of |PREV - CUR shifted by (DX, DY)|: every STEP-th
 * grid point each way (2: the coarse search, a quarter of the work); stops
 * once past LIMIT (a better shift is known). */
static long
sad (const mnv_plane *b, const grid *g, int dx, int dy, int step, long limit)
{
  const uint8_t *o = b->data + (long) dy * b->row_stride +
      (long) dx * b->pixel_stride;
  long s = 0;
  for (int j = 0; j < g->ny && s < limit; j += step) {
    const uint8_t *r = o + g->row[j];
    const int *ref = g->ref + j * GRID;
    for (int i = 0; i < g->nx; i += step)
      s += abs (ref[i] - r[g->col[i]]);
  }
  return s;
}

/* The shift (*BX, *BY) in [X0, X1] x [Y0, Y1] around (GX, GY) whose sad
 * (on every STEP-th sample) is least (the first in row order on ties), and
 * that sum.  GUESS_FIRST: (0, 0), in the range, is scored first (ties go
 * to it): a good bound early stops most other shifts after a row or two. */
static long
best_shift (const mnv_plane *cur, const grid *g, int gx, int gy, int x0, int x1,
    int y0, int y1, int step, int guess_first, int *bx, int *by)
{
  long best = guess_first ? sad (cur, g, gx, gy, step, LONG_MAX) : LONG_MAX;
  *bx = guess_first ? 0 : x0;
  *by = guess_first ? 0 : y0;
  for (int sy = y0; sy <= y1; sy++)
    for (int sx = x0; sx <= x1; sx++) {
      const long s = sad (cur, g, gx + sx, gy + sy, step, best);
      if (s < best) {
        best = s;
        *bx = sx;
        *by = sy;
      }
    }
  return best;
}

/* The sample grid: the box's inner part, kept where every shift of the
 * window [G - R, G + R] stays in the frame; the earlier frame's samples
 * (P) and their offsets in the later one (C). */
static int
make_grid (const mnv_plane *p, const mnv_plane *c, const float box[4], int gx,
    int gy, int r, grid *g)
{
  const float w = box[2] - box[0], h = box[3] - box[1];
  if (!(w > 0 && h > 0) || !isfinite (w) || !isfinite (h))
    return 0;
  const float fx0 = box[0] + 0.15f * w, fx1 = box[2] - 0.15f * w;
  const float fy0 = box[1] + 0.15f * h, fy1 = box[3] - 0.15f * h;
  /* Clamped first, so any float converts without overflow. */
  const float big = 1e6f;
  int x0 = (int) ceilf (fx0 < -big ? -big : fx0);
  int x1 = (int) floorf (fx1 > big ? big : fx1) - 1;
  int y0 = (int) ceilf (fy0 < -big ? -big : fy0);
  int y1 = (int) floorf (fy1 > big ? big : fy1) - 1;
  if (x0 < r - gx)
    x0 = r - gx;
  if (y0 < r - gy)
    y0 = r - gy;
  if (x0 < 0)
    x0 = 0;
  if (y0 < 0)
    y0 = 0;
  if (x1 > p->width - 1 - gx - r)
    x1 = p->width - 1 - gx - r;
  if (y1 > p->height - 1 - gy - r)
    y1 = p->height - 1 - gy - r;
  if (x1 > p->width - 1)
    x1 = p->width - 1;
  if (y1 > p->height - 1)
    y1 = p->height - 1;
  if (x1 - x0 < 3 || y1 - y0 < 3)
    return 0;
  g->nx = spread (x0, x1, g->xs);
  g->ny = spread (y0, y1, g->ys);
  for (int i = 0; i < g->nx; i++)
    g->col[i] = (long) g->xs[i] * c->pixel_stride;
  for (int j = 0; j < g->ny; j++) {
    g->row[j] = (long) g->ys[j] * c->row_stride;
    for (int i = 0; i < g->nx; i++)
      g->ref[j * GRID + i] = at (p, g->xs[i], g->ys[j]);
  }
  return 1;
}

static int
plane_ok (const mnv_plane *p)
{
  return p && p->data && p->width >= 4 && p->height >= 4 &&
      p->pixel_stride >= 1 && p->row_stride >= p->width * p->pixel_stride;
}

int
mnv_motion_estimate (const mnv_plane *prev, const mnv_plane *cur,
    const float box[4], int gx, int gy, int radius, int *dx, int *dy)
{
  if (!plane_ok (prev) || !plane_ok (cur) || prev->width != cur->width ||
      prev->height != cur->height || radius < 2 ||
      radius > MNV_MOTION_MAX_RADIUS || abs (gx) > prev->width ||
      abs (gy) > prev->height)
    return 0;
  /* One more than RADIUS: a best shift on the window's border means "maybe
   * further", so the window goes a pixel past the shifts it reports; the
   * grid leaves 2 more for the sharpness check. */
  const int r = radius + 1;
  grid g;
  if (!make_grid (prev, cur, box, gx, gy, r + 2, &g))
    return 0;
  /* Every shift of the window on every second sample each way, then every
   * sample around the best. */
  int bx, by, fx, fy;
  best_shift (cur, &g, gx, gy, -r, r, -r, r, 2, 1, &bx, &by);
  /* On the window's border: the motion may be larger than the window. */
  if (abs (bx) == r || abs (by) == r)
    return 0;
  const long fine = best_shift (cur, &g, gx, gy, bx - 1, bx + 1, by - 1, by + 1,
      1, 0, &fx, &fy);
  /* A sharp minimum, or nothing in the box to follow: the shifts 2 px
   * around it differ clearly more. */
  long ring = 0;
  for (int sy = -2; sy <= 2; sy += 2)
    for (int sx = -2; sx <= 2; sx += 2)
      if (sx || sy)
        ring += sad (cur, &g, gx + fx + sx, gy + fy + sy, 1, LONG_MAX);
  if (fine * 10 * 8 > ring * 6 || ring == 0)
    return 0;
  if (fine > (long) MAX_MEAN_DIFF * g.nx * g.ny)
    return 0;
  *dx = gx + fx;
  *dy = gy + fy;
  return 1;
}
