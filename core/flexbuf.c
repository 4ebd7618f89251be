#include <string.h>

#include "flexbuf.h"

enum {
  FBT_INT = 1,
  FBT_UINT = 2,
  FBT_FLOAT = 3,
  FBT_INDIRECT_INT = 6,
  FBT_INDIRECT_UINT = 7,
  FBT_INDIRECT_FLOAT = 8,
  FBT_MAP = 9,
  FBT_BOOL = 26
};

typedef struct {
  const uint8_t *buf;
  size_t size;
} flex;

/* Unsigned little-endian value of WIDTH (1, 2, 4, 8) bytes at POS. */
static int
rd (const flex *f, size_t pos, size_t width, uint64_t *v)
{
  if (width != 1 && width != 2 && width != 4 && width != 8)
    return 0;
  if (pos > f->size || width > f->size - pos)
    return 0;
  *v = 0;
  for (size_t i = 0; i < width; i++)
    *v |= (uint64_t) f->buf[pos + i] << (8 * i);
  return 1;
}

/* POS - OFF, refusing to go below the start. */
static int
back (size_t pos, uint64_t off, size_t *out)
{
  if (off > pos)
    return 0;
  *out = pos - (size_t) off;
  return 1;
}

/* The scalar of TYPE stored in WIDTH bytes at POS, as a double. */
static int
scalar (const flex *f, size_t pos, size_t width, int type, double *out)
{
  uint64_t raw;
  if (!rd (f, pos, width, &raw))
    return 0;
  switch (type) {
    case FBT_INT: {
      /* Sign-extend from WIDTH bytes. */
      int shift = 64 - 8 * (int) width;
      *out = (double) ((int64_t) (raw << shift) >> shift);
      return 1;
    }
    case FBT_UINT:
    case FBT_BOOL: *out = (double) raw; return 1;
    case FBT_FLOAT:
      if (width == 4) {
        uint32_t bits = (uint32_t) raw;
        float fv;
        memcpy (&fv, &bits, 4);
        *out = fv;
        return 1;
      }
      if (width == 8) {
        double dv;
        memcpy (&dv, &raw, 8);
        *out = dv;
        return 1;
      }
      return 0;
    default: return 0;
  }
}

int
mnv_flex_map_number (const uint8_t *buf, size_t size, const char *key,
    double *out)
{
  const flex f = { buf, size };
  uint64_t root_width, root_off, n, keys_off, keys_width, nkeys;
  size_t root_pos, map_pos, keys_field, keys_pos;

  if (!buf || size < 3)
    return 0;
  root_width = buf[size - 1];
  const int root_type = buf[size - 2] >> 2;
  const size_t cw = (size_t) 1 << (buf[size - 2] & 3); /* child width */
  if (root_type != FBT_MAP || root_width > size - 2 ||
      !back (size - 2, root_width, &root_pos) ||
      !rd (&f, root_pos, (size_t) root_width, &root_off) ||
      !back (root_pos, root_off, &map_pos))
    return 0;
  /* [keys offset][keys width][count] precede the values. */
  if (map_pos < 3 * cw || !rd (&f, map_pos - cw, cw, &n) ||
      !rd (&f, map_pos - 2 * cw, cw, &keys_width) ||
      !rd (&f, map_pos - 3 * cw, cw, &keys_off))
    return 0;
  keys_field = map_pos - 3 * cw;
  if (!back (keys_field, keys_off, &keys_pos) || keys_pos < keys_width ||
      !rd (&f, keys_pos - (size_t) keys_width, (size_t) keys_width, &nkeys) ||
      nkeys != n || n > size)
    return 0;
  /* Values, then one packed type byte per value. */
  const size_t types = map_pos + (size_t) n * cw;
  if (types < map_pos || types > size || n > size - types)
    return 0;

  const size_t key_len = strlen (key);
  for (uint64_t i = 0; i < n; i++) {
    uint64_t koff;
    size_t kfield = keys_pos + (size_t) i * (size_t) keys_width, kpos;
    if (!rd (&f, kfield, (size_t) keys_width, &koff) ||
        !back (kfield, koff, &kpos) || key_len + 1 > size - kpos ||
        memcmp (buf + kpos, key, key_len + 1) != 0)
      continue;
    const int packed = buf[types + i], type = packed >> 2;
    const size_t vpos = map_pos + (size_t) i * cw;
    if (type == FBT_INDIRECT_INT || type == FBT_INDIRECT_UINT ||
        type == FBT_INDIRECT_FLOAT) {
      uint64_t voff;
      size_t target;
      if (!rd (&f, vpos, cw, &voff) || !back (vpos, voff, &target))
        return 0;
      return scalar (&f, target, (size_t) 1 << (packed & 3),
          type - FBT_INDIRECT_INT + FBT_INT, out);
    }
    return scalar (&f, vpos, cw, type, out);
  }
  return 0;
}
