/* Splitting a text (a labels file) into lines, in place. */
#ifndef MNV_TEXT_H
#define MNV_TEXT_H

#include <stddef.h>

/* An upper bound of the lines in TEXT (LEN bytes): newlines + 1. */
size_t mnv_text_line_count (const char *text, size_t len);

/* Splits TEXT (LEN bytes, writable, with a NUL at TEXT[LEN]) into LINES
 * (mnv_text_line_count entries): NULs replace the newlines and a "\r" before
 * them; a final newline does not add an empty line.  Returns the count. */
size_t mnv_text_split_lines (char *text, size_t len, char **lines);

#endif
