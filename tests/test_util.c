#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "test_util.h"

int test_failures;

const char *
test_data_dir_or_skip (const char *test_name)
{
  const char *dir = getenv ("MNV2_DATA_DIR");
  struct stat sb;
  if (!dir || !*dir)
    dir = MNV2_DATA_DIR_DEFAULT;
  if (stat (test_path (dir, "models", NULL), &sb) != 0 ||
      !S_ISDIR (sb.st_mode)) {
    printf ("SKIP %s: test data not found at '%s' (set MNV2_DATA_DIR to the "
        "folder holding models/, testdata/ and ref/)\n", test_name, dir);
    fflush (stdout);
    exit (77);
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

int
test_finish (const char *test_name)
{
  if (test_failures)
    printf ("%s: %d check(s) failed\n", test_name, test_failures);
  else
    printf ("%s: all checks passed\n", test_name);
  return test_failures ? 1 : 0;
}
