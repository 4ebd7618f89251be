/* Reader of the zip archive TFLite metadata appends to a model to carry
 * associated files (labels).  Only stored (uncompressed) entries can be
 * read, which is what the TFLite metadata writer produces. */
#ifndef MNV_METADATA_ZIP_H
#define MNV_METADATA_ZIP_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  const char *name; /* not NUL-terminated */
  size_t name_len;
  const uint8_t *data; /* NULL when the entry is compressed */
  size_t size;
} mnv_zip_entry;

/* Calls FN for every entry of the zip at the end of BUF; stops early when
 * FN returns nonzero.  Returns the number of entries visited, or -1 when
 * the archive is malformed (nothing is read out of bounds either way). */
int mnv_zip_foreach (const uint8_t *buf, size_t size,
    int (*fn) (const mnv_zip_entry *entry, void *user), void *user);

#endif
