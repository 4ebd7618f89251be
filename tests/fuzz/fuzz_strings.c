/* libFuzzer target: the string paths of mnv2json (gst/mnv2json_text.c)
 * and of the overlay's labels (overlays/overlay_text.c) on any bytes, as
 * another element may attach them.  The JSON string must be one valid
 * UTF-8 JSON string (quoted, every quote and backslash escaped, no raw
 * control character); the label valid UTF-8 of at most
 * MNV2_MAX_LABEL_CHARS characters and the ellipsis. */
#include <stdlib.h>
#include <string.h>

#include "mnv2json_text.h"
#include "overlay_text.h"

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

static void
check_json (const gchar *j)
{
  const size_t n = strlen (j);
  if (n < 2 || j[0] != '"' || j[n - 1] != '"' || !g_utf8_validate (j, -1, NULL))
    abort ();
  for (size_t i = 1; i + 1 < n; i++) {
    const unsigned char c = (unsigned char) j[i];
    if (c < 0x20 || c == '"')
      abort ();
    if (c == '\\') {
      const char e = j[++i];
      if (i + 1 >= n || !strchr ("\"\\ntu", e))
        abort ();
    }
  }
}

int
LLVMFuzzerTestOneInput (const unsigned char *data, size_t size)
{
  /* As a C string: up to the first NUL, as a quark or property holds. */
  gchar *raw = g_strndup ((const gchar *) data, size);
  GString *s = g_string_new (NULL);
  gst_mnv2_json_append_string (s, raw);
  check_json (s->str);
  g_string_free (s, TRUE);
  gchar *label = mnv2_overlay_text_prepare (raw);
  if (!g_utf8_validate (label, -1, NULL) ||
      g_utf8_strlen (label, -1) > MNV2_MAX_LABEL_CHARS + 1)
    abort ();
  g_free (label);
  g_free (raw);
  return 0;
}
