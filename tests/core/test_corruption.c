/* Corruption campaign on the real models of ../shared/models: truncations
 * spread over each file and copies with random bit flips and byte
 * overwrites, each loaded (1 GiB cap) and, when it loads, run once on
 * zeros.  Every outcome must be a clean error or a run: any crash or
 * sanitizer report fails (CI runs it under ASan+UBSan).
 *
 * CI runs a short form; the long campaign is the same binary with
 *   MNV2_CORRUPT_MUTATIONS=N MNV2_CORRUPT_TRUNCATIONS=N build/tests/test-corruption
 * and prints a numeric report (README "When a model is bad"). */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "mnv.h"
#include "test_util.h"

static uint32_t rng_state = 88172645u;

static uint32_t
rng (void)
{
  return test_xorshift (&rng_state);
}

static int
env_int (const char *name, int def)
{
  const char *v = getenv (name);
  return v && *v ? atoi (v) : def;
}

int
main (void)
{
  const char *data = test_data_dir_or_skip ("corruption campaign");
  const int mutations = env_int ("MNV2_CORRUPT_MUTATIONS", 12);
  const int truncations = env_int ("MNV2_CORRUPT_TRUNCATIONS", 8);
  char dir[1024];
  snprintf (dir, sizeof dir, "%s/models", data);
  DIR *d = opendir (dir);
  struct dirent *e;
  long total = 0, refused = 0, ran = 0;

  CHECK (d != NULL, "cannot list %s", dir);
  while (d && (e = readdir (d))) {
    const size_t len = strlen (e->d_name);
    if (len < 7 || strcmp (e->d_name + len - 7, ".tflite") != 0)
      continue;
    size_t size;
    char path[2048];
    snprintf (path, sizeof path, "%s/%s", dir, e->d_name);
    uint8_t *good = test_read_file (path, &size);
    CHECK (good != NULL && size > 0, "cannot read %s", path);
    if (!good)
      continue;
    uint8_t *b = malloc (size);
    int file_refused = 0, file_ran = 0;
    mnv_error err;
    for (int t = 0; t < truncations; t++) {
      const size_t cut = (size_t) (((double) t + 0.5) / truncations *
          (double) size);
      if (test_load_and_run (good, cut, 1u << 30, &err) == MNV_OK)
        file_ran++;
      else
        file_refused++;
    }
    for (int i = 0; i < mutations; i++) {
      memcpy (b, good, size);
      const int edits = 1 + (int) (rng () % 16);
      for (int j = 0; j < edits; j++) {
        /* Half the edits in the first 64 KiB, where the structure is. */
        const size_t at = (rng () & 1) ?
            rng () % (size < 65536 ? size : 65536) :
            rng () % size;
        switch (rng () % 3) {
          case 0: b[at] ^= (uint8_t) (1u << (rng () % 8)); break;
          case 1: b[at] = (uint8_t) rng (); break;
          default: b[at] = (rng () & 1) ? 0xff : 0x00; break;
        }
      }
      if (test_load_and_run (b, size, 1u << 30, &err) == MNV_OK)
        file_ran++;
      else
        file_refused++;
    }
    printf ("%-52s %5d refused with a message, %5d loaded and ran\n", e->d_name,
        file_refused, file_ran);
    total += truncations + mutations;
    refused += file_refused;
    ran += file_ran;
    free (b);
    free (good);
  }
  if (d)
    closedir (d);
  printf ("corrupted_files=%ld refused=%ld loaded_and_ran=%ld crashes=0\n",
      total, refused, ran);
  CHECK (total > 0, "no models in %s", dir);
  return test_finish ("corruption campaign");
}
