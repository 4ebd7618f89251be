/* Fused inverted-residual blocks (issue: memory-efficient inference).
 *
 * - Every model in ../shared/models and every generated test model gives
 *   the same bytes fused as op by op with every tensor in its own memory:
 *   1, 2 and 3 threads (row ranges that start inside the image), forced
 *   band heights of 1, 2 and 3 rows (the expanded-row buffer at every
 *   offset, stride 1 and 2, dilated depthwise), blocks in place; and op by
 *   op with the in-place adds of no_fusion sessions.
 *   Quick runs (MNV2_TEST_QUICK: emulation, the other kernel sets) take
 *   fewer variants and models.
 * - The planned arena of mobilenet_v2_1.0_224_quant, on one thread and on
 *   two, is within the paper's 400 KiB.
 * - A session whose allocator fails at any one of its allocations reports
 *   MNV_ERR_NOMEM with a message and leaves nothing allocated; a run
 *   allocates nothing. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#define PAPER_PEAK_BYTES 409600

static void *
random_input (const mnv_tensor_info *in, uint32_t seed)
{
  unsigned char *data = malloc (in->bytes ? in->bytes : 1);
  for (size_t i = 0; i < in->bytes; i++)
    data[i] = (unsigned char) test_xorshift (&seed);
  if (in->type == MNV_TYPE_FLOAT32)
    for (size_t i = 0; i < in->bytes / 4; i++)
      ((float *) data)[i] = (float) (test_xorshift (&seed) % 2001) / 1000.0f -
          1.0f;
  return data;
}

/* Runs MODEL once with OPTS on the fixed input; the outputs concatenated
 * (malloc'd, *SIZE bytes), or NULL.  *BLOCKS: fused blocks. */
static unsigned char *
run_once (mnv_model *model, const mnv_session_options *opts, size_t *size,
    int *blocks)
{
  mnv_session *s;
  mnv_error err;
  if (mnv_session_create (model, opts, &s, &err) != MNV_OK) {
    CHECK (0, "session: %s", err.message);
    return NULL;
  }
  for (int i = 0; i < mnv_model_num_inputs (model); i++) {
    mnv_tensor_info in;
    mnv_model_input_info (model, i, &in);
    void *data = random_input (&in, 1234u + (uint32_t) i);
    CHECK (mnv_session_set_input (s, i, data, in.bytes, &err) == MNV_OK,
        "input: %s", err.message);
    free (data);
  }
  CHECK (mnv_session_run (s, &err) == MNV_OK, "run: %s", err.message);
  size_t total = 0;
  for (int i = 0; i < mnv_model_num_outputs (model); i++) {
    size_t n;
    mnv_session_output (s, i, &n);
    total += n;
  }
  unsigned char *all = malloc (total ? total : 1), *p = all;
  for (int i = 0; i < mnv_model_num_outputs (model); i++) {
    size_t n;
    const void *o = mnv_session_output (s, i, &n);
    memcpy (p, o, n);
    p += n;
  }
  *size = total;
  *blocks = mnv_session_num_fused_blocks (s);
  mnv_session_destroy (s);
  return all;
}

/* MNV2_TEST_QUICK: 0 the full sweep, 1 under emulation and for the other
 * kernel sets, 2 for the plain C kernels (slowest under the sanitizers). */
static int
quick_level (void)
{
  const char *q = getenv ("MNV2_TEST_QUICK");
  return q ? atoi (q) : 0;
}

