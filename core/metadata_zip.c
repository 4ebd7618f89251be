#include <string.h>

#include "metadata_zip.h"

#define EOCD_SIG 0x06054b50u
#define CDIR_SIG 0x02014b50u
#define LOCAL_SIG 0x04034b50u
#define EOCD_SIZE 22
#define CDIR_SIZE 46
#define LOCAL_SIZE 30

static uint32_t
rd16 (const uint8_t *p)
{
  return (uint32_t) p[0] | (uint32_t) p[1] << 8;
}

static uint32_t
rd32 (const uint8_t *p)
{
  return rd16 (p) | rd16 (p + 2) << 16;
}

static int
fits (size_t size, uint64_t pos, uint64_t len)
{
  return pos <= size && len <= size - pos;
}

int
mnv_zip_foreach (const uint8_t *buf, size_t size,
    int (*fn) (const mnv_zip_entry *entry, void *user), void *user)
{
  if (size < EOCD_SIZE)
    return 0;
  /* The end record sits in the last 22 + 65535 (comment) bytes. */
  size_t eocd = size - EOCD_SIZE,
         lowest = size > EOCD_SIZE + 65535 ? size - EOCD_SIZE - 65535 : 0;
  for (;; eocd--) {
    if (rd32 (buf + eocd) == EOCD_SIG &&
        eocd + EOCD_SIZE + rd16 (buf + eocd + 20) == size)
      break;
    if (eocd == lowest)
      return 0; /* no archive: not an error */
  }

  uint32_t count = rd16 (buf + eocd + 10);
  uint64_t cd_size = rd32 (buf + eocd + 12), cd_off = rd32 (buf + eocd + 16);
  /* Offsets are relative to the archive start, which is where the model
   * ends when the zip was appended: derive it from the end record. */
  if (cd_size + cd_off > eocd)
    return -1;
  uint64_t base = eocd - cd_size - cd_off, pos = base + cd_off;

  int visited = 0;
  for (uint32_t i = 0; i < count; i++) {
    if (!fits (size, pos, CDIR_SIZE) || rd32 (buf + pos) != CDIR_SIG)
      return -1;
    const uint8_t *c = buf + pos;
    uint32_t method = rd16 (c + 10), csize = rd32 (c + 20),
             usize = rd32 (c + 24), nlen = rd16 (c + 28), xlen = rd16 (c + 30),
             clen = rd16 (c + 32);
    uint64_t local = base + rd32 (c + 42);
    if (!fits (size, pos + CDIR_SIZE, nlen))
      return -1;

    mnv_zip_entry e = { (const char *) c + CDIR_SIZE, nlen, NULL, usize };
    if (!fits (size, local, LOCAL_SIZE) || rd32 (buf + local) != LOCAL_SIG)
      return -1;
    uint64_t data = local + LOCAL_SIZE + rd16 (buf + local + 26) +
        rd16 (buf + local + 28);
    if (!fits (size, data, csize))
      return -1;
    if (method == 0 && csize == usize)
      e.data = buf + data;
    visited++;
    if (fn (&e, user))
      break;
    pos += (uint64_t) CDIR_SIZE + nlen + xlen + clen;
  }
  return visited;
}
