/* mnv2: inspect and run .tflite models with the gst-mnv2 core.
 *
 *   mnv2 info MODEL
 *   mnv2 run MODEL INPUT.raw OUTPUT_PREFIX
 *   mnv2 classify MODEL INPUT.raw [--top K] [--labels FILE]
 *   mnv2 bench MODEL [--threads N] [--runs K] [--warmup W]
 *
 * INPUT.raw holds exactly the bytes of input tensor 0.  MNV2_ISA=ref forces
 * the reference kernels. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_stats.h"
#include "classifier.h"
#include "labels.h"
#include "mnv.h"

static int
usage (void)
{
  fprintf (stderr,
      "usage: mnv2 info MODEL\n"
      "       mnv2 run MODEL INPUT.raw OUTPUT_PREFIX\n"
      "       mnv2 classify MODEL INPUT.raw [--top K] [--labels FILE]\n"
      "       mnv2 bench MODEL [--threads N] [--runs K] [--warmup W]\n"
      "                  [--no-fuse | --compare-fusion | --compare-threads]\n"
      "       mnv2 bench-image MODEL --from WxH [--format nv12|i420|rgb|bgrx]\n"
      "                  [--mode stretch|letterbox|center-crop] [--runs K]\n"
      "                  [--frames K] [--replan] [--reference]\n"
      "INPUT.raw holds exactly the bytes of the model's input tensor 0.\n"
      "bench --compare-fusion alternates runs with and without fused blocks\n"
      "and prints each block's time beside its ops' time one by one, and\n"
      "the unfused summary line before the (fused) last line;\n"
      "--compare-threads alternates runs on 1 thread and on N (--threads N)\n"
      "and prints the 1-thread line and the speed-up before the last line.\n"
      "bench-image times a WxH frame to MODEL's input (pre-processing only).\n"
      "Environment: MNV2_ISA=ref forces the reference kernels; MNV2_FUSE=0\n"
      "runs every operator on its own.\n");
  return 2;
}

static int
fail (const mnv_error *err)
{
  fprintf (stderr, "mnv2: %s\n", err->message);
  return 1;
}

static void
print_tensor (int index, const mnv_tensor_info *t)
{
  printf ("  %d '%s' %s [", index, t->name, mnv_type_name (t->type));
  for (int d = 0; d < t->rank; d++)
    printf ("%s%d", d ? "," : "", t->dims[d]);
  printf ("] %zu bytes", t->bytes);
  if (t->scale > 0.0f)
    printf (", scale %.9g zero point %d", (double) t->scale, t->zero_point);
  printf ("\n");
}

/* Session options of THREADS threads: the library reads no environment;
 * the tool maps MNV2_FUSE=0 to no_fusion for every session it makes. */
static mnv_session_options
session_options (int threads)
{
  const char *fuse = getenv ("MNV2_FUSE");
  mnv_session_options o = { .threads = threads,
    .no_fusion = fuse && strcmp (fuse, "0") == 0 };
  return o;
}

/* The execution plan of a one-thread session: fused blocks and the arena,
 * against running every op on its own. */
static void
print_plan (mnv_model *m)
{
  mnv_session_options opts = session_options (1);
  mnv_session *s;
  mnv_error err;
  if (mnv_session_create (m, &opts, &s, &err) != MNV_OK) {
    printf ("plan: %s\n", err.message);
    return;
  }
  int n = mnv_session_num_fused_blocks (s);
  printf ("fused blocks (1 thread): %d\n", n);
  for (int i = 0, first, last, band, in_place; i < mnv_model_num_ops (m); i++) {
    int b = mnv_session_fused_block (s, i, &first, &last, &band, &in_place);
    if (b < 0 || i != first)
      continue;
    mnv_tensor_info o;
    mnv_model_op_output_info (m, last, &o);
    printf ("  block %d: ops %d-%d", b, first, last);
    for (int k = first; k <= last; k++)
      printf ("%s%s", k == first ? " " : " > ", mnv_model_op_name (m, k));
    printf (", %d rows of %d", o.dims[1], o.rank > 2 ? o.dims[2] : 1);
    for (int d = 3; d < o.rank; d++)
      printf ("x%d", o.dims[d]);
    printf (", %d per band%s\n", band, in_place ? ", in place" : "");
  }
  printf ("activation arena (1 thread): %zu bytes fused, %zu op by op\n",
      mnv_session_arena_bytes (s), mnv_model_arena_bytes (m));
  mnv_session_destroy (s);
  /* Several threads plan their blocks and band buffers per thread. */
  opts.threads = 2;
  if (mnv_session_create (m, &opts, &s, &err) == MNV_OK) {
    printf ("fused blocks (2 threads): %d, arena %zu bytes\n",
        mnv_session_num_fused_blocks (s), mnv_session_arena_bytes (s));
    mnv_session_destroy (s);
  }
}

