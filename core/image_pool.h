/* Pre-processing on a thread pool (private to core/: the session runs it on
 * its threads, mnv_session_set_input_image). */
#ifndef MNV_IMAGE_POOL_H
#define MNV_IMAGE_POOL_H

#include "mnv_image.h"
#include "pool.h"

/* mnv_image_to_input_prep with the output rows in bands, one per thread of
 * POOL (NULL: on the calling thread): the same bytes. */
mnv_status mnv_image_to_input_pool (mnv_image_prep *prep, mnv_pool *pool,
    const mnv_image *image, const mnv_rect *src, const mnv_rect *dst,
    const mnv_tensor_info *info, const mnv_normalization *norm, void *out,
    mnv_error *err);

#endif
