/* Labels: embedded in the model (zip appended by TFLite metadata), from a
 * file, and the zip reader on damaged archives. */
#include <stdlib.h>
#include <string.h>

#include "labels.h"
#include "metadata_zip.h"
#include "mnv.h"
#include "test_util.h"

static int
count_entries (const mnv_zip_entry *e, void *user)
{
  (void) e;
  (*(int *) user)++;
  return 0;
}

static int null_data;

static int
count_null_data (const mnv_zip_entry *e, void *user)
{
  *(int *) user += e->data == NULL;
  return 0;
}

static void
test_embedded (void)
{
  char path[1024];
  mnv_model *m;
  mnv_error err;
  snprintf (path, sizeof path, "%s/tiny_u8.tflite", test_models_dir ());
  CHECK (mnv_model_open (path, NULL, &m, &err) == MNV_OK, "%s", err.message);
  CHECK (mnv_model_num_labels (m) == 5, "%zu labels", mnv_model_num_labels (m));
  CHECK (strcmp (mnv_model_label (m, 0), "zero") == 0 &&
          strcmp (mnv_model_label (m, 4), "four") == 0,
      "label text");
  CHECK (mnv_model_label (m, 5) == NULL, "label past the end");
  CHECK (strcmp (mnv_model_labels_file (m), "labels.txt") == 0, "file name");
  mnv_model_unref (m);

  snprintf (path, sizeof path, "%s/tiny_s8.tflite", test_models_dir ());
  CHECK (mnv_model_open (path, NULL, &m, &err) == MNV_OK, "%s", err.message);
  CHECK (mnv_model_num_labels (m) == 0 && !mnv_model_labels_file (m),
      "no zip, no labels");
  mnv_model_unref (m);
}

static void
test_damaged_zip (void)
{
  char path[1024];
  size_t size;
  snprintf (path, sizeof path, "%s/tiny_u8.tflite", test_models_dir ());
  uint8_t *good = test_read_file (path, &size), *b = malloc (size);
  CHECK (good && b, "read");
  if (!good || !b)
    return;

  int n = 0;
  CHECK (mnv_zip_foreach (good, size, count_entries, &n) == 1 && n == 1,
      "one entry");
  /* Every single-byte change anywhere in the archive leaves the reader in
   * bounds; the model always still loads, with or without labels. */
  size_t zip = size - 4;
  while (zip > 0 && memcmp (good + zip, "PK\3\4", 4) != 0)
    zip--;
  CHECK (zip > 0 && size - zip < 400, "archive found at %zu", zip);
  for (size_t at = zip; at < size; at++) {
    for (int v = 0; v < 256; v += 51) {
      memcpy (b, good, size);
      b[at] = (uint8_t) v;
      n = 0;
      mnv_zip_foreach (b, size, count_entries, &n);
      mnv_model *m;
      mnv_error err;
      CHECK (mnv_model_open_memory (b, size, NULL, &m, &err) == MNV_OK,
          "zip damage at %zu made the model fail: %s", at, err.message);
      mnv_model_unref (m);
    }
  }
  /* A compressed (deflate) entry is listed without data, so the model
   * loads without labels. */
  memcpy (b, good, size);
  size_t cd = size - 4;
  while (cd > 0 && memcmp (b + cd, "PK\1\2", 4) != 0)
    cd--;
  CHECK (cd > 0, "central directory found");
  b[cd + 10] = 8;
  null_data = 0;
  mnv_zip_foreach (b, size, count_null_data, &null_data);
  CHECK (null_data == 1, "deflated entry has no data");
  mnv_model *m;
  mnv_error err;
  CHECK (mnv_model_open_memory (b, size, NULL, &m, &err) == MNV_OK &&
          mnv_model_num_labels (m) == 0,
      "deflated labels are skipped");
  mnv_model_unref (m);
  free (good);
  free (b);

  const uint8_t junk[64] = { 'P', 'K', 5, 6 };
  n = 0;
  CHECK (mnv_zip_foreach (junk, sizeof junk, count_entries, &n) <= 0,
      "junk is no archive");
}

static void
test_labels_file (void)
{
  char path[] = "/tmp/mnv2-labels-XXXXXX";
  int fd = mkstemp (path);
  FILE *f = fdopen (fd, "w");
  fputs ("background\r\ncat\n\ndog\n", f);
  fclose (f);
  mnv_labels labels;
  mnv_error err;
  CHECK (mnv_labels_load (path, &labels, &err) == MNV_OK, "%s", err.message);
  CHECK (labels.count == 4, "%zu labels (an empty line is a label)",
      labels.count);
  CHECK (strcmp (mnv_labels_get (&labels, 0), "background") == 0 &&
          strcmp (mnv_labels_get (&labels, 1), "cat") == 0 &&
          strcmp (mnv_labels_get (&labels, 2), "") == 0 &&
          strcmp (mnv_labels_get (&labels, 3), "dog") == 0,
      "text, CRLF");
  CHECK (mnv_labels_get (&labels, 4) == NULL, "past the end");
  mnv_labels_clear (&labels);
  remove (path);

  /* Bytes a labels file may hold: Latin-1, a terminal escape, a cut UTF-8
   * sequence, an overlong '/', a surrogate, markup.  Lines come out as
   * printable UTF-8 (markup is text: the overlay never parses it). */
  strcpy (path, "/tmp/mnv2-labels-XXXXXX");
  fd = mkstemp (path);
  CHECK (fd >= 0, "mkstemp");
  f = fdopen (fd, "w");
  fputs ("caf\xe9\n\x1b[31mred\tx\nna\xc3\xafve \xe2\x82\n"
         "\xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80\n<b>bold</b> & "
         "\xf0\x9f\x90\x88\n"
         "lone\rcr\r\n",
      f);
  fclose (f);
  CHECK (mnv_labels_load (path, &labels, &err) == MNV_OK, "%s", err.message);
  const char *want[] = { "caf?", "?[31mred x", "na\xc3\xafve ??", "?? ??? ????",
    "<b>bold</b> & \xf0\x9f\x90\x88", "lone?cr" };
  CHECK (labels.count == 6, "%zu labels", labels.count);
  for (size_t i = 0; i < 6 && i < labels.count; i++)
    CHECK (strcmp (mnv_labels_get (&labels, i), want[i]) == 0,
        "label %zu is '%s', not '%s'", i, mnv_labels_get (&labels, i), want[i]);
  mnv_labels_clear (&labels);
  remove (path);

  /* Inputs the text fuzz target found (tests/data/synthetic/fuzz-text-*):
   * every label printable. */
  const char *found[] = { "fuzz-text-lone-cr.txt" };
  for (size_t k = 0; k < sizeof found / sizeof found[0]; k++) {
    const char *p = test_path (MNV2_SYNTHETIC_DIR, found[k], NULL);
    CHECK (mnv_labels_load (p, &labels, &err) == MNV_OK, "%s", err.message);
    for (size_t i = 0; i < labels.count; i++)
      for (const unsigned char *c =
               (const unsigned char *) mnv_labels_get (&labels, i);
           *c; c++)
        CHECK (*c >= 0x20 && *c != 0x7f, "%s: label %zu has byte %#x", found[k],
            i, *c);
    mnv_labels_clear (&labels);
  }

  CHECK (mnv_labels_load ("/nonexistent/labels.txt", &labels, &err) ==
              MNV_ERR_IO &&
          strstr (err.message, "/nonexistent/labels.txt"),
      "missing file error names it: %s", err.message);
}

int
main (void)
{
  test_embedded ();
  test_damaged_zip ();
  test_labels_file ();
  return test_finish ("labels");
}
