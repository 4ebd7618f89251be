/* The differential fuzzer's runner (issue: security): every model of a
 * folder written by tests/tools/gen_random_graphs.py, with the kernel set
 * MNV2_ISA picks.
 *
 * Each model the manifest says must run is run op by op with every tensor
 * in its own memory (the reference), then fused and with in-place blocks on
 * 1, 2 and 3 threads with forced band heights of 1, 2 and 3 rows, the band
 * buffers allocated apart (fuse_guard, for the sanitizers): every variant
 * must give the reference's bytes.  The reference outputs go to
 * OUTDIR/NAME.out (per output: type byte, 32-bit size, the bytes) for
 * tests/tools/diff_fuzz.py to compare across kernel sets.  A model the
 * manifest says must be refused must fail with that status and a message.
 *
 * Usage: diff-runner DIR OUTDIR.  Prints "isa NAME" first; exit 0 when
 * nothing was found, 1 otherwise. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mnv.h"
#include "test_util.h"

static int findings;

#define FINDING(...) \
  do { \
    findings++; \
    printf ("FINDING "); \
    printf (__VA_ARGS__); \
    putchar ('\n'); \
  } while (0)

static uint32_t
hash (const char *s)
{
  uint32_t h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (uint8_t) *s) * 16777619u;
  return h ? h : 1;
}

static uint32_t
xorshift (uint32_t *s)
{
  *s ^= *s << 13;
  *s ^= *s >> 17;
  *s ^= *s << 5;
  return *s;
}

/* One run of MODEL with OPTS on inputs seeded by SEED; the outputs
 * concatenated (malloc'd, *SIZE bytes), or NULL.  *BLOCKS: fused blocks. */
static uint8_t *
run (mnv_model *model, const mnv_session_options *opts, uint32_t seed,
    size_t *size, int *blocks, const char *name, const char *what)
{
  mnv_session *s;
  mnv_error err;
  if (mnv_session_create (model, opts, &s, &err) != MNV_OK) {
    FINDING ("%s (%s): no session: %s", name, what, err.message);
    return NULL;
  }
  for (int i = 0; i < mnv_model_num_inputs (model); i++) {
    mnv_tensor_info in;
    mnv_model_input_info (model, i, &in);
    uint8_t *data = malloc (in.bytes ? in.bytes : 1);
    uint32_t st = seed + (uint32_t) i;
    for (size_t k = 0; k < in.bytes; k++)
      data[k] = (uint8_t) xorshift (&st);
    if (in.type == MNV_TYPE_FLOAT32)
      for (size_t k = 0; k < in.bytes / 4; k++) {
        const float v = (float) (xorshift (&st) % 4001) / 1000.0f - 2.0f;
        memcpy (data + 4 * k, &v, 4);
      }
    if (mnv_session_set_input (s, i, data, in.bytes, &err) != MNV_OK)
      FINDING ("%s (%s): input %d: %s", name, what, i, err.message);
    free (data);
  }
  if (mnv_session_run (s, &err) != MNV_OK) {
    FINDING ("%s (%s): run: %s", name, what, err.message);
    mnv_session_destroy (s);
    return NULL;
  }
  size_t total = 0;
  for (int i = 0; i < mnv_model_num_outputs (model); i++) {
    size_t n;
    mnv_session_output (s, i, &n);
    total += 5 + n;
  }
  uint8_t *all = malloc (total ? total : 1), *p = all;
  for (int i = 0; i < mnv_model_num_outputs (model); i++) {
    mnv_tensor_info info;
    size_t n;
    const void *o = mnv_session_output (s, i, &n);
    mnv_model_output_info (model, i, &info);
    const uint32_t n32 = (uint32_t) n;
    *p++ = (uint8_t) info.type;
    memcpy (p, &n32, 4);
    memcpy (p + 4, o, n);
    p += 4 + n;
  }
  *size = total;
  *blocks = mnv_session_num_fused_blocks (s);
  mnv_session_destroy (s);
  return all;
}

