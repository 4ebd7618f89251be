/* libFuzzer target: the reader of the zip archive TFLite metadata appends
 * to models.  Reads every byte of every entry it reports, so an entry that
 * points outside the buffer shows up as an ASan report. */
#include <stddef.h>
#include <stdint.h>

#include "metadata_zip.h"

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

static int
touch (const mnv_zip_entry *e, void *user)
{
  unsigned *sum = user;
  for (size_t i = 0; i < e->name_len; i++)
    *sum += (unsigned char) e->name[i];
  for (size_t i = 0; e->data && i < e->size; i++)
    *sum += e->data[i];
  return 0;
}

int
LLVMFuzzerTestOneInput (const unsigned char *data, size_t size)
{
  unsigned sum = 0;
  mnv_zip_foreach (data, size, touch, &sum);
  return (int) (sum & 0);
}