static int
cmd_info (const char *path)
{
  mnv_model *m;
  mnv_error err;
  mnv_tensor_info t;

  if (mnv_model_open (path, NULL, &m, &err) != MNV_OK)
    return fail (&err);
  printf ("model: %s\nkernels: %s\ninputs:\n", path, mnv_isa_name ());
  for (int i = 0; i < mnv_model_num_inputs (m); i++) {
    mnv_model_input_info (m, i, &t);
    print_tensor (i, &t);
  }
  printf ("outputs:\n");
  for (int i = 0; i < mnv_model_num_outputs (m); i++) {
    mnv_model_output_info (m, i, &t);
    print_tensor (i, &t);
  }

  /* Op counts in order of first appearance. */
  int n = mnv_model_num_ops (m), kinds = 0;
  const char **names = calloc ((size_t) n, sizeof *names);
  int *counts = calloc ((size_t) n, sizeof *counts);
  for (int i = 0; names && counts && i < n; i++) {
    const char *name = mnv_model_op_name (m, i);
    int k = 0;
    while (k < kinds && strcmp (names[k], name) != 0)
      k++;
    if (k == kinds)
      names[kinds++] = name;
    counts[k]++;
  }
  printf ("ops: %d:", n);
  for (int k = 0; k < kinds; k++)
    printf (" %s x%d", names[k], counts[k]);
  printf ("\n");
  free (names);
  free (counts);

  for (int i = 0; i < mnv_model_num_outputs (m); i++) {
    mnv_model_output_info (m, i, &t);
    printf ("quantization of output %d: %s\n", i,
        t.scale > 0.0f ? (t.type == MNV_TYPE_INT8 ? "int8" : "uint8") :
                         "none (float)");
  }
  printf ("packed weights: %zu bytes\n", mnv_model_weight_bytes (m));
  print_plan (m);
  float mean[3], std[3];
  if (mnv_model_input_normalization (m, mean, std) == MNV_OK)
    printf ("input normalization (metadata): mean %g %g %g, std %g %g %g\n",
        (double) mean[0], (double) mean[1], (double) mean[2], (double) std[0],
        (double) std[1], (double) std[2]);
  if (mnv_model_num_labels (m))
    printf ("labels: %zu from embedded '%s' (first: '%s')\n",
        mnv_model_num_labels (m), mnv_model_labels_file (m),
        mnv_model_label (m, 0));
  else
    printf ("labels: none embedded\n");
  mnv_model_unref (m);
  return 0;
}

static void *
read_file (const char *path, size_t *size, mnv_error *err)
{
  FILE *f = fopen (path, "rb");
  long len;
  void *data = NULL;

  if (!f) {
    snprintf (err->message, sizeof err->message, "cannot open '%s': %s", path,
        strerror (errno));
    return NULL;
  }
  if (fseek (f, 0, SEEK_END) == 0 && (len = ftell (f)) >= 0 &&
      fseek (f, 0, SEEK_SET) == 0 && (data = malloc ((size_t) len + 1)) &&
      fread (data, 1, (size_t) len, f) == (size_t) len) {
    *size = (size_t) len;
  } else {
    snprintf (err->message, sizeof err->message, "cannot read '%s'", path);
    free (data);
    data = NULL;
  }
  fclose (f);
  return data;
}

