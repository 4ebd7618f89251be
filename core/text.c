#include "mnv_text.h"

size_t
mnv_text_line_count (const char *text, size_t len)
{
  size_t lines = 1;
  for (size_t i = 0; i < len; i++)
    lines += text[i] == '\n';
  return lines;
}

/* Length of the valid UTF-8 sequence at P (N bytes left), or 0. */
static size_t
utf8_sequence (const unsigned char *p, size_t n)
{
  const unsigned c = p[0];
  size_t len;
  unsigned cp, min;
  if (c < 0x80)
    return 1;
  if (c >= 0xc2 && c <= 0xdf) {
    len = 2;
    cp = c & 0x1f;
    min = 0x80;
  } else if (c >= 0xe0 && c <= 0xef) {
    len = 3;
    cp = c & 0x0f;
    min = 0x800;
  } else if (c >= 0xf0 && c <= 0xf4) {
    len = 4;
    cp = c & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (n < len)
    return 0;
  for (size_t i = 1; i < len; i++) {
    if ((p[i] & 0xc0) != 0x80)
      return 0;
    cp = cp << 6 | (p[i] & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  return len;
}

size_t
mnv_text_make_printable (char *text, size_t len, int keep_newlines)
{
  unsigned char *p = (unsigned char *) text;
  size_t changed = 0;
  for (size_t i = 0; i < len;) {
    const size_t n = utf8_sequence (p + i, len - i);
    if (n > 1) {
      i += n;
      continue;
    }
    const unsigned c = p[i];
    /* A carriage return stays only as part of a CRLF line end. */
    if (n == 1 &&
        ((c >= 0x20 && c != 0x7f) ||
            (keep_newlines &&
                (c == '\n' ||
                    (c == '\r' && i + 1 < len && p[i + 1] == '\n'))))) {
      i++;
      continue;
    }
    p[i++] = c == '\t' ? ' ' : '?';
    changed++;
  }
  return changed;
}

size_t
mnv_text_split_lines (char *text, size_t len, char **lines)
{
  size_t n = 0;
  mnv_text_make_printable (text, len, 1);
  char *line = text;
  for (size_t i = 0; i <= len; i++) {
    if (i == len || text[i] == '\n') {
      text[i] = '\0';
      if (i > 0 && text + i - 1 >= line && text[i - 1] == '\r')
        text[i - 1] = '\0';
      if (!(i == len && line == text + len))
        lines[n++] = line;
      line = text + i + 1;
    }
  }
  return n;
}
