/* The tracker's cost per frame with 50 objects (a benchmark: it asserts
 * nothing).  50 boxes of 5 classes moving at their own speeds, detected
 * every frame (update) or every 5th (update + 4 predictions); prints the
 * min and median microseconds per frame of each.
 * Usage: build/tests/tracker-bench [FRAMES] */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

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
  free (t);
  return 0;
}