/* Opens MODEL, feeds INPUT and runs it once. */
static int
load_and_run (const char *model_path, const char *input_path, mnv_model **m,
    mnv_session **s, mnv_error *err)
{
  size_t size;
  void *input;

  *m = NULL;
  *s = NULL;
  const mnv_session_options opts = session_options (1);
  if (mnv_model_open (model_path, NULL, m, err) != MNV_OK ||
      mnv_session_create (*m, &opts, s, err) != MNV_OK)
    return -1;
  if (!(input = read_file (input_path, &size, err)))
    return -1;
  mnv_status st = mnv_session_set_input (*s, 0, input, size, err);
  free (input);
  if (st != MNV_OK) {
    /* Name the file the size came from. */
    char msg[sizeof err->message];
    snprintf (msg, sizeof msg, "%.200s: %.300s", input_path, err->message);
    memcpy (err->message, msg, sizeof msg);
    return -1;
  }
  if (mnv_session_run (*s, err) != MNV_OK)
    return -1;
  return 0;
}

static int
cmd_run (const char *model_path, const char *input_path, const char *prefix)
{
  mnv_model *m;
  mnv_session *s;
  mnv_error err;
  int rc = 0;

  if (load_and_run (model_path, input_path, &m, &s, &err) != 0) {
    rc = fail (&err);
  } else {
    for (int i = 0; i < mnv_model_num_outputs (m) && rc == 0; i++) {
      size_t size;
      const void *data = mnv_session_output (s, i, &size);
      char *path = malloc (strlen (prefix) + 32);
      FILE *f;
      sprintf (path, "%s.%d.out", prefix, i);
      if (!(f = fopen (path, "wb")) || fwrite (data, 1, size, f) != size) {
        fprintf (stderr, "mnv2: cannot write '%s': %s\n", path,
            strerror (errno));
        rc = 1;
      }
      if (f && fclose (f) != 0)
        rc = 1;
      free (path);
    }
  }
  mnv_session_destroy (s);
  mnv_model_unref (m);
  return rc;
}

static int
cmd_classify (const char *model_path, const char *input_path, int top,
    const char *labels_path)
{
  mnv_model *m;
  mnv_session *s;
  mnv_error err;
  mnv_labels labels;
  int rc = 0;

  if (load_and_run (model_path, input_path, &m, &s, &err) != 0) {
    rc = fail (&err);
    goto out;
  }
  if (labels_path) {
    if (mnv_labels_load (labels_path, &labels, &err) != MNV_OK) {
      rc = fail (&err);
      goto out;
    }
  } else {
    mnv_labels_from_model (m, &labels);
  }

  mnv_tensor_info info;
  mnv_model_output_info (m, 0, &info);
  int cap = info.rank > 0 ? info.dims[info.rank - 1] : 0;
  float *scores = malloc ((size_t) (cap ? cap : 1) * sizeof *scores);
  mnv_class_result *best = malloc ((size_t) (top ? top : 1) * sizeof *best);
  int n = scores ? mnv_classifier_scores (s, m, 0, scores, cap) : -1;
  if (n < 0 || !best) {
    fprintf (stderr, "mnv2: output 0 (%s) is not a vector of class scores\n",
        mnv_type_name (info.type));
    rc = 1;
  } else {
    int k = mnv_classifier_top_k (scores, n, top, &labels, best);
    for (int i = 0; i < k; i++)
      printf ("%d\t%d\t%.6f\t%s\n", i + 1, best[i].index,
          (double) best[i].score, best[i].label ? best[i].label : "");
  }
  free (scores);
  free (best);
  mnv_labels_clear (&labels);
out:
  mnv_session_destroy (s);
  mnv_model_unref (m);
  return rc;
}

