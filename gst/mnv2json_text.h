/* JSON text of strings another element may have attached (GLib only, so
 * the fuzz target builds without GStreamer). */
#ifndef __GST_MNV2_JSON_TEXT_H__
#define __GST_MNV2_JSON_TEXT_H__

#include <glib.h>

/* Appends RAW (NULL: "") to S as a JSON string: invalid UTF-8 becomes
 * U+FFFD, quotes, backslashes and control characters are escaped. */
void gst_mnv2_json_append_string (GString *s, const gchar *raw);

#endif
