#include "mnv_text.h"

size_t
mnv_text_line_count (const char *text, size_t len)
{
  size_t lines = 1;
  for (size_t i = 0; i < len; i++)
    lines += text[i] == '\n';
  return lines;
}

size_t
mnv_text_split_lines (char *text, size_t len, char **lines)
{
  size_t n = 0;
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