/* Fused == unfused for the model at PATH; returns its fused block count. */
static int
check_model (const char *path)
{
  mnv_model *model;
  mnv_error err;
  if (mnv_model_open (path, NULL, &model, &err) != MNV_OK) {
    CHECK (0, "%s: %s", path, err.message);
    return 0;
  }
  /* The reference: every tensor in its own memory, op by op. */
  mnv_session_options plain = { .threads = 1, .keep_intermediates = 1 };
  size_t ref_size;
  int blocks = 0, none;
  unsigned char *ref = run_once (model, &plain, &ref_size, &none);
  CHECK (none == 0, "%s: a keep_intermediates session fused %d blocks", path,
      none);

  /* threads 0: op by op with in-place adds (no_fusion); band -1: residual
   * blocks in place (fuse_in_place; the planner keeps that only
   * where it lowers the peak, which none of our models' blocks do). */
  static const struct {
    int threads, band;
  } variants[] = {
    { 1, 0 },
    { 2, 0 },
    { 1, -1 },
    { 0, 0 },
    { 3, 0 },
    { 1, 1 },
    { 1, 2 },
    { 1, 3 },
    { 2, 1 },
  };
  /* MNV2_TEST_QUICK=1 (emulation, the other kernel sets): the first four;
   * 2 (the plain C kernels): the first two. */
  const size_t n_variants = quick_level () == 2 ? 2 :
      quick_level ()                            ? 4 :
                       sizeof variants / sizeof variants[0];
  for (size_t v = 0; ref && v < n_variants; v++) {
    mnv_session_options fused = { .threads = variants[v].threads,
      .fuse_band = variants[v].band > 0 ? variants[v].band : 0,
      .fuse_in_place = variants[v].band < 0 };
    if (variants[v].threads == 0) {
      fused.threads = 1;
      fused.no_fusion = 1;
    }
    size_t size;
    int n;
    unsigned char *out = run_once (model, &fused, &size, &n);
    if (variants[v].threads == 1 && !variants[v].band)
      blocks = n;
    if (out) {
      size_t diff = 0;
      for (size_t i = 0; size == ref_size && i < size; i++)
        diff += out[i] != ref[i];
      CHECK (size == ref_size && diff == 0,
          "%s: threads %d band %d (%d blocks; threads 0: no_fusion): %zu of "
          "%zu output bytes differ from the op-by-op run",
          path, variants[v].threads, variants[v].band, n, diff, ref_size);
    }
    free (out);
  }
  printf ("%-60s %3d fused blocks, identical\n", strrchr (path, '/') + 1,
      blocks);
  free (ref);
  mnv_model_unref (model);
  return blocks;
}

/* In the quick runs the slowest models are left to the full one; the
 * others cover the same block shapes (float: mobilenet_v2_1.0_224_float,
 * dilation and the head: deeplabv3_mnv2_dm05, which level 2 leaves out
 * too). */
static int
too_slow_emulated (const char *name)
{
  static const char *const slow[] = {
    "ssdlite_synth_float.tflite",
    "ssdlite_synth_float_raw.tflite",
    "ssd_mobilenet_v2_fpnlite_320x320_coco17_dynamic.tflite",
    "deeplabv3_mnv2_pascal_quant.tflite",
    "deeplabv3_mnv2_dm05_pascal_quant.tflite",
  };
  const int level = quick_level ();
  const size_t n = level >= 2 ? 5 : level ? 4 : 0;
  for (size_t i = 0; i < n; i++)
    if (strcmp (name, slow[i]) == 0)
      return 1;
  return 0;
}

/* Every .tflite directly in DIR; returns how many. */
static int
check_dir (const char *dir, int *with_blocks)
{
  DIR *d = opendir (dir);
  struct dirent *e;
  char **names = NULL;
  int n = 0;
  if (!d)
    return 0;
  while ((e = readdir (d))) {
    size_t len = strlen (e->d_name);
    if (len > 7 && strcmp (e->d_name + len - 7, ".tflite") == 0 &&
        !too_slow_emulated (e->d_name)) {
      names = realloc (names, (size_t) (n + 1) * sizeof *names);
      names[n++] = strdup (e->d_name);
    }
  }
  closedir (d);
  for (int i = 0; i < n; i++) {
    *with_blocks += check_model (test_path (dir, names[i], NULL)) > 0;
    free (names[i]);
  }
  free (names);
  return n;
}

/* An allocator that fails call number FAIL_AT (counting from 0; -1:
 * never) and counts what is outstanding. */
typedef struct {
  int calls, fail_at, live;
} counting;

static void *
counting_alloc (size_t size, void *user)
{
  counting *c = user;
  if (c->calls++ == c->fail_at)
    return NULL;
  void *p = malloc (size);
  c->live += p != NULL;
  return p;
}

static void
counting_release (void *ptr, void *user)
{
  counting *c = user;
  c->live--;
  free (ptr);
}

