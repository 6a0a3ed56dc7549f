/* csv_cells.c - what the CSV reader checks and shows of a cell's text
 * (csv_cells.h): well-formed UTF-8 without control characters, a short
 * printable quotation for messages, and a strict finite number. */
#include "csv_cells.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether s[0..n) is well-formed UTF-8 (no overlong forms, no surrogates). */
bool csv_is_utf8(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned char c = u[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        int len;
        uint32_t cp;
        if (c >= 0xc2 && c <= 0xdf) {
            len = 2;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            len = 3;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + (size_t)len > n)
            return false;
        for (int k = 1; k < len; k++) {
            if ((u[i + k] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (u[i + k] & 0x3f);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
            return false;
        i += (size_t)len;
    }
    return true;
}

bool csv_is_control(unsigned char c)
{
    return c < 0x20 || c == 0x7f;
}

/* Whether s[0..n) is UTF-8 text without control characters (tab and line
 * breaks, which quoted fields may hold, are allowed). */
bool csv_is_clean_text(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (csv_is_control(c) && c != '\t' && c != '\n' && c != '\r')
            return false;
    }
    return csv_is_utf8(s, n);
}

/* A short printable rendering of a cell or a name for messages: at most 40
 * bytes (cut at a character boundary), control characters written as \xNN,
 * and every byte >= 0x80 too unless the text is valid UTF-8. */
void csv_quote_cell(char *out, size_t size, const char *s, size_t n)
{
    bool utf8 = csv_is_utf8(s, n);
    size_t shown = n > 40 ? 40 : n;
    if (utf8)
        while (shown > 0 && shown < n && ((unsigned char)s[shown] & 0xc0) == 0x80)
            shown--;
    size_t o = 0;
    for (size_t i = 0; i < shown && o + 5 < size; i++) {
        unsigned char c = (unsigned char)s[i];
        if (csv_is_control(c) || (c >= 0x80 && !utf8)) {
            snprintf(out + o, size - o, "\\x%02x", c);
            o += 4;
        } else {
            out[o++] = (char)c;
        }
    }
    if (shown < n && o + 4 < size) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
}

/* quote_cell for a NUL-terminated name. */
const char *csv_shown_name(char *out, size_t size, const char *name)
{
    csv_quote_cell(out, size, name, strlen(name));
    return out;
}

/* Parse s[0..n) (NUL-terminated at n) as a finite number; surrounding
 * white space is allowed.  0 on success, else -1 with *why set. */
int csv_parse_number(const char *s, size_t n, locale_t loc, double *out, const char **why)
{
    const char *end = s + n;
    const char *p = s;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    if (p == end) {
        *why = "empty";
        return -1;
    }
    char *stop;
    errno = 0;
    double v = strtod_l(p, &stop, loc);
    if (stop == p) {
        *why = "not a number";
        return -1;
    }
    while (stop < end && (*stop == ' ' || *stop == '\t' || *stop == '\r' || *stop == '\n'))
        stop++;
    if (stop != end) {
        *why = "not a number";
        return -1;
    }
    if (!isfinite(v)) {
        *why = "not a finite number";
        return -1;
    }
    *out = v;
    return 0;
}

