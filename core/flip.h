/* uint8 values and the int8 the core keeps them as differ by 128, which is
 * flipping each byte's top bit (private to core/: the session's input and
 * output conversion, pre-processing's int8 writes). */
#ifndef MNV_FLIP_H
#define MNV_FLIP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* DST[i] = SRC[i] ^ 0x80 for i < N, eight bytes at a time (an image input
 * is ~150 KB a frame: the byte loop was 3% of an element's time). */
static inline void
mnv_flip_bytes (uint8_t *dst, const uint8_t *src, size_t n)
{
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy (&w, src + i, 8);
    w ^= 0x8080808080808080ull;
    memcpy (dst + i, &w, 8);
  }
  for (; i < n; i++)
    dst[i] = src[i] ^ 0x80;
}

#endif
