/* Timing for the mnv2 tool's benchmarks, and the commands that live in
 * files of their own. */
#ifndef MNV2_BENCH_STATS_H
#define MNV2_BENCH_STATS_H

/* Monotonic time in milliseconds. */
double now_ms (void);

/* Minimum and median of RUNS times; TIMES keeps its order (run order). */
typedef struct {
  double min, median;
} run_stats;

run_stats stats_of (const double *times, int runs);

/* mnv2 bench-image MODEL --from WxH ... (ARGV[0] is MODEL). */
int mnv2_bench_image (int argc, char **argv);

#endif
