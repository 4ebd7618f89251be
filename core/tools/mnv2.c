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
      "INPUT.raw holds exactly the bytes of the model's input tensor 0.\n"
      "Environment: MNV2_ISA=ref forces the reference kernels.\n");
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
    printf ("quantization of output %d: %s\n", i, t.scale > 0.0f ?
        (t.type == MNV_TYPE_INT8 ? "int8" : "uint8") : "none (float)");
  }
  printf ("packed weights: %zu bytes\nactivation arena: %zu bytes\n",
      mnv_model_weight_bytes (m), mnv_model_arena_bytes (m));
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
    snprintf (err->message, sizeof err->message, "cannot open '%s': %s",
        path, strerror (errno));
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
load_and_run (const char *model_path, const char *input_path,
    mnv_model **m, mnv_session **s, mnv_error *err)
{
  size_t size;
  void *input;

  *m = NULL;
  *s = NULL;
  if (mnv_model_open (model_path, NULL, m, err) != MNV_OK ||
      mnv_session_create (*m, NULL, s, err) != MNV_OK)
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

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec / 1e6;
}

/* Times K runs after W warm-up runs on a fixed pseudo-random input; prints
 * the per-op profile, then exactly one summary line, last. */
static int
cmd_bench (const char *path, int threads, int runs, int warmup)
{
  mnv_session_options opts = { threads, 0, 1 };
  mnv_model *m;
  mnv_session *s;
  mnv_error err;
  mnv_tensor_info in;

  if (mnv_model_open (path, NULL, &m, &err) != MNV_OK)
    return fail (&err);
  if (mnv_session_create (m, &opts, &s, &err) != MNV_OK) {
    mnv_model_unref (m);
    return fail (&err);
  }
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

  for (int i = 0; i < warmup; i++)
    mnv_session_run (s, &err);
  mnv_session_profile_reset (s);
  double *times = malloc ((size_t) runs * sizeof *times), total = 0.0;
  for (int i = 0; i < runs; i++) {
    double t0 = now_ms ();
    mnv_session_run (s, &err);
    times[i] = now_ms () - t0;
    total += times[i];
  }
  qsort (times, (size_t) runs, sizeof *times, cmp_double);

  /* Per op, then per op type, as average ms per run and share. */
  const uint64_t *prof = mnv_session_profile (s);
  int n = mnv_model_num_ops (m);
  double op_total = 0.0;
  for (int i = 0; i < n; i++)
    op_total += (double) prof[i];
  printf ("%4s  %-20s %-18s %9s %6s\n", "op", "type", "output", "ms", "%");
  for (int i = 0; i < n; i++) {
    mnv_tensor_info o;
    char shape[64] = "";
    mnv_model_op_output_info (m, i, &o);
    for (int d = 0, len = 0; d < o.rank && len < 50; d++)
      len += snprintf (shape + len, sizeof shape - (size_t) len, "%s%d",
          d ? "x" : "", o.dims[d]);
    printf ("%4d  %-20s %-18s %9.4f %6.2f\n", i, mnv_model_op_name (m, i),
        shape, (double) prof[i] / 1e6 / runs,
        100.0 * (double) prof[i] / op_total);
  }
  printf ("by type:\n");
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
    printf ("  %-20s x%-3d %9.4f ms %6.2f %%\n", name, count,
        t / 1e6 / runs, 100.0 * t / op_total);
  }
  printf ("runs=%d warmup=%d mean_ms=%.4f\n", runs, warmup, total / runs);
  printf ("min_ms=%.4f median_ms=%.4f peak_activation_bytes=%zu isa=%s "
      "threads=%d\n", times[0], runs % 2 ? times[runs / 2] :
      (times[runs / 2 - 1] + times[runs / 2]) / 2, mnv_model_arena_bytes (m),
      mnv_isa_name (), mnv_session_threads (s));
  free (times);
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
  if (strcmp (argv[1], "bench") == 0) {
    long threads = 1, runs = 50, warmup = 5;
    for (int i = 3; i < argc; i++) {
      long *target = strcmp (argv[i], "--threads") == 0 ? &threads :
          strcmp (argv[i], "--runs") == 0 ? &runs :
          strcmp (argv[i], "--warmup") == 0 ? &warmup : NULL;
      if (!target || i + 1 >= argc ||
          (*target = parse_count (argv[++i], target == &runs ? 1 : 0,
                  100000)) < 0)
        return usage ();
    }
    return cmd_bench (argv[2], (int) threads, (int) runs, (int) warmup);
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
