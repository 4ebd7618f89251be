/* Minimal helpers shared by the C tests (exit 0 pass, 1 fail, 77 skip). */
#ifndef MNV_TEST_UTIL_H
#define MNV_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mnv.h"

extern int test_failures;

#define CHECK(cond, ...) \
  do { \
    if (!(cond)) { \
      test_failures++; \
      fprintf (stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
      fprintf (stderr, __VA_ARGS__); \
      fputc ('\n', stderr); \
    } \
  } while (0)

/* $MNV2_DATA_DIR, else the build's default (../shared beside the source).
 * Exits 77 (meson: SKIP) with a loud message when it does not exist. */
const char *test_data_dir_or_skip (const char *test_name);
/* The same without exiting: NULL (after the loud SKIP line) when the data
 * is not there. */
const char *test_data_dir_or_null (const char *test_name);
/* A path joined from parts (static buffer, overwritten by the next call). */
const char *test_path (const char *a, const char *b, const char *c);
/* Whole file, or NULL. */
void *test_read_file (const char *path, size_t *size);
/* Directory of the generated tiny models (build tree). */
const char *test_models_dir (void);
/* A 24-bit BMP as top-down RGB (malloc'd), or NULL.  8-bit (palettized)
 * BMPs give the palette index in all three channels. */
unsigned char *test_load_bmp (const char *path, int *width, int *height);
/* The model at PATH and a session on it with OPTS (NULL: defaults).  On
 * failure reports it as a failed check and returns NULL, *MODEL NULL. */
mnv_session *test_open_session (const char *path,
    const mnv_session_options *opts, mnv_model **model);
/* Loads the model in DATA (resource cap MAX_BYTES); when it loads, runs it
 * once on zeros.  Any outcome but a crash is fine; an error must come with
 * a message (else a failed check).  Returns the load status. */
mnv_status test_load_and_run (const void *data, size_t size, size_t max_bytes,
    mnv_error *err);
/* xorshift32: the same pseudo-random sequence on every run from STATE. */
uint32_t test_xorshift (uint32_t *state);
/* The enum's name of ST without the prefix ("FORMAT", "LIMIT", ...): the
 * hostile manifests' words. */
const char *test_status_tag (mnv_status st);
/* Prints a summary and returns the exit code. */
int test_finish (const char *test_name);

#endif
