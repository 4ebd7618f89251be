#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_stats.h"

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

double
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec / 1e6;
}

run_stats
stats_of (const double *times, int runs)
{
  double *sorted = malloc ((size_t) runs * sizeof *sorted);
  run_stats r = { 0.0, 0.0 };
  if (!sorted)
    return r;
  memcpy (sorted, times, (size_t) runs * sizeof *sorted);
  qsort (sorted, (size_t) runs, sizeof *sorted, cmp_double);
  r.min = sorted[0];
  r.median = runs % 2 ? sorted[runs / 2] :
                        (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
  free (sorted);
  return r;
}
