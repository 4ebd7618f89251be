/* Hostile models: each broken file gives its own clear error, and no
 * truncation or random corruption of a valid file crashes the loader or a
 * run.  Meant to run under ASan+UBSan (see .ci/run). */
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mnv.h"
#include "test_util.h"

static mnv_status
load_and_maybe_run (const void *data, size_t size, mnv_error *err)
{
  return test_load_and_run (data, size, 64u << 20, err);
}

static void
test_manifest (void)
{
  char path[1024], line[512];
  snprintf (path, sizeof path, "%s/hostile/manifest.txt", test_models_dir ());
  FILE *f = fopen (path, "r");
  int cases = 0;
  CHECK (f != NULL, "cannot open %s", path);
  while (f && fgets (line, sizeof line, f)) {
    char *name = strtok (line, "\t"), *want = strtok (NULL, "\t"),
         *phrase = strtok (NULL, "\n");
    if (!name || !want || !phrase)
      continue;
    char file[1024];
    snprintf (file, sizeof file, "%s/hostile/%s.tflite", test_models_dir (),
        name);
    mnv_model *m = NULL;
    mnv_error err = { 0 };
    mnv_status st = mnv_model_open (file, NULL, &m, &err);
    CHECK (strcmp (test_status_tag (st), want) == 0,
        "%s: status %s, expected %s "
        "(%s)",
        name, test_status_tag (st), want, err.message);
    CHECK (st == MNV_OK || strstr (err.message, phrase),
        "%s: message '%s' lacks '%s'", name, err.message, phrase);
    CHECK (st == MNV_OK || strstr (err.message, name),
        "%s: message '%s' does not name the file", name, err.message);
    printf ("%-32s %-12s %s\n", name, test_status_tag (st), err.message);
    mnv_model_unref (m);

    /* The same bytes from memory give the same verdict. */
    size_t size;
    void *data = test_read_file (file, &size);
    st = mnv_model_open_memory (data, data ? size : 0, NULL, &m, &err);
    CHECK (strcmp (test_status_tag (st), want) == 0, "%s from memory: %s", name,
        test_status_tag (st));
    mnv_model_unref (m);
    free (data);
    cases++;
  }
  if (f)
    fclose (f);
  CHECK (cases >= 20, "only %d hostile cases", cases);
}

static void
put32 (uint8_t *p, uint32_t v)
{
  p[0] = (uint8_t) v;
  p[1] = (uint8_t) (v >> 8);
  p[2] = (uint8_t) (v >> 16);
  p[3] = (uint8_t) (v >> 24);
}

