/* csv_cells.h - checking and quoting a CSV cell's text, and reading a cell
 * as a number (csv_cells.c).  Internal to the dataset layer: dataset_csv.c
 * and dataset_columns.c. */
#ifndef MLLAB_CSV_CELLS_H
#define MLLAB_CSV_CELLS_H

#include <locale.h>
#include <stdbool.h>
#include <stddef.h>

/* Whether s[0..n) is well-formed UTF-8 (no overlong forms, no surrogates). */
bool csv_is_utf8(const char *s, size_t n);
/* A C0 control character or DEL. */
bool csv_is_control(unsigned char c);
/* UTF-8 text without control characters (tab and line breaks allowed). */
bool csv_is_clean_text(const char *s, size_t n);
/* A short printable rendering of a cell for messages: at most 40 bytes, cut
 * at a character boundary, control characters (and bytes >= 0x80 of text
 * that is not UTF-8) written as \xNN. */
void csv_quote_cell(char *out, size_t size, const char *s, size_t n);
/* csv_quote_cell for a NUL-terminated name; returns out. */
const char *csv_shown_name(char *out, size_t size, const char *name);
/* s[0..n) (NUL-terminated at n) as a finite number, white space around it
 * allowed: 0, or -1 with *why ("empty", "not a number", "not a finite
 * number"). */
int csv_parse_number(const char *s, size_t n, locale_t loc, double *out, const char **why);

#endif
