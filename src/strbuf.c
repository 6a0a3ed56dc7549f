/* strbuf.c - growable text buffer and JSON writing helpers (see strbuf.h). */
#include "strbuf.h"

#include <math.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool sb_reserve(StrBuf *sb, size_t extra)
{
    if (sb->failed)
        return false;
    size_t need = sb->len + extra + 1;
    if (need <= sb->cap)
        return true;
    size_t cap = sb->cap ? sb->cap : 256;
    while (cap < need)
        cap *= 2;
    char *s = realloc(sb->s, cap);
    if (!s) {
        sb->failed = true;
        return false;
    }
    sb->s = s;
    sb->cap = cap;
    return true;
}

void sb_free(StrBuf *sb)
{
    free(sb->s);
    sb->s = NULL;
    sb->len = sb->cap = 0;
    sb->failed = false;
}

void sb_reset(StrBuf *sb)
{
    sb->len = 0;
    if (sb->s)
        sb->s[0] = '\0';
}

void sb_append_n(StrBuf *sb, const char *s, size_t n)
{
    if (!sb_reserve(sb, n))
        return;
    memcpy(sb->s + sb->len, s, n);
    sb->len += n;
    sb->s[sb->len] = '\0';
}

void sb_append(StrBuf *sb, const char *s)
{
    sb_append_n(sb, s, strlen(s));
}

void sb_printf(StrBuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        sb_append_n(sb, small, (size_t)n);
        return;
    }
    if (!sb_reserve(sb, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

const char *sb_str(const StrBuf *sb)
{
    return sb->s && !sb->failed ? sb->s : "";
}

bool str_hidden_cp(unsigned long cp)
{
    if (cp < 0x20)
        return cp != '\t' && cp != '\n' && cp != '\r';
    return (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

/* The code point U+2000-U+2FFF of the three bytes at s (s[0] is 0xe2), or
 * -1 when they are not valid UTF-8. */
static long u2000_at(const unsigned char *s)
{
    if (s[1] < 0x80 || s[1] > 0xbf || s[2] < 0x80 || s[2] > 0xbf)
        return -1;
    return 0x2000L | (long)(s[1] & 0x3f) << 6 | (long)(s[2] & 0x3f);
}

/* The code point of a hidden or reordering character at s (its UTF-8 length
 * in *len), or -1 for an ordinary byte. */
static long hidden_at(const unsigned char *s, int *len)
{
    *len = 1;
    if (s[0] < 0x80)
        return str_hidden_cp(s[0]) ? s[0] : -1;
    if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f) {
        *len = 2;
        return s[1];
    }
    long cp = s[0] == 0xe2 ? u2000_at(s) : -1;
    if (cp < 0 || !str_hidden_cp((unsigned long)cp))
        return -1;
    *len = 3;
    return cp;
}

void sb_json_string(StrBuf *sb, const char *s)
{
    sb_append(sb, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': sb_append(sb, "\\\""); break;
        case '\\': sb_append(sb, "\\\\"); break;
        case '\n': sb_append(sb, "\\n"); break;
        case '\r': sb_append(sb, "\\r"); break;
        case '\t': sb_append(sb, "\\t"); break;
        default: {
            /* controls, DEL, C1 and bidi overrides escaped: a report printed on
             * a terminal cannot drive it (the same text when parsed) */
            int len;
            long cp = hidden_at(p, &len);
            if (cp >= 0)
                sb_printf(sb, "\\u%04lx", (unsigned long)cp);
            else
                sb_append_n(sb, (const char *)p, 1);
            p += len - 1;
        }
        }
    }
    sb_append(sb, "\"");
}

void sb_json_double(StrBuf *sb, double v)
{
    if (!isfinite(v)) {
        sb_append(sb, "null");
        return;
    }
    /* Shortest representation that reads back to the same double. */
    char buf[40];
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    sb_append(sb, buf);
}

static void json_float(StrBuf *sb, float v)
{
    if (!isfinite(v)) {
        sb_append(sb, "null");
        return;
    }
    char buf[32];
    for (int prec = 6; prec <= 9; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, (double)v);
        if (strtof(buf, NULL) == v)
            break;
    }
    sb_append(sb, buf);
}

void sb_json_float_array(StrBuf *sb, const float *v, int n)
{
    sb_append(sb, "[");
    for (int i = 0; i < n; i++) {
        if (i)
            sb_append(sb, ",");
        json_float(sb, v[i]);
    }
    sb_append(sb, "]");
}

void sb_json_double_array(StrBuf *sb, const double *v, int n)
{
    sb_append(sb, "[");
    for (int i = 0; i < n; i++) {
        if (i)
            sb_append(sb, ",");
        sb_json_double(sb, v[i]);
    }
    sb_append(sb, "]");
}

void sb_json_int_array(StrBuf *sb, const int *v, int n)
{
    sb_append(sb, "[");
    for (int i = 0; i < n; i++)
        sb_printf(sb, i ? ",%d" : "%d", v[i]);
    sb_append(sb, "]");
}

void sb_json_float_matrix(StrBuf *sb, const float *v, int rows, int cols)
{
    sb_append(sb, "[");
    for (int i = 0; i < rows; i++) {
        if (i)
            sb_append(sb, ",");
        sb_json_float_array(sb, v + (size_t)i * (size_t)cols, cols);
    }
    sb_append(sb, "]");
}

char *str_visible(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(6 * n + 1), *o = out; /* each byte at most "\uXXXX" */
    if (!out)
        return NULL;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        int len;
        long cp = hidden_at(p, &len);
        if (cp < 0)
            *o++ = (char)*p;
        else
            o += sprintf(o, "\\u%04lx", (unsigned long)cp);
        p += len;
    }
    *o = '\0';
    return out;
}