static void
check_failing_allocator (const char *path)
{
  mnv_model *model;
  mnv_error err;
  if (mnv_model_open (path, NULL, &model, &err) != MNV_OK) {
    CHECK (0, "%s: %s", path, err.message);
    return;
  }
  counting c = { 0, -1, 0 };
  mnv_allocator a = { counting_alloc, counting_release, &c };
  int failures = 0;
  for (int threads = 1; threads <= 2; threads++) {
    for (int at = 0;; at++) {
      mnv_session_options o = { .threads = threads, .allocator = &a };
      mnv_session *s = NULL;
      c.calls = 0;
      c.fail_at = at;
      c.live = 0;
      err.message[0] = 0;
      mnv_status st = mnv_session_create (model, &o, &s, &err);
      if (st == MNV_OK) {
        /* Created: from now on nothing may be allocated by a run. */
        c.fail_at = -1;
        int before = c.calls;
        mnv_tensor_info in;
        mnv_model_input_info (model, 0, &in);
        void *data = random_input (&in, 7);
        mnv_session_set_input (s, 0, data, in.bytes, &err);
        free (data);
        CHECK (mnv_session_run (s, &err) == MNV_OK, "run: %s", err.message);
        CHECK (c.calls == before, "a run allocated %d times", c.calls - before);
        CHECK (mnv_session_num_fused_blocks (s) > 0, "no fused block");
        mnv_session_destroy (s);
        CHECK (c.live == 0, "%d allocations left after destroy", c.live);
        printf ("threads %d: %d allocations, each made to fail in turn: "
                "clean errors\n",
            threads, at);
        break;
      }
      failures++;
      CHECK (st == MNV_ERR_NOMEM && s == NULL && err.message[0],
          "allocation %d failing gave status %d, session %p, message '%s'", at,
          st, (void *) s, err.message);
      CHECK (c.live == 0, "allocation %d failing left %d allocations", at,
          c.live);
      if (at > 10000) {
        CHECK (0, "session creation never succeeds");
        break;
      }
    }
  }
  CHECK (failures > 5, "only %d allocations tried", failures);
  mnv_model_unref (model);
}

/* The paper's figure holds on one thread and on two (each thread has its
 * own band buffers, the element's "threads" property may ask for them). */
static void
check_paper_peak (const char *path)
{
  mnv_model *model;
  mnv_error err;
  if (mnv_model_open (path, NULL, &model, &err) != MNV_OK) {
    CHECK (0, "%s: %s", path, err.message);
    return;
  }
  for (int threads = 1; threads <= 2; threads++) {
    mnv_session_options fused = { .threads = threads };
    mnv_session_options plain = { .threads = threads, .no_fusion = 1 };
    mnv_session *s = NULL, *u = NULL;
    if (mnv_session_create (model, &fused, &s, &err) != MNV_OK ||
        mnv_session_create (model, &plain, &u, &err) != MNV_OK) {
      CHECK (0, "session: %s", err.message);
      mnv_session_destroy (s);
      break;
    }
    size_t f = mnv_session_arena_bytes (s), p = mnv_session_arena_bytes (u);
    printf ("mobilenet_v2_1.0_224_quant arena, %d thread(s): fused %zu "
            "bytes, unfused %zu (target %d)\n",
        threads, f, p, PAPER_PEAK_BYTES);
    CHECK (f <= PAPER_PEAK_BYTES,
        "%d thread(s): fused arena %zu bytes "
        "exceeds %d",
        threads, f, PAPER_PEAK_BYTES);
    CHECK (p > f, "fusion saves nothing");
    /* The arena holds the input and output tensors too. */
    mnv_tensor_info in, out;
    mnv_model_input_info (model, 0, &in);
    mnv_model_output_info (model, 0, &out);
    CHECK (f >= in.bytes + out.bytes, "arena smaller than input + output");
    mnv_session_destroy (u);
    mnv_session_destroy (s);
  }
  mnv_model_unref (model);
}

int
main (void)
{
  int with_blocks = 0;
  setvbuf (stdout, NULL, _IOLBF, 0); /* progress in the test log */
  int n = check_dir (test_models_dir (), &with_blocks);
  CHECK (n > 0, "no generated test models in %s", test_models_dir ());
  const char *data = test_data_dir_or_skip ("fusion");
  const char *models = strdup (test_path (data, "models", NULL));
  n = check_dir (models, &with_blocks);
  CHECK (n >= 4, "only %d models in %s", n, models);
  CHECK (with_blocks >= 4, "only %d models have fused blocks", with_blocks);
  check_paper_peak (
      test_path (models, "mobilenet_v2_1.0_224_quant.tflite", NULL));
  check_failing_allocator (
      test_path (models, "mobilenet_v2_1.0_224_quant.tflite", NULL));
  free ((void *) models);
  return test_finish ("fusion");
}
