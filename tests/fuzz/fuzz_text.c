/* libFuzzer target: labels text (core/text.c), what a labels file or a
 * model's metadata holds, any bytes.  The lines must come out as valid
 * UTF-8 without control characters (checked here with a decoder of our
 * own), their count within mnv_text_line_count. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mnv_text.h"

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

/* Whether S is valid UTF-8 (shortest forms, no surrogates, <= U+10FFFF)
 * with no control character. */
static int
printable_utf8 (const unsigned char *s)
{
  while (*s) {
    const unsigned c = *s;
    int len;
    unsigned cp;
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f)
        return 0;
      s++;
      continue;
    }
    if ((c & 0xe0) == 0xc0) {
      len = 2;
      cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3;
      cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return 0;
    }
    for (int i = 1; i < len; i++) {
      if ((s[i] & 0xc0) != 0x80)
        return 0;
      cp = cp << 6 | (s[i] & 0x3f);
    }
    static const unsigned min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (cp < min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      return 0;
    s += len;
  }
  return 1;
}

int
LLVMFuzzerTestOneInput (const unsigned char *data, size_t size)
{
  char *text = malloc (size + 1);
  memcpy (text, data, size);
  text[size] = '\0';
  const size_t bound = mnv_text_line_count (text, size);
  char **lines = malloc (bound * sizeof *lines);
  const size_t n = mnv_text_split_lines (text, size, lines);
  if (n > bound)
    abort ();
  for (size_t i = 0; i < n; i++)
    if (!printable_utf8 ((const unsigned char *) lines[i]))
      abort ();
  free (lines);
  free (text);
  return 0;
}