/* Feeds a fixed pseudo-random input to session S of model M. */
static void
set_bench_input (mnv_model *m, mnv_session *s)
{
  mnv_tensor_info in;
  mnv_error err;
  mnv_model_input_info (m, 0, &in);
  unsigned char *input = malloc (in.bytes);
  uint32_t seed = 12345;
  for (size_t i = 0; i < in.bytes; i++) {
    seed = seed * 1103515245u + 12345u;
    input[i] = (unsigned char) (seed >> 16);
  }
  if (in.type == MNV_TYPE_FLOAT32)
    for (size_t i = 0; i < in.bytes / 4; i++)
      ((float *) input)[i] = (float) input[i * 4] / 127.5f - 1.0f;
  mnv_session_set_input (s, 0, input, in.bytes, &err);
  free (input);
}

/* The per-op profile of S over RUNS runs: each op (a fused block's time on
 * its first op, its other ops marked), then per op type. */
static void
print_profile (mnv_model *m, mnv_session *s, int runs)
{
  const uint64_t *prof = mnv_session_profile (s);
  int n = mnv_model_num_ops (m);
  double op_total = 0.0;
  for (int i = 0; i < n; i++)
    op_total += (double) prof[i];
  if (op_total <= 0.0)
    op_total = 1.0;
  printf ("%4s  %-20s %-18s %9s %6s\n", "op", "type", "output", "ms", "%");
  for (int i = 0; i < n; i++) {
    mnv_tensor_info o;
    char shape[64] = "";
    int first, last;
    mnv_model_op_output_info (m, i, &o);
    for (int d = 0, len = 0; d < o.rank && len < 50; d++)
      len += snprintf (shape + len, sizeof shape - (size_t) len, "%s%d",
          d ? "x" : "", o.dims[d]);
    int b = mnv_session_fused_block (s, i, &first, &last, NULL, NULL);
    if (b >= 0 && i != first)
      printf ("%4d  %-20s %-18s %9s        (fused block %d)\n", i,
          mnv_model_op_name (m, i), shape, "", b);
    else if (b >= 0)
      printf ("%4d  %-20s %-18s %9.4f %6.2f  fused block %d: ops %d-%d\n", i,
          mnv_model_op_name (m, i), shape, (double) prof[i] / 1e6 / runs,
          100.0 * (double) prof[i] / op_total, b, first, last);
    else
      printf ("%4d  %-20s %-18s %9.4f %6.2f\n", i, mnv_model_op_name (m, i),
          shape, (double) prof[i] / 1e6 / runs,
          100.0 * (double) prof[i] / op_total);
  }
}

/* With --compare-fusion: each fused block's mean time in S beside the sum
 * of its ops' in the op-by-op session U (same runs, alternating). */
static void
print_block_comparison (mnv_model *m, mnv_session *s, mnv_session *u, int runs)
{
  const uint64_t *fp = mnv_session_profile (s), *up = mnv_session_profile (u);
  const int n = mnv_model_num_ops (m);
  double ft = 0.0, ut = 0.0;
  printf ("fused block vs its ops one by one (mean ms):\n");
  for (int i = 0; i < n; i++) {
    int first, last;
    const int b = mnv_session_fused_block (s, i, &first, &last, NULL, NULL);
    if (b < 0 || i != first)
      continue;
    double f = (double) fp[first] / 1e6 / runs, o = 0.0;
    for (int k = first; k <= last; k++)
      o += (double) up[k] / 1e6 / runs;
    ft += f;
    ut += o;
    printf ("  block %-3d ops %3d-%-3d %9.4f %9.4f %+6.1f %%\n", b, first, last,
        f, o, o > 0.0 ? 100.0 * (f - o) / o : 0.0);
  }
  printf ("  all blocks          %9.4f %9.4f %+6.1f %%\n", ft, ut,
      ut > 0.0 ? 100.0 * (ft - ut) / ut : 0.0);
  /* The ops outside blocks run the same kernels in both sessions: their
   * difference is what placement and host noise alone give. */
  double fo = 0.0, uo = 0.0;
  for (int i = 0; i < n; i++)
    if (mnv_session_fused_block (s, i, NULL, NULL, NULL, NULL) < 0) {
      fo += (double) fp[i] / 1e6 / runs;
      uo += (double) up[i] / 1e6 / runs;
    }
  printf ("  other ops           %9.4f %9.4f %+6.1f %%\n", fo, uo,
      uo > 0.0 ? 100.0 * (fo - uo) / uo : 0.0);
}

