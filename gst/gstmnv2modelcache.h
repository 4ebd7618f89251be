/* Models shared between elements: two elements with the same model file
 * map and pack it once. */
#ifndef __GST_MNV2_MODEL_CACHE_H__
#define __GST_MNV2_MODEL_CACHE_H__

#include <glib.h>

#include "mnv.h"

/* The model at PATH, opened now or shared with another user.  Opened now,
 * it is loaded within MAX_BYTES (0: the core's default), everything the
 * loader allocates included; a shared model was loaded by another user,
 * whose caller checks mnv_model_memory_bytes() itself.  On failure
 * returns NULL with ERR filled. */
mnv_model *gst_mnv2_model_cache_acquire (const gchar *path, gsize max_bytes,
    mnv_error *err);
/* Gives back a model from acquire; the last user closes it. */
void gst_mnv2_model_cache_release (mnv_model *model);

#endif
