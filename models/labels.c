#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"
#include "mnv_text.h"

#define MAX_LABELS_FILE (64u << 20)

static mnv_status
set_error (mnv_error *err, mnv_status st, const char *path, const char *what)
{
  if (err) {
    err->status = st;
    snprintf (err->message, sizeof err->message, "labels file '%s': %s", path,
        what);
  }
  return st;
}

mnv_status
mnv_labels_load (const char *path, mnv_labels *labels, mnv_error *err)
{
  FILE *f;
  long len;

  memset (labels, 0, sizeof *labels);
  if (!(f = fopen (path, "rb")))
    return set_error (err, MNV_ERR_IO, path, strerror (errno));
  if (fseek (f, 0, SEEK_END) != 0 || (len = ftell (f)) < 0 ||
      fseek (f, 0, SEEK_SET) != 0 || (unsigned long) len > MAX_LABELS_FILE) {
    fclose (f);
    return set_error (err, MNV_ERR_IO, path, "cannot read it (or over 64 MiB)");
  }
  char *blob = malloc ((size_t) len + 1);
  if (!blob || fread (blob, 1, (size_t) len, f) != (size_t) len) {
    free (blob);
    fclose (f);
    return set_error (err, MNV_ERR_IO, path, "read failed");
  }
  fclose (f);
  blob[len] = '\0';
  char **items = malloc (
      mnv_text_line_count (blob, (size_t) len) * sizeof *items);
  if (!items) {
    free (blob);
    return set_error (err, MNV_ERR_NOMEM, path, "out of memory");
  }
  size_t n = mnv_text_split_lines (blob, (size_t) len, items);
  if (n == 0) {
    free (items);
    free (blob);
    return set_error (err, MNV_ERR_FORMAT, path, "the file holds no labels");
  }
  labels->items = items;
  labels->count = n;
  labels->blob = blob;
  return MNV_OK;
}

void
mnv_labels_from_model (const mnv_model *model, mnv_labels *labels)
{
  memset (labels, 0, sizeof *labels);
  labels->count = mnv_model_num_labels (model);
  if (labels->count == 0)
    return;
  labels->items = malloc (labels->count * sizeof *labels->items);
  if (!labels->items) {
    labels->count = 0;
    return;
  }
  for (size_t i = 0; i < labels->count; i++)
    labels->items[i] = (char *) mnv_model_label (model, i);
}

void
mnv_labels_clear (mnv_labels *labels)
{
  free (labels->items);
  free (labels->blob);
  memset (labels, 0, sizeof *labels);
}

const char *
mnv_labels_get (const mnv_labels *labels, size_t i)
{
  return labels && i < labels->count ? labels->items[i] : NULL;
}
