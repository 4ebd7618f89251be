/* Label text as the overlay draws it (GLib only, so the fuzz target builds
 * without Pango). */
#ifndef __MNV2_OVERLAY_TEXT_H__
#define __MNV2_OVERLAY_TEXT_H__

#include <glib.h>

/* Labels longer than this many characters are cut (a label comes from a
 * file or another element: its length is not ours to trust). */
#define MNV2_MAX_LABEL_CHARS 160

/* RAW as valid UTF-8 (invalid bytes replaced; Pango warns on them), cut
 * at MNV2_MAX_LABEL_CHARS with an ellipsis.  Free with g_free. */
gchar *mnv2_overlay_text_prepare (const gchar *raw);

#endif
