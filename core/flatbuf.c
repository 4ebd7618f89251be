#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "flatbuf.h"

static int
fail (mnv_fb *fb, const char *fmt, ...)
{
  if (fb->error[0] == '\0') {
    va_list ap;
    va_start (ap, fmt);
    vsnprintf (fb->error, sizeof fb->error, fmt, ap);
    va_end (ap);
  }
  return 0;
}

/* The little-endian readers assume POS + N <= size was checked. */
static uint16_t
rd16 (const mnv_fb *fb, size_t pos)
{
  return (uint16_t) (fb->buf[pos] | fb->buf[pos + 1] << 8);
}

static uint32_t
rd32 (const mnv_fb *fb, size_t pos)
{
  return (uint32_t) fb->buf[pos] | (uint32_t) fb->buf[pos + 1] << 8 |
      (uint32_t) fb->buf[pos + 2] << 16 | (uint32_t) fb->buf[pos + 3] << 24;
}

static uint64_t
rd64 (const mnv_fb *fb, size_t pos)
{
  return (uint64_t) rd32 (fb, pos) | (uint64_t) rd32 (fb, pos + 4) << 32;
}

static int
in_bounds (const mnv_fb *fb, size_t pos, size_t len)
{
  return pos <= fb->size && len <= fb->size - pos;
}

int
mnv_fb_init (mnv_fb *fb, const uint8_t *buf, size_t size)
{
  fb->buf = buf;
  fb->size = size;
  fb->error[0] = '\0';
  /* Offsets are 32-bit: a larger buffer cannot be addressed safely. */
  if (size > UINT32_MAX)
    return fail (fb, "file is larger than 4 GiB");
  return 1;
}

static int
table_at (mnv_fb *fb, size_t pos, mnv_fb_table *t)
{
  if (!in_bounds (fb, pos, 4))
    return fail (fb, "table at offset %zu lies outside the file (%zu bytes)",
        pos, fb->size);
  int32_t soff = (int32_t) rd32 (fb, pos);
  int64_t vt = (int64_t) pos - soff;
  if (vt < 0 || !in_bounds (fb, (size_t) vt, 4))
    return fail (fb, "vtable of table at offset %zu points outside the file",
        pos);
  uint16_t vt_size = rd16 (fb, (size_t) vt);
  uint16_t inline_size = rd16 (fb, (size_t) vt + 2);
  if (vt_size < 4 || vt_size % 2 != 0 || !in_bounds (fb, (size_t) vt, vt_size))
    return fail (fb, "vtable at offset %lld has a bad size %u", (long long) vt,
        vt_size);
  if (inline_size < 4 || !in_bounds (fb, pos, inline_size))
    return fail (fb,
        "table at offset %zu (size %u) runs past the end of the "
        "file",
        pos, inline_size);
  t->pos = pos;
  t->vtable = (size_t) vt;
  t->vtable_size = vt_size;
  t->inline_size = inline_size;
  return 1;
}

int
mnv_fb_root (mnv_fb *fb, mnv_fb_table *root)
{
  if (!in_bounds (fb, 0, 8))
    return fail (fb, "file is too short (%zu bytes) to be a model", fb->size);
  return table_at (fb, rd32 (fb, 0), root);
}

/* Position of FIELD's data with SIZE bytes inside the table, or 0 if absent
 * (a present field is never at offset 0: the vtable offset lives there). */
static size_t
field_pos (mnv_fb *fb, const mnv_fb_table *t, int field, size_t size, int *bad)
{
  size_t slot = 4 + 2 * (size_t) field;
  *bad = 0;
  if (slot + 2 > t->vtable_size)
    return 0;
  uint16_t off = rd16 (fb, t->vtable + slot);
  if (off == 0)
    return 0;
  if (off < 4 || (size_t) off + size > t->inline_size) {
    *bad = 1;
    fail (fb, "field %d of table at offset %zu lies outside the table", field,
        t->pos);
    return 0;
  }
  return t->pos + off;
}

#define SCALAR_GETTER(name, type, size, expr) \
  int name (mnv_fb *fb, const mnv_fb_table *t, int field, type def, type *out) \
  { \
    int bad; \
    size_t p = field_pos (fb, t, field, size, &bad); \
    if (bad) \
      return 0; \
    if (p == 0) { \
      *out = def; \
      return 1; \
    } \
    expr; \
    return 1; \
  }

SCALAR_GETTER (mnv_fb_u8, uint8_t, 1, *out = fb->buf[p])
SCALAR_GETTER (mnv_fb_i32, int32_t, 4, *out = (int32_t) rd32 (fb, p))
SCALAR_GETTER (mnv_fb_u32, uint32_t, 4, *out = rd32 (fb, p))
SCALAR_GETTER (mnv_fb_u64, uint64_t, 8, *out = rd64 (fb, p))
SCALAR_GETTER (mnv_fb_f32, float, 4, uint32_t bits = rd32 (fb, p);
               memcpy (out, &bits, 4))

/* Follows the uoffset stored at POS. */
static int
follow (mnv_fb *fb, size_t pos, size_t *target)
{
  uint64_t t = (uint64_t) pos + rd32 (fb, pos);
  if (t >= fb->size)
    return fail (fb, "offset at %zu points outside the file", pos);
  *target = (size_t) t;
  return 1;
}

int
mnv_fb_table_field (mnv_fb *fb, const mnv_fb_table *t, int field,
    mnv_fb_table *out, int *present)
{
  int bad;
  size_t p = field_pos (fb, t, field, 4, &bad), target = 0;
  *present = 0;
  if (bad)
    return 0;
  if (p == 0)
    return 1;
  if (!follow (fb, p, &target) || !table_at (fb, target, out))
    return 0;
  *present = 1;
  return 1;
}

int
mnv_fb_vector (mnv_fb *fb, const mnv_fb_table *t, int field, size_t elem_size,
    mnv_fb_vec *out)
{
  int bad;
  size_t p = field_pos (fb, t, field, 4, &bad), v = 0;
  out->start = 0;
  out->len = 0;
  if (bad)
    return 0;
  if (p == 0)
    return 1;
  if (!follow (fb, p, &v))
    return 0;
  if (!in_bounds (fb, v, 4))
    return fail (fb, "vector at offset %zu lies outside the file", v);
  uint32_t len = rd32 (fb, v);
  if ((uint64_t) len * elem_size > fb->size - v - 4)
    return fail (fb,
        "vector at offset %zu claims %u elements, more than the "
        "file holds",
        v, len);
  out->start = v + 4;
  out->len = len;
  return 1;
}

int
mnv_fb_vector_table (mnv_fb *fb, const mnv_fb_vec *v, uint32_t i,
    mnv_fb_table *out)
{
  size_t target = 0;
  if (i >= v->len)
    return fail (fb, "index %u outside a vector of %u tables", i, v->len);
  return follow (fb, v->start + 4 * (size_t) i, &target) &&
      table_at (fb, target, out);
}

int32_t
mnv_fb_vec_i32 (const mnv_fb *fb, const mnv_fb_vec *v, uint32_t i)
{
  return (int32_t) rd32 (fb, v->start + 4 * (size_t) i);
}

int64_t
mnv_fb_vec_i64 (const mnv_fb *fb, const mnv_fb_vec *v, uint32_t i)
{
  return (int64_t) rd64 (fb, v->start + 8 * (size_t) i);
}

float
mnv_fb_vec_f32 (const mnv_fb *fb, const mnv_fb_vec *v, uint32_t i)
{
  uint32_t bits = rd32 (fb, v->start + 4 * (size_t) i);
  float f;
  memcpy (&f, &bits, 4);
  return f;
}
