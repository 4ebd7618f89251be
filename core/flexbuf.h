/* A bounds-checked reader of the FlexBuffers maps TFLite custom ops keep
 * their options in.  Untrusted input: every position is checked; malformed
 * data reads as "absent". */
#ifndef MNV_FLEXBUF_H
#define MNV_FLEXBUF_H

#include <stddef.h>
#include <stdint.h>

/* The number stored under KEY in the root map of BUF (int, uint, float or
 * bool, inline or indirect): 1 and *OUT set, or 0 when absent/malformed. */
int mnv_flex_map_number (const uint8_t *buf, size_t size, const char *key,
    double *out);

#endif
