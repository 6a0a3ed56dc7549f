/* strbuf.h - a growable text buffer, and helpers to write JSON into one.
 *
 * Library code that produces text (reports, JSON, plots) appends to a StrBuf;
 * the front end decides where it goes.  Allocation failure is sticky: the
 * buffer stops growing and sb->failed is set. */
#ifndef MLLAB_STRBUF_H
#define MLLAB_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct StrBuf {
    char *s;      /* always NUL-terminated once anything was appended */
    size_t len, cap;
    bool failed;
} StrBuf;

#define STRBUF_INIT { NULL, 0, 0, false }

void sb_free(StrBuf *sb);
void sb_reset(StrBuf *sb);                 /* len = 0, keep storage */
void sb_append(StrBuf *sb, const char *s);
void sb_append_n(StrBuf *sb, const char *s, size_t n);
void sb_printf(StrBuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *sb_str(const StrBuf *sb);      /* "" when empty */

/* JSON pieces.  Numbers: non-finite values are written as null; floats use
 * the shortest %.9g / doubles %.17g that round-trip. */
void sb_json_string(StrBuf *sb, const char *s); /* quoted and escaped */
/* A malloc'd copy of s safe to show on a terminal: C0 controls (but tab
 * and line breaks, which tables draw as spaces),
 * DEL, the C1 controls U+0080-U+009F (U+009B is a CSI that starts escape
 * sequences) and the bidi overrides and isolates U+202A-U+202E,
 * U+2066-U+2069 (which reorder the text after them) become "\u009b"-style
 * text; everything else is kept.  NULL when out of memory. */
char *str_visible(const char *s);
/* Whether str_visible escapes the code point cp (the canvas, which draws
 * every text of the TUI, escapes the same ones; tab and line breaks are not
 * hidden here). */
bool str_hidden_cp(unsigned long cp);
void sb_json_double(StrBuf *sb, double v);
void sb_json_float_array(StrBuf *sb, const float *v, int n);
void sb_json_double_array(StrBuf *sb, const double *v, int n);
void sb_json_int_array(StrBuf *sb, const int *v, int n);
/* rows x cols row-major floats as [[...],[...]] */
void sb_json_float_matrix(StrBuf *sb, const float *v, int rows, int cols);

#endif