/* RUNS timed runs of S into TIMES (and of U into UTIMES when U is set);
 * the total of TIMES. */
static double
timed_runs (mnv_session *s, mnv_session *u, int runs, double *times,
    double *utimes)
{
  mnv_error err;
  double total = 0.0;
  for (int i = 0; i < runs; i++) {
    /* With two sessions, each goes first every other run: the first of a
     * pair meets the caches as the other left them. */
    const int u_first = u && (i & 1);
    double t0;
    if (u_first) {
      t0 = now_ms ();
      mnv_session_run (u, &err);
      utimes[i] = now_ms () - t0;
    }
    t0 = now_ms ();
    mnv_session_run (s, &err);
    times[i] = now_ms () - t0;
    total += times[i];
    if (u && !u_first) {
      t0 = now_ms ();
      mnv_session_run (u, &err);
      utimes[i] = now_ms () - t0;
    }
  }
  return total;
}

/* The profile of S summed per op type. */
static void
print_profile_by_type (mnv_model *m, mnv_session *s, int runs)
{
  printf ("by type:\n");
  const uint64_t *prof = mnv_session_profile (s);
  int n = mnv_model_num_ops (m);
  double op_total = 0.0;
  for (int i = 0; i < n; i++)
    op_total += (double) prof[i];
  for (int i = 0; i < n; i++) {
    const char *name = mnv_model_op_name (m, i);
    int seen = 0;
    for (int j = 0; j < i; j++)
      seen |= strcmp (mnv_model_op_name (m, j), name) == 0;
    if (seen)
      continue;
    double t = 0.0;
    int count = 0;
    for (int j = i; j < n; j++)
      if (strcmp (mnv_model_op_name (m, j), name) == 0) {
        t += (double) prof[j];
        count++;
      }
    printf ("  %-20s x%-3d %9.4f ms %6.2f %%\n", name, count, t / 1e6 / runs,
        op_total > 0 ? 100.0 * t / op_total : 0.0);
  }
}

/* Times K runs after W warm-up runs on a fixed pseudo-random input; prints
 * the per-op profile, then exactly one summary line, last.  FUSION: 1 fused
 * blocks, 0 none, 2 both, alternating run by run (the unfused summary
 * printed first), 3 fused on 1 thread and on THREADS alternating. */
