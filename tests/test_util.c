#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mnv.h"
#include "test_util.h"

int test_failures;

const char *
test_data_dir_or_skip (const char *test_name)
{
  const char *dir = test_data_dir_or_null (test_name);
  if (!dir)
    exit (77);
  return dir;
}

const char *
test_data_dir_or_null (const char *test_name)
{
  /* Runs pinned to one kernel set skip where the CPU lacks it. */
  const char *isa = getenv ("MNV2_REQUIRE_ISA");
  if (isa && *isa && strcmp (isa, mnv_isa_name ()) != 0) {
    printf ("SKIP %s: this CPU does not run the %s kernels (best: %s)\n",
        test_name, isa, mnv_isa_name ());
    fflush (stdout);
    exit (77);
  }
  const char *dir = getenv ("MNV2_DATA_DIR");
  struct stat sb;
  if (!dir || !*dir)
    dir = MNV2_DATA_DIR_DEFAULT;
  if (stat (test_path (dir, "models", NULL), &sb) != 0 ||
      !S_ISDIR (sb.st_mode)) {
    printf ("SKIP %s: test data not found at '%s' (set MNV2_DATA_DIR to the "
            "folder holding models/, testdata/ and ref/)\n",
        test_name, dir);
    fflush (stdout);
    return NULL;
  }
  return dir;
}

const char *
test_path (const char *a, const char *b, const char *c)
{
  static char buf[4096];
  snprintf (buf, sizeof buf, "%s%s%s%s%s", a, b ? "/" : "", b ? b : "",
      c ? "/" : "", c ? c : "");
  return buf;
}

void *
test_read_file (const char *path, size_t *size)
{
  FILE *f = fopen (path, "rb");
  long len;
  char *data = NULL;
  if (!f)
    return NULL;
  if (fseek (f, 0, SEEK_END) == 0 && (len = ftell (f)) >= 0 &&
      fseek (f, 0, SEEK_SET) == 0 && (data = malloc ((size_t) len + 1)) &&
      fread (data, 1, (size_t) len, f) == (size_t) len) {
    *size = (size_t) len;
  } else {
    free (data);
    data = NULL;
  }
  fclose (f);
  return data;
}

const char *
test_models_dir (void)
{
  return MNV2_TEST_MODELS_DIR;
}

mnv_session *
test_open_session (const char *path, const mnv_session_options *opts,
    mnv_model **model)
{
  mnv_session *s = NULL;
  mnv_error err;

  *model = NULL;
  if (mnv_model_open (path, NULL, model, &err) != MNV_OK) {
    CHECK (0, "%s: %s", path, err.message);
    return NULL;
  }
  if (mnv_session_create (*model, opts, &s, &err) != MNV_OK) {
    CHECK (0, "%s: %s", path, err.message);
    mnv_model_unref (*model);
    *model = NULL;
    return NULL;
  }
  return s;
}

int
test_finish (const char *test_name)
{
  if (test_failures)
    printf ("%s: %d check(s) failed\n", test_name, test_failures);
  else
    printf ("%s: all checks passed\n", test_name);
  return test_failures ? 1 : 0;
}

unsigned char *
test_load_bmp (const char *path, int *width, int *height)
{
  size_t size;
  unsigned char *f = test_read_file (path, &size), *rgb = NULL;
  if (!f || size < 54 || f[0] != 'B' || f[1] != 'M')
    goto out;
  unsigned off = f[10] | f[11] << 8 | f[12] << 16 | (unsigned) f[13] << 24;
  int w = f[18] | f[19] << 8 | f[20] << 16 | f[21] << 24;
  int h = f[22] | f[23] << 8 | f[24] << 16 | f[25] << 24;
  int bpp = f[28] | f[29] << 8, top_down = h < 0;
  if (top_down)
    h = -h;
  const int bytes = bpp / 8;
  size_t row = ((size_t) w * bytes + 3) / 4 * 4;
  if ((bpp != 24 && bpp != 8) || w <= 0 || h <= 0 || off + row * h > size)
    goto out;
  rgb = malloc ((size_t) w * h * 3);
  for (int y = 0; y < h; y++) {
    const unsigned char *src = f + off + row * (top_down ? y : h - 1 - y);
    for (int x = 0; x < w; x++) {
      unsigned char *d = rgb + ((size_t) y * w + x) * 3;
      if (bpp == 8) {
        /* Palette index in every channel (masks store class ids). */
        d[0] = d[1] = d[2] = src[x];
      } else {
        d[0] = src[x * 3 + 2];
        d[1] = src[x * 3 + 1];
        d[2] = src[x * 3 + 0];
      }
    }
  }
  *width = w;
  *height = h;
out:
  free (f);
  return rgb;
}

mnv_status
test_load_and_run (const void *data, size_t size, size_t max_bytes,
    mnv_error *err)
{
  mnv_model *m;
  mnv_session *s;
  mnv_model_options opts = { max_bytes };
  err->message[0] = '\0';
  mnv_status st = mnv_model_open_memory (data, size, &opts, &m, err);
  if (st != MNV_OK) {
    CHECK (err->message[0] != '\0', "error %s without a message",
        mnv_status_name (st));
    return st;
  }
  if (mnv_session_create (m, NULL, &s, err) == MNV_OK) {
    for (int i = 0; i < mnv_model_num_inputs (m); i++) {
      mnv_tensor_info info;
      mnv_model_input_info (m, i, &info);
      void *zeros = calloc (1, info.bytes ? info.bytes : 1);
      mnv_session_set_input (s, i, zeros, info.bytes, err);
      free (zeros);
    }
    mnv_session_run (s, err);
    for (int i = 0; i < mnv_model_num_outputs (m); i++)
      CHECK (mnv_session_output (s, i, NULL) != NULL, "output %d", i);
    mnv_session_destroy (s);
  }
  mnv_model_unref (m);
  return MNV_OK;
}

uint32_t
test_xorshift (uint32_t *state)
{
  *state ^= *state << 13;
  *state ^= *state >> 17;
  *state ^= *state << 5;
  return *state;
}

const char *
test_status_tag (mnv_status st)
{
  switch (st) {
    case MNV_OK: return "OK";
    case MNV_ERR_IO: return "IO";
    case MNV_ERR_FORMAT: return "FORMAT";
    case MNV_ERR_UNSUPPORTED: return "UNSUPPORTED";
    case MNV_ERR_NOMEM: return "NOMEM";
    case MNV_ERR_ARGUMENT: return "ARGUMENT";
    case MNV_ERR_LIMIT: return "LIMIT";
  }
  return "?";
}
