/* Internal helpers to fill an mnv_error. */
#ifndef MNV_ERROR_H
#define MNV_ERROR_H

#include "mnv.h"

#if defined(__GNUC__)
#define MNV_PRINTF(a, b) __attribute__ ((format (printf, a, b)))
#else
#define MNV_PRINTF(a, b)
/* Puts "PREFIX: " before ERR's message (truncating the end if needed). */
void mnv_error_prefix (mnv_error *err, const char *prefix);

#endif

/* Sets ERR (may be NULL) and returns STATUS. */
mnv_status mnv_set_error (mnv_error *err, mnv_status status, const char *fmt,
    ...) MNV_PRINTF (3, 4);

/* Puts "PREFIX: " before ERR's message (truncating the end if needed). */
void mnv_error_prefix (mnv_error *err, const char *prefix);

#endif
