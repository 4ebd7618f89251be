#include "overlay_text.h"

gchar *
mnv2_overlay_text_prepare (const gchar *raw)
{
  gchar *valid = g_utf8_make_valid (raw ? raw : "", -1);
  if (g_utf8_strlen (valid, -1) <= MNV2_MAX_LABEL_CHARS)
    return valid;
  gchar *cut = g_utf8_substring (valid, 0, MNV2_MAX_LABEL_CHARS);
  gchar *text = g_strconcat (cut, "\u2026", NULL);
  g_free (cut);
  g_free (valid);
  return text;
}
