/* Splitting a text (a labels file) into lines, in place. */
#ifndef MNV_TEXT_H
#define MNV_TEXT_H

#include <stddef.h>

/* An upper bound of the lines in TEXT (LEN bytes): newlines + 1. */
size_t mnv_text_line_count (const char *text, size_t len);

/* Splits TEXT (LEN bytes, writable, with a NUL at TEXT[LEN]) into LINES
 * (mnv_text_line_count entries): NULs replace the newlines and a "\r" before
 * them; a final newline does not add an empty line.  Returns the count.
 * The lines are made printable UTF-8 in place (mnv_text_make_printable):
 * labels go to Pango, JSON and terminals, whatever their file held. */
size_t mnv_text_split_lines (char *text, size_t len, char **lines);

/* Rewrites TEXT (LEN bytes) in place so that it is valid UTF-8 without
 * control characters: a tab becomes a space, every other control
 * character, and every byte that does not start a valid UTF-8 sequence
 * (Latin-1, truncated, overlong, surrogate), becomes '?'.  Newlines and
 * the carriage returns of CRLF line ends stay when KEEP_NEWLINES.  Returns
 * how many bytes changed. */
size_t mnv_text_make_printable (char *text, size_t len, int keep_newlines);

#endif
