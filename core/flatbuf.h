/* A bounds-checked reader of FlatBuffers tables.
 *
 * The file is untrusted: every table, vtable, field, vector and string is
 * checked against the buffer before it is read.  A failed check records a
 * message in the reader and makes the call return 0 (false); callers just
 * propagate.  Nothing here recurses, so cyclic offsets cannot loop.
 */
#ifndef MNV_FLATBUF_H
#define MNV_FLATBUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  const uint8_t *buf;
  size_t size;
  char error[256]; /* first failure, empty while all is well */
} mnv_fb;

/* A validated table: its position and the vtable describing it. */
typedef struct {
  size_t pos;
  size_t vtable;
  uint32_t vtable_size; /* bytes */
  uint32_t inline_size; /* bytes of the table's own data */
} mnv_fb_table;

/* A validated vector: start of its elements and their count. */
typedef struct {
  size_t start;
  uint32_t len;
} mnv_fb_vec;

int mnv_fb_init (mnv_fb *fb, const uint8_t *buf, size_t size);
int mnv_fb_root (mnv_fb *fb, mnv_fb_table *root);

/* Scalars; an absent field gives DEF. */
int mnv_fb_u8 (mnv_fb *fb, const mnv_fb_table *t, int field, uint8_t def,
    uint8_t *out);
int mnv_fb_i32 (mnv_fb *fb, const mnv_fb_table *t, int field, int32_t def,
    int32_t *out);
int mnv_fb_u32 (mnv_fb *fb, const mnv_fb_table *t, int field, uint32_t def,
    uint32_t *out);
int mnv_fb_u64 (mnv_fb *fb, const mnv_fb_table *t, int field, uint64_t def,
    uint64_t *out);
int mnv_fb_f32 (mnv_fb *fb, const mnv_fb_table *t, int field, float def,
    float *out);

/* Sub-table; *present = 0 when the field is absent. */
int mnv_fb_table_field (mnv_fb *fb, const mnv_fb_table *t, int field,
    mnv_fb_table *out, int *present);
/* Vector of ELEM_SIZE-byte elements; an absent field is an empty vector. */
int mnv_fb_vector (mnv_fb *fb, const mnv_fb_table *t, int field,
    size_t elem_size, mnv_fb_vec *out);
/* Element I of a vector of tables. */
int mnv_fb_vector_table (mnv_fb *fb, const mnv_fb_vec *v, uint32_t i,
    mnv_fb_table *out);

/* Unaligned little-endian element reads of an already validated vector. */
int32_t mnv_fb_vec_i32 (const mnv_fb *fb, const mnv_fb_vec *v, uint32_t i);
int64_t mnv_fb_vec_i64 (const mnv_fb *fb, const mnv_fb_vec *v, uint32_t i);
float mnv_fb_vec_f32 (const mnv_fb *fb, const mnv_fb_vec *v, uint32_t i);

#endif
