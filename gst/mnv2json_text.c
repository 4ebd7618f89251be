#include "mnv2json_text.h"

void
gst_mnv2_json_append_string (GString *s, const gchar *raw)
{
  gchar *str = g_utf8_make_valid (raw ? raw : "", -1);
  g_string_append_c (s, '"');
  for (const guchar *p = (const guchar *) str; *p; p++) {
    switch (*p) {
      case '"': g_string_append (s, "\\\""); break;
      case '\\': g_string_append (s, "\\\\"); break;
      case '\n': g_string_append (s, "\\n"); break;
      case '\t': g_string_append (s, "\\t"); break;
      default:
        if (*p < 0x20)
          g_string_append_printf (s, "\\u%04x", *p);
        else
          g_string_append_c (s, (gchar) *p);
    }
  }
  g_string_append_c (s, '"');
  g_free (str);
}
