/* Math functions whose exact results the reference outputs depend on. */
#ifndef MNV_MATHLIB_H
#define MNV_MATHLIB_H

/* expf with the results of musl's (ARM optimized-routines) expf, which the
 * reference runtime used to build its softmax tables: computed in double
 * from a 32-entry table of 2^(i/32) and a degree-3 polynomial, so it gives
 * the same float on every platform whatever its libm. */
float mnv_expf (float x);

#endif
