/* Model discovery for elements whose model-file is unset. */
#ifndef MNV_MODEL_PATH_H
#define MNV_MODEL_PATH_H

#include <stddef.h>

/* Looks for NAME in, in order: every folder of $MNV2_MODEL_PATH
 * (colon-separated), $XDG_DATA_HOME/gst-mnv2/models (default
 * ~/.local/share/gst-mnv2/models) and DATADIR/gst-mnv2/models.  Returns a
 * malloc'd path of the first readable file, or NULL; SEARCHED (if given)
 * receives the folders looked in, for error messages. */
char *mnv_model_find (const char *name, const char *datadir, char *searched,
    size_t searched_size);

#endif