static uint32_t
get32 (const uint8_t *p)
{
  return p[0] | p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

/* Structural damage no generator would write: offsets and vtables that
 * point outside the file. */
static void
test_patches (const uint8_t *good, size_t size)
{
  uint8_t *b = malloc (size);
  mnv_model *m = NULL;
  mnv_error err;
  uint32_t root = get32 (good);

  struct {
    const char *what, *phrase;
    size_t at;
    uint32_t value;
  } cases[] = {
    { "root offset past the end", "outside the file", 0, (uint32_t) size + 8 },
    { "root offset huge", "outside the file", 0, 0xfffffff0u },
    { "vtable outside the file", "vtable", root, 0x7ffffff0u },
    { "vtable before the file", "vtable", root, 0x80000000u },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    memcpy (b, good, size);
    put32 (b + cases[i].at, cases[i].value);
    mnv_status st = mnv_model_open_memory (b, size, NULL, &m, &err);
    CHECK (st == MNV_ERR_FORMAT && strstr (err.message, cases[i].phrase),
        "%s: %s '%s'", cases[i].what, test_status_tag (st), err.message);
    printf ("%-32s %s\n", cases[i].what, err.message);
    mnv_model_unref (m);
  }

  /* A vtable claiming a table size beyond the file. */
  memcpy (b, good, size);
  size_t vt = root - (int32_t) get32 (good + root);
  b[vt + 2] = 0xff;
  b[vt + 3] = 0xff;
  mnv_status st = mnv_model_open_memory (b, size, NULL, &m, &err);
  CHECK (st == MNV_ERR_FORMAT, "oversized table: %s", test_status_tag (st));
  printf ("%-32s %s\n", "table larger than the file", err.message);
  mnv_model_unref (m);
  free (b);
}

static void
test_truncations (const uint8_t *good, size_t size, const char *name,
    size_t step)
{
  int errors = 0, loaded = 0;
  mnv_error err;
  for (size_t len = 0; len < size; len += step) {
    if (load_and_maybe_run (good, len, &err) == MNV_OK)
      loaded++;
    else
      errors++;
  }
  printf ("%s: %d truncations refused, %d still loaded\n", name, errors,
      loaded);
  CHECK (errors > 0, "no truncation of %s was refused", name);
}

/* The same corruption sequence on every run. */
static uint32_t rng_state = 2463534242u;

static uint32_t
rng (void)
{
  return test_xorshift (&rng_state);
}

static void
test_mutations (const uint8_t *good, size_t size, const char *name, int n)
{
  uint8_t *b = malloc (size);
  int refused = 0;
  mnv_error err;
  for (int i = 0; i < n; i++) {
    memcpy (b, good, size);
    int flips = 1 + (int) (rng () % 8);
    for (int j = 0; j < flips; j++) {
      size_t at = rng () % size;
      switch (rng () % 3) {
        case 0: b[at] ^= (uint8_t) (1u << (rng () % 8)); break;
        case 1: b[at] = (uint8_t) rng (); break;
        default: b[at] = (rng () & 1) ? 0xff : 0x00; break;
      }
    }
    refused += load_and_maybe_run (b, size, &err) != MNV_OK;
  }
  printf ("%s: %d of %d corrupted copies refused, the rest loaded and ran\n",
      name, refused, n);
  free (b);
}

/* Inputs that made a fuzz campaign find a bug (tests/data/synthetic/fuzz-*):
 * each must load and run, or fail with a message (under the sanitizers in
 * CI). */
static void
test_fuzz_regressions (void)
{
  DIR *d = opendir (MNV2_SYNTHETIC_DIR);
  struct dirent *e;
  int count = 0;
  CHECK (d != NULL, "cannot list %s", MNV2_SYNTHETIC_DIR);
  while (d && (e = readdir (d))) {
    /* fuzz-*: found by the fuzzers; security-*: crafted (SECURITY.md). */
    if (strncmp (e->d_name, "fuzz-", 5) != 0 &&
        strncmp (e->d_name, "security-", 9) != 0)
      continue;
    char path[1024];
    size_t size;
    mnv_error err;
    snprintf (path, sizeof path, "%s/%s", MNV2_SYNTHETIC_DIR, e->d_name);
    uint8_t *bytes = test_read_file (path, &size);
    CHECK (bytes != NULL, "cannot read %s", path);
    if (bytes) {
      mnv_status st = load_and_maybe_run (bytes, size, &err);
      printf ("%-40s %s\n", e->d_name,
          st == MNV_OK ? "loads and runs" : err.message);
    }
    free (bytes);
    count++;
  }
  if (d)
    closedir (d);
  CHECK (count > 0, "no fuzz regression inputs in %s", MNV2_SYNTHETIC_DIR);
}

int
main (void)
{
  const char *tiny[] = { "tiny_u8", "tiny_s8", "tiny_f32", "tiny_ssd" };

  test_manifest ();
  for (size_t i = 0; i < sizeof tiny / sizeof tiny[0]; i++) {
    char path[1024];
    size_t size;
    snprintf (path, sizeof path, "%s/%s.tflite", test_models_dir (), tiny[i]);
    uint8_t *good = test_read_file (path, &size);
    CHECK (good != NULL, "cannot read %s", path);
    if (!good)
      continue;
    mnv_error err;
    CHECK (load_and_maybe_run (good, size, &err) == MNV_OK, "%s: %s", tiny[i],
        err.message);
    if (i == 0)
      test_patches (good, size);
    test_truncations (good, size, tiny[i], 1);
    test_mutations (good, size, tiny[i], 3000);
    free (good);
  }

  test_fuzz_regressions ();

  /* A real model, when the data is there: truncations across the file. */
  const char *data = getenv ("MNV2_DATA_DIR");
  if (!data || !*data)
    data = MNV2_DATA_DIR_DEFAULT;
  size_t size;
  uint8_t *real = test_read_file (test_path (data, "models",
                                      "mobilenet_v2_1.0_224_quant.tflite"),
      &size);
  if (real) {
    test_truncations (real, size, "mobilenet_v2_1.0_224_quant", size / 40);
    free (real);
  } else {
    printf ("NOTE: real-model truncations skipped (no data at %s)\n", data);
  }
  return test_finish ("malformed models");
}