static int
cmd_bench (const char *path, int threads, int runs, int warmup, int fusion)
{
  mnv_session_options opts = session_options (threads);
  opts.profile = 1;
  opts.no_fusion |= fusion == 0;
  mnv_session_options plain = session_options (fusion == 3 ? 1 : threads);
  plain.profile = fusion == 2;
  plain.no_fusion |= fusion == 2;
  mnv_model *m;
  mnv_session *s, *u = NULL;
  mnv_error err;

  if (mnv_model_open (path, NULL, &m, &err) != MNV_OK)
    return fail (&err);
  if (mnv_session_create (m, &opts, &s, &err) != MNV_OK ||
      (fusion >= 2 && mnv_session_create (m, &plain, &u, &err) != MNV_OK)) {
    mnv_session_destroy (s);
    mnv_model_unref (m);
    return fail (&err);
  }
  set_bench_input (m, s);
  if (u)
    set_bench_input (m, u);

  for (int i = 0; i < warmup; i++) {
    mnv_session_run (s, &err);
    if (u)
      mnv_session_run (u, &err);
  }
  mnv_session_profile_reset (s);
  if (u)
    mnv_session_profile_reset (u);
  double *times = malloc ((size_t) runs * sizeof *times), total = 0.0;
  double *utimes = malloc ((size_t) runs * sizeof *utimes);
  total = timed_runs (s, u, runs, times, utimes);

  print_profile (m, s, runs);
  print_profile_by_type (m, s, runs);
  if (mnv_session_num_fused_blocks (s))
    printf ("fused blocks: %d (their time is on their first op)\n",
        mnv_session_num_fused_blocks (s));
  if (fusion == 2)
    print_block_comparison (m, s, u, runs);
  printf ("runs=%d warmup=%d mean_ms=%.4f\n", runs, warmup, total / runs);
  const run_stats f = stats_of (times, runs);
  if (u) {
    const run_stats o = stats_of (utimes, runs);
    printf ("%s: min_ms=%.4f median_ms=%.4f peak_activation_bytes=%zu "
            "isa=%s threads=%d\n",
        fusion == 3 ? "1 thread" : "unfused", o.min, o.median,
        mnv_session_arena_bytes (u), mnv_isa_name (), mnv_session_threads (u));
    if (fusion == 3)
      printf ("speed-up of %d threads over 1: %.2fx (medians), %.2fx "
              "(minimums)\n",
          mnv_session_threads (s), o.median / f.median, o.min / f.min);
  }
  printf ("min_ms=%.4f median_ms=%.4f peak_activation_bytes=%zu isa=%s "
          "threads=%d\n",
      f.min, f.median, mnv_session_arena_bytes (s), mnv_isa_name (),
      mnv_session_threads (s));
  free (times);
  free (utimes);
  mnv_session_destroy (u);
  mnv_session_destroy (s);
  mnv_model_unref (m);
  return 0;
}

/* A whole number in [lo, hi] from S, or -1. */
static long
parse_count (const char *s, long lo, long hi)
{
  char *end;
  long v = strtol (s, &end, 10);
  return (*end || v < lo || v > hi) ? -1 : v;
}

int
main (int argc, char **argv)
{
  if (argc < 3)
    return usage ();
  if (strcmp (argv[1], "info") == 0 && argc == 3)
    return cmd_info (argv[2]);
  if (strcmp (argv[1], "run") == 0 && argc == 5)
    return cmd_run (argv[2], argv[3], argv[4]);
  if (strcmp (argv[1], "bench-image") == 0)
    return mnv2_bench_image (argc - 2, argv + 2);
  if (strcmp (argv[1], "bench") == 0) {
    long threads = 1, runs = 50, warmup = 5;
    int fusion = 1;
    for (int i = 3; i < argc; i++) {
      if (strcmp (argv[i], "--no-fuse") == 0 ||
          strcmp (argv[i], "--compare-fusion") == 0 ||
          strcmp (argv[i], "--compare-threads") == 0) {
        fusion = argv[i][2] == 'n' ? 0 : argv[i][10] == 'f' ? 2 : 3;
        continue;
      }
      long *target = strcmp (argv[i], "--threads") == 0 ? &threads :
          strcmp (argv[i], "--runs") == 0               ? &runs :
          strcmp (argv[i], "--warmup") == 0             ? &warmup :
                                                          NULL;
      if (!target || i + 1 >= argc ||
          (*target = parse_count (argv[++i], target == &runs ? 1 : 0, 100000)) <
              0)
        return usage ();
    }
    return cmd_bench (argv[2], (int) threads, (int) runs, (int) warmup, fusion);
  }
  if (strcmp (argv[1], "classify") == 0 && argc >= 4) {
    int top = 5;
    const char *labels = NULL;
    for (int i = 4; i < argc; i++) {
      char *end;
      if (strcmp (argv[i], "--top") == 0 && i + 1 < argc) {
        long v = strtol (argv[++i], &end, 10);
        if (*end || v < 1 || v > 100000) {
          fprintf (stderr, "mnv2: --top takes a number from 1 to 100000\n");
          return 2;
        }
        top = (int) v;
      } else if (strcmp (argv[i], "--labels") == 0 && i + 1 < argc) {
        labels = argv[++i];
      } else {
        return usage ();
      }
    }
    return cmd_classify (argv[2], argv[3], top, labels);
  }
  return usage ();
}
