/* The tracker's cost per frame with 50 objects (a benchmark: it asserts
 * nothing).  50 boxes of 5 classes moving at their own speeds, detected
 * every frame (update) or every 5th (update + 4 predictions); prints the
 * min and median microseconds per frame of each.  Then short-term
 * tracking's extra cost: the 4 predicted frames each measuring the image
 * motion of every object (mnv_motion_estimate, 60 x 80 boxes, windows of 8
 * px as mnv2track chooses for them) on a 1920 x 1080 textured plane moving
 * 2 px right and 1 down per frame.
 * Usage: build/tests/tracker-bench [FRAMES] */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "motion.h"
#include "tracker.h"

#define N 50

static double
now_us (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec * 1e6 + (double) ts.tv_nsec / 1e3;
}

static int
cmp (const void *a, const void *b)
{
  const double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

#define PW 1920
#define PH 1080

typedef struct {
  mnv_plane prev, cur;
} planes;

static int
motion (void *user, const float box[4], float gx, float gy, float *dx,
    float *dy)
{
  const planes *p = user;
  int ix, iy;
  if (!mnv_motion_estimate (&p->prev, &p->cur, box, (int) gx, (int) gy, 8, &ix,
          &iy))
    return 0;
  *dx = (float) ix;
  *dy = (float) iy;
  return 1;
}

/* Pseudo-random grey, the window at (OX, OY). */
static unsigned char *
textured (int ox, int oy)
{
  unsigned char *d = malloc ((size_t) PW * PH);
  for (int y = 0; y < PH; y++)
    for (int x = 0; x < PW; x++) {
      unsigned v = (unsigned) (x + ox) * 73856093u ^
          (unsigned) (y + oy) * 19349663u;
      v ^= v >> 13;
      v *= 0x5bd1e995u;
      d[y * PW + x] = (unsigned char) (v >> 15);
    }
  return d;
}

static void
bench_short_term (int frames, double *t)
{
  unsigned char *a = textured (0, 0), *b = textured (-2, -1);
  planes p = { { a, PW, PH, 1, PW }, { b, PW, PH, 1, PW } };
  mnv_tracker_options o;
  mnv_tracker_options_default (&o);
  o.min_hits = 1;
  mnv_tracker *tr = mnv_tracker_new (&o);
  mnv_track_input in[N];
  mnv_track_output out[2 * N];
  int found = 0, n = 0;
  for (int i = 0; i < N; i++) {
    const float x = (float) (40 + (i % 10) * 185),
                y = (float) (40 + (i / 10) * 200);
    in[i] = (mnv_track_input){ { x, y, x + 60, y + 80 }, i % 5 };
  }
  for (int f = 0; f < frames; f++) {
    if (f % 5 == 0) {
      mnv_tracker_reset (tr); /* the same boxes: no drift across frames */
      mnv_tracker_update (tr, in, N, out, 2 * N);
      t[n++] = 0;
      continue;
    }
    const double t0 = now_us ();
    const int k = mnv_tracker_predict_motion (tr, motion, &p, out, 2 * N);
    t[n - 1] += now_us () - t0;
    /* Reported in the order created: out[i] is in[i]'s object, moved 2 px
     * right, 1 down per frame since its detection. */
    for (int i = 0; i < k && i < N; i++)
      found += fabsf (out[i].box[0] - in[i].box[0] - 2.0f * (f % 5)) < 0.5f &&
          fabsf (out[i].box[1] - in[i].box[1] - 1.0f * (f % 5)) < 0.5f;
  }
  qsort (t, (size_t) n, sizeof *t, cmp);
  printf ("50 objects, short-term image motion on the 4 predicted frames of "
          "5: min %.2f us, median %.2f us per predicted frame (followed: %d "
          "of %d)\n",
      t[0] / 4, t[n / 2] / 4, found, (frames - n) * N);
  mnv_tracker_free (tr);
  free (a);
  free (b);
}

int
main (int argc, char **argv)
{
  const int frames = argc > 1 ? atoi (argv[1]) : 2000;
  if (frames < 10)
    return 2;
  double *t = malloc ((size_t) frames * sizeof *t);
  for (int every = 1; every <= 5; every += 4) {
    mnv_tracker_options o;
    mnv_tracker_options_default (&o);
    mnv_tracker *tr = mnv_tracker_new (&o);
    mnv_track_input in[N];
    mnv_track_output out[2 * N];
    for (int f = 0; f < frames; f++) {
      for (int i = 0; i < N; i++) {
        const float x = (float) ((i % 10) * 190) +
            (float) ((f * (i % 7 + 1)) % 50) * 0.5f;
        const float y = (float) ((i / 10) * 210) +
            (float) ((f * (i % 5 + 1)) % 40) * 0.5f;
        in[i] = (mnv_track_input){ { x, y, x + 60, y + 80 }, i % 5 };
      }
      const double t0 = now_us ();
      if (f % every == 0)
        mnv_tracker_update (tr, in, N, out, 2 * N);
      else
        mnv_tracker_predict (tr, out, 2 * N);
      t[f] = now_us () - t0;
    }
    qsort (t, (size_t) frames, sizeof *t, cmp);
    printf ("50 objects, detector every %d frame(s): min %.2f us, median "
            "%.2f us per frame (%d tracks)\n",
        every, t[0], t[frames / 2], mnv_tracker_size (tr));
    mnv_tracker_free (tr);
  }
  bench_short_term (frames, t);
  free (t);
  return 0;
}
