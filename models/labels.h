/* Label lists: one label per line of a text file, line i = class i. */
#ifndef MNV_LABELS_H
#define MNV_LABELS_H

#include <stddef.h>

#include "mnv.h"

typedef struct {
  char **items;
  size_t count;
  char *blob;
} mnv_labels;

/* Reads PATH; a final newline does not add an empty label, "\r\n" works. */
mnv_status mnv_labels_load (const char *path, mnv_labels *labels,
    mnv_error *err);
/* Labels embedded in MODEL (borrowed: valid while the model lives). */
void mnv_labels_from_model (const mnv_model *model, mnv_labels *labels);
void mnv_labels_clear (mnv_labels *labels);
/* Label I or NULL when out of range. */
const char *mnv_labels_get (const mnv_labels *labels, size_t i);

#endif