/* The model NAME must run, and every variant must match op by op. */
static int
check_model (mnv_model *m, const char *name, const char *outdir)
{
  const mnv_session_options ref_opts = { .threads = 1, .no_fusion = 1 };
  static const struct {
    const char *what;
    mnv_session_options o;
  } variants[] = {
    /* fuse_guard: band buffers of their own, so that ASan sees a write
     * past one (in the arena it lands in a neighbour, unseen). */
    { "fused, 1 thread", { .threads = 1, .fuse_guard = 1 } },
    { "fused, 1 thread, in the arena", { .threads = 1 } },
    { "fused, 2 threads", { .threads = 2, .fuse_guard = 1 } },
    { "fused, 3 threads", { .threads = 3, .fuse_guard = 1 } },
    { "op by op, 2 threads", { .threads = 2, .no_fusion = 1 } },
    { "band 1", { .threads = 1, .fuse_band = 1, .fuse_guard = 1 } },
    { "band 2, in place",
        { .threads = 1, .fuse_band = 2, .fuse_in_place = 1, .fuse_guard = 1 } },
    { "band 3, 2 threads", { .threads = 2, .fuse_band = 3, .fuse_guard = 1 } },
    { "band 1, 3 threads, in place",
        { .threads = 3, .fuse_band = 1, .fuse_in_place = 1, .fuse_guard = 1 } },
  };
  const uint32_t seed = hash (name);
  size_t ref_size;
  int blocks, fused = 0;
  uint8_t *ref = run (m, &ref_opts, seed, &ref_size, &blocks, name, "op by op");
  if (!ref)
    return 0;
  for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
    size_t size;
    uint8_t *out = run (m, &variants[v].o, seed, &size, &blocks, name,
        variants[v].what);
    if (out && (size != ref_size || memcmp (out, ref, size) != 0))
      FINDING ("%s: %s differs from op by op", name, variants[v].what);
    fused += blocks;
    free (out);
  }
  char path[4096];
  snprintf (path, sizeof path, "%s/%s.out", outdir, name);
  FILE *f = fopen (path, "wb");
  if (!f || fwrite (ref, 1, ref_size, f) != ref_size)
    FINDING ("%s: cannot write %s", name, path);
  if (f)
    fclose (f);
  free (ref);
  return fused;
}

int
main (int argc, char **argv)
{
  if (argc != 3) {
    fprintf (stderr, "usage: %s DIR OUTDIR\n", argv[0]);
    return 2;
  }
  char path[4096], line[512];
  snprintf (path, sizeof path, "%s/manifest.txt", argv[1]);
  FILE *manifest = fopen (path, "r");
  if (!manifest) {
    fprintf (stderr, "cannot read %s\n", path);
    return 2;
  }
  /* Line by line: what was printed survives a crash (the driver reports
   * the crash with the model being run). */
  setvbuf (stdout, NULL, _IOLBF, 0);
  printf ("isa %s\n", mnv_isa_name ());
  int models = 0, ran = 0, refused = 0, with_blocks = 0;
  while (fgets (line, sizeof line, manifest)) {
    char name[256], expect[64], status[64] = "";
    if (sscanf (line, "%255s %63s %63s", name, expect, status) < 2)
      continue;
    models++;
    snprintf (path, sizeof path, "%s/%s.tflite", argv[1], name);
    printf ("model %s\n", name);
    mnv_model *m;
    mnv_error err;
    err.message[0] = '\0';
    const mnv_status st = mnv_model_open (path, NULL, &m, &err);
    if (strcmp (expect, "refuse") == 0) {
      if (st == MNV_OK) {
        FINDING ("%s: loaded, but must be refused (%s)", name, status);
        mnv_model_unref (m);
      } else if (strcmp (test_status_tag (st), status) != 0 ||
          !err.message[0]) {
        FINDING ("%s: refused as %s ('%s'), not %s", name, test_status_tag (st),
            err.message, status);
      } else {
        refused++;
        printf ("%s: refused: %s\n", name, err.message);
      }
      continue;
    }
    if (st != MNV_OK) {
      FINDING ("%s: a valid graph was refused: %s", name, err.message);
      continue;
    }
    const int fused = check_model (m, name, argv[2]);
    with_blocks += fused > 0;
    ran++;
    mnv_model_unref (m);
  }
  fclose (manifest);
  printf ("%d models: %d ran (%d with fused blocks), %d refused as "
          "expected, %d findings\n",
      models, ran, with_blocks, refused, findings);
  return findings ? 1 : 0;
}
